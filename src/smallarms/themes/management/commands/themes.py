"""``smallarms themes load``: the shared theme taxonomy."""

from django.core.management.base import BaseCommand

from smallarms.themes.services import load_themes


class Command(BaseCommand):
    help = "Load the shipped theme taxonomy (idempotent)."

    def add_arguments(self, parser):
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="{load}")
        verbs.add_parser("load", help="Load the shipped themes.")

    def handle(self, *args, verb, **options):
        counts = load_themes()
        if not any(counts.values()):
            self.stdout.write("Themes already up to date.")
            return
        self.stdout.write(f"themes: {counts['created']} created, {counts['updated']} updated")
