"""Writes to meetings, reporting cycles and submissions. Every function takes the acting
person keyword-only, runs in one transaction, validates with ``full_clean`` and leaves its
audit record in that transaction (automatic change entries, plus domain events)."""

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from django.db import transaction

from smallarms.audit.choices import Event
from smallarms.audit.context import acting_as
from smallarms.audit.services import record
from smallarms.core.shipped import LoadSummary, sync
from smallarms.states.models import State
from smallarms.states.resolver import resolve

from ..choices import SubmissionSource
from ..models import Meeting, ReportingCycle, Submission

DATA_DIR = Path(__file__).resolve().parents[1] / "data"

MEETING_FIELDS = (
    "kind",
    "number",
    "titles",
    "starts_on",
    "ends_on",
    "venue",
    "chair_name",
    "chair_state",
    "note",
)
CYCLE_FIELDS = ("meeting", "opens_on", "closes_on", "template", "dates_approximate", "note")


@cache
def shipped_meetings() -> tuple[dict, ...]:
    """The meetings shipped in ``data/meetings.json`` (sources: docs/reporting.md)."""
    with (DATA_DIR / "meetings.json").open(encoding="utf-8") as handle:
        return tuple(json.load(handle))


def _apply(instance, values: dict) -> list[str]:
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    return changed


@transaction.atomic
def create_meeting(*, acting_user, **values) -> Meeting:
    with acting_as(acting_user):
        meeting = Meeting(**{name: values[name] for name in MEETING_FIELDS if name in values})
        meeting.full_clean()
        meeting.save()
    return meeting


@transaction.atomic
def update_meeting(*, acting_user, meeting: Meeting, **values) -> Meeting:
    with acting_as(acting_user):
        changed = _apply(meeting, {n: values[n] for n in MEETING_FIELDS if n in values})
        meeting.full_clean()
        if changed:
            meeting.save()
    return meeting


@transaction.atomic
def create_cycle(*, acting_user, **values) -> ReportingCycle:
    with acting_as(acting_user):
        cycle = ReportingCycle(**{name: values[name] for name in CYCLE_FIELDS if name in values})
        cycle.full_clean()
        cycle.save()
    return cycle


@transaction.atomic
def update_cycle(*, acting_user, cycle: ReportingCycle, **values) -> ReportingCycle:
    with acting_as(acting_user):
        changed = _apply(cycle, {n: values[n] for n in CYCLE_FIELDS if n in values})
        cycle.full_clean()
        if changed:
            cycle.save()
    return cycle


@transaction.atomic
def load_meetings(*, acting_user=None) -> LoadSummary:
    """Load the shipped meetings and their reporting cycles. Idempotent: a row is written
    only where the shipped data differs. Meetings the secretariat added are left alone."""
    summary = LoadSummary()
    states = {s.iso3: s for s in State.objects.all()}
    with acting_as(acting_user):
        for data in shipped_meetings():
            meeting = sync(
                Meeting,
                {"kind": data["kind"], "number": data["number"]},
                {
                    "titles": data["titles"],
                    "starts_on": date.fromisoformat(data["starts_on"]),
                    "ends_on": date.fromisoformat(data["ends_on"]),
                    "venue": data["venue"],
                    "chair_name": data["chair_name"],
                    "chair_state": states[data["chair_state"]] if data["chair_state"] else None,
                    "note": data["note"],
                },
                summary,
                "meetings",
            )
            cycle = data.get("reporting_cycle")
            if cycle:
                sync(
                    ReportingCycle,
                    {"meeting": meeting},
                    {
                        "opens_on": date.fromisoformat(cycle["opens_on"]),
                        "closes_on": date.fromisoformat(cycle["closes_on"]),
                        "dates_approximate": cycle["dates_approximate"],
                        "note": cycle["note"],
                    },
                    summary,
                    "reporting cycles",
                )
    return summary


def find_cycle(code: str) -> ReportingCycle | None:
    return (
        ReportingCycle.objects.select_related("meeting")
        .filter(meeting__code__iexact=code.strip())
        .first()
    )


@transaction.atomic
def record_submission(
    *, acting_user, cycle, state, source, submitted_on=None, note=""
) -> tuple[Submission, bool]:
    """Record that ``state`` submitted for ``cycle``; returns (submission, created).

    A second record for the same State and cycle changes nothing, except that a submission
    made in the system takes the place of a recorded one (the report is the better record).
    """
    with acting_as(acting_user):
        submission = Submission.objects.filter(cycle=cycle, state=state).first()
        if submission is None:
            submission = Submission(
                cycle=cycle, state=state, source=source, submitted_on=submitted_on, note=note
            )
            submission.full_clean()
            submission.save()
            return submission, True
        if source == SubmissionSource.SYSTEM and submission.source != SubmissionSource.SYSTEM:
            submission.source = source
            submission.submitted_on = submitted_on or submission.submitted_on
            submission.full_clean()
            submission.save()
        return submission, False


@dataclass
class ImportResult:
    cycle: str
    states: list[str] = field(default_factory=list)  # ISO3 of every State in the file
    created: int = 0
    unresolved: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        """``submitted`` counts every State in the file, so importing the same file again
        prints the same summary (and records nothing)."""
        return {"cycle": self.cycle, "submitted": len(self.states), "unresolved": self.unresolved}


def read_names(text: str) -> list[str]:
    """One State name per line; surrounding whitespace, blank lines and a BOM ignored."""
    return [line.strip() for line in text.lstrip("\ufeff").splitlines() if line.strip()]


@transaction.atomic
def import_submissions(*, acting_user, cycle: ReportingCycle, names: list[str], source_name=""):
    """Record a submission for each named State, or nothing at all when any name does not
    resolve to exactly one State (all-or-nothing, DESIGN.md)."""
    result = ImportResult(cycle=cycle.code)
    found: dict[str, None] = {}
    for name in names:
        resolution = resolve(name)
        if resolution.resolved:
            found.setdefault(resolution.iso3)
        elif name not in result.unresolved:
            result.unresolved.append(name)
    if result.unresolved:
        return result
    result.states = list(found)
    states = State.objects.in_bulk(result.states, field_name="iso3")
    with acting_as(acting_user):
        for iso3 in result.states:
            _submission, created = record_submission(
                acting_user=acting_user,
                cycle=cycle,
                state=states[iso3],
                source=SubmissionSource.RECORDED,
                note=f"imported from {source_name}" if source_name else "imported",
            )
            result.created += created
        if result.created:
            record(
                Event.SUBMISSIONS_IMPORTED,
                obj=cycle,
                data={
                    "cycle": cycle.code,
                    "file": source_name,
                    "states": len(result.states),
                    "recorded": result.created,
                },
            )
    return result
