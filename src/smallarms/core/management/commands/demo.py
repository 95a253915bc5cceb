"""``smallarms demo``: a working system with demo data on the configured database.

Idempotent: run it twice and the second run changes nothing and duplicates nothing.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from smallarms.core.demo import DEMO_PASSWORD, load_demo_data


class Command(BaseCommand):
    help = "Set up the database (as setup does), add the demo data, print the demo accounts, serve."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--no-serve", action="store_true", help="Prepare the database and exit."
        )

    def handle(self, *args, host, port, no_serve, **options):
        database = settings.DATABASES["default"]
        self.stdout.write(f"Database: {connection.vendor} {database['NAME']}")
        call_command("setup", stdout=self.stdout)
        accounts = load_demo_data()
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for account in accounts:
            self.stdout.write(f"  {account.email:<40} {account.description}")
        self.stdout.write("")
        if no_serve:
            self.stdout.write(f"Ready. Start the server with: smallarms demo --port {port}")
            return
        self.stdout.write(f"Open http://{host}:{port}/ in your browser.")
        call_command("serve", host=host, port=port, no_collectstatic=settings.DEBUG)
