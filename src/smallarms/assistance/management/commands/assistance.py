"""``smallarms assistance recompute-candidates``: rebuild the stored candidates of every
open need and offer (after exchange rates or the theme taxonomy changed, or nightly)."""

import json
import time

from django.core.management.base import BaseCommand

from smallarms.assistance.services import matching


class Command(BaseCommand):
    help = "International cooperation and assistance: matching candidates."

    def add_arguments(self, parser):
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="{recompute-candidates}")
        verbs.add_parser(
            "recompute-candidates",
            help=(
                "Score every open need against every open offer and store the best "
                "candidates of each, replacing the stored ones. Prints "
                '{"candidates", "seconds"}.'
            ),
        )

    def handle(self, *args, verb, **options):
        return getattr(self, "handle_" + verb.replace("-", "_"))(**options)

    def handle_recompute_candidates(self, **options):
        started = time.perf_counter()
        count = matching.recompute_all()
        seconds = round(time.perf_counter() - started, 2)
        self.stdout.write(json.dumps({"candidates": count, "seconds": seconds}))
