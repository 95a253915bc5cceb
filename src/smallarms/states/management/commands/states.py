"""``smallarms states resolve | list | load``: State reference data from the command line."""

import json
import sys

from django.core.management.base import CommandError

from smallarms.core.management.verbs import VerbCommand
from smallarms.states import reference
from smallarms.states.resolver import default_resolver
from smallarms.states.services import load_reference_data


class Command(VerbCommand):
    help = "Resolve State names, list the States, or load the reference data into the database."
    requires_system_checks = []

    verbs = {
        "resolve": (
            "Read State names one per line on standard input; write one JSON object per line: "
            "input, iso3 and English short name (null when not resolved). Exit 1 when any "
            "name did not resolve; those are listed on standard error."
        ),
        "list": "List the 195 States.",
        "load": "Load the shipped reference data (idempotent).",
    }

    def add_verb_arguments(self, verb, parser):
        if verb == "list":
            parser.add_argument(
                "--json", action="store_true", help="One JSON object per line (the only format)."
            )

    def handle_resolve(self, **options):
        resolver = default_resolver()
        english = {s["iso3"]: s["names"]["en"]["short"] for s in reference.states()}
        unresolved = []
        for line in sys.stdin:
            name = line.rstrip("\r\n")
            result = resolver.resolve(name)
            if not result.resolved:
                unresolved.append(result)
            record = {
                "input": name,
                "iso3": result.iso3,
                "name": english[result.iso3] if result.resolved else None,
            }
            self.stdout.write(json.dumps(record, ensure_ascii=False))
        if unresolved:
            self.stderr.write(f"{len(unresolved)} name(s) not resolved:")
            for result in unresolved:
                self.stderr.write(f"  {result.input!r} ({result.reason})")
            sys.exit(1)

    def handle_list(self, **options):
        if not options["json"]:
            raise CommandError("Only --json output is available: smallarms states list --json")
        for state in reference.states():
            self.stdout.write(json.dumps(reference.state_summary(state), ensure_ascii=False))

    def handle_load(self, **options):
        summary = load_reference_data()
        if not summary.changed:
            self.stdout.write("Reference data already up to date.")
            return
        for label, bucket in (
            ("created", summary.created),
            ("updated", summary.updated),
            ("deleted", summary.deleted),
        ):
            for kind, count in sorted(bucket.items()):
                self.stdout.write(f"{kind}: {count} {label}")
