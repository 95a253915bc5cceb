"""``smallarms reporting load-meetings | import-submissions | submission-stats |
send-notifications``: meetings, reporting cycles and submissions from the command line."""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone

from smallarms.core.management.verbs import VerbCommand
from smallarms.reporting import notifications, statistics
from smallarms.reporting.services import meetings


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


class Command(VerbCommand):
    help = "Meetings, reporting cycles, historical submissions, figures and notifications."

    verbs = {
        "load-meetings": "Load the shipped meetings and reporting cycles (idempotent).",
        "load-templates": (
            "Load the shipped report templates (idempotent; a version in use never changes)."
        ),
        "import-submissions": (
            "Record a submission for each State named in FILE (one name per line, any UN "
            "spelling). Refuses the whole file, and exits 1, when a name does not resolve. "
            'Prints {"cycle", "submitted", "unresolved"}.'
        ),
        "submission-stats": "Print the submission figures of a cycle as one JSON object.",
        "send-notifications": (
            "Queue the e-mails due today: cycle opened, and reminders before the closing date. "
            "Run it daily; a second run the same day sends nothing twice."
        ),
    }

    def add_verb_arguments(self, verb, parser):
        if verb in ("import-submissions", "submission-stats"):
            parser.add_argument("--cycle", required=True, help="The cycle's code, e.g. BMS4.")
        if verb == "import-submissions":
            parser.add_argument("file", help="UTF-8 text file, one State name per line.")
        if verb == "send-notifications":
            parser.add_argument(
                "--date", type=date.fromisoformat, help="Act as on this day (YYYY-MM-DD)."
            )

    def _cycle(self, code):
        cycle = meetings.find_cycle(code)
        if cycle is None:
            raise CommandError(f"No reporting cycle {code!r}.")
        return cycle

    def handle_load_meetings(self, **options):
        summary = meetings.load_meetings()
        if not summary.changed:
            self.stdout.write("Meetings already up to date.")
            return
        for label, bucket in (("created", summary.created), ("updated", summary.updated)):
            for kind, count in sorted(bucket.items()):
                self.stdout.write(f"{kind}: {count} {label}")

    def handle_load_templates(self, **options):
        from smallarms.reporting.services.templates import load_shipped_templates

        for template, written in load_shipped_templates():
            state = "loaded" if written else "already up to date"
            self.stdout.write(f"template {template.code} v{template.version}: {state}")

    def handle_import_submissions(self, *, cycle, file, **options):
        cycle = self._cycle(cycle)
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        result = meetings.import_submissions(
            acting_user=None,
            cycle=cycle,
            names=meetings.read_names(text),
            source_name=path.name,
        )
        self.stdout.write(_json(result.summary()))
        if result.unresolved:
            self.stderr.write(
                f"{len(result.unresolved)} name(s) not resolved; nothing was recorded:"
            )
            for name in result.unresolved:
                self.stderr.write(f"  {name!r}")
            raise CommandError("The file was refused.", returncode=1)
        self.stderr.write(
            f"{result.created} newly recorded, "
            f"{len(result.states) - result.created} already recorded."
        )

    def handle_submission_stats(self, *, cycle, **options):
        self.stdout.write(_json(statistics.cycle_stats(self._cycle(cycle))))

    def handle_send_notifications(self, *, date=None, **options):
        queued = notifications.queue_notifications(today=date)
        self.stdout.write(_json(queued.summary(date or _today())))


def _today():
    return timezone.localdate()
