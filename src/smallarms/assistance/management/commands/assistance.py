"""``smallarms assistance recompute-candidates``: rebuild the stored candidates of every
open need and offer (after exchange rates or the theme taxonomy changed, or nightly)."""

import json
import time

from smallarms.assistance.services import matching
from smallarms.core.management.verbs import VerbCommand


class Command(VerbCommand):
    help = "International cooperation and assistance: matching candidates."

    verbs = {
        "recompute-candidates": (
            "Score every open need against every open offer and store the best candidates "
            'of each, replacing the stored ones. Prints {"candidates", "seconds"}.'
        ),
    }

    def handle_recompute_candidates(self, **options):
        started = time.perf_counter()
        count = matching.recompute_all()
        seconds = round(time.perf_counter() - started, 2)
        self.stdout.write(json.dumps({"candidates": count, "seconds": seconds}))
