"""``smallarms audit verify``: recompute the hash chain of the audit trail."""

import sys

from smallarms.audit import chain
from smallarms.audit.models import Entry
from smallarms.core.management.verbs import VerbCommand


class Command(VerbCommand):
    help = "Check the audit trail."
    requires_system_checks = []

    verbs = {
        "verify": (
            "Recompute the hash chain. Exit 0 when it is intact (printing the number of "
            "entries and the hash of the last one); exit 1 naming the first entry that was "
            "altered, removed or reordered."
        ),
    }

    def handle_verify(self, **options):
        entries = Entry.objects.order_by("sequence").iterator(chunk_size=2000)
        try:
            result = chain.check(entries)
        finally:
            entries.close()  # release the cursor before a possible exit on a broken chain
        if result.broken:
            self.stderr.write(
                f"Audit trail broken at entry {result.broken.sequence}: {result.broken.reason}."
            )
            self.stderr.write(f"{result.count} entries before it are intact.")
            sys.exit(1)
        self.stdout.write(f"Audit trail intact: {result.count} entries.")
        if result.last_sequence is not None:
            # Note this down elsewhere: it is what shows that no entry was cut off the end.
            self.stdout.write(f"Last entry: {result.last_sequence} {result.last_hash}")
