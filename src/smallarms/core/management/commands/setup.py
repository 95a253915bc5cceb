"""``smallarms setup``: a database ready for use — migrated, with everything the project
ships loaded. Idempotent: run it at installation and at every upgrade."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Migrate the database and load everything that ships: the reference data, the "
        "themes, the meetings and reporting cycles, the report templates (idempotent; run it "
        "at installation and at every upgrade)."
    )

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database migrated.")
        call_command("states", "load", stdout=self.stdout)
        call_command("themes", "load", stdout=self.stdout)
        call_command("reporting", "load-meetings", stdout=self.stdout)
        call_command("reporting", "load-templates", stdout=self.stdout)
