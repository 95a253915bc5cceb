"""``smallarms themes load``: the shared theme taxonomy."""

from smallarms.core.management.verbs import VerbCommand
from smallarms.themes.services import load_themes


class Command(VerbCommand):
    help = "Load the shipped theme taxonomy (idempotent)."

    verbs = {"load": "Load the shipped themes."}

    def handle_load(self, **options):
        counts = load_themes()
        if not any(counts.values()):
            self.stdout.write("Themes already up to date.")
            return
        self.stdout.write(f"themes: {counts['created']} created, {counts['updated']} updated")
