"""Demo data for national reporting: the shipped meetings and cycles, recorded submissions
for past cycles so the figures and charts show something, and a planned BMS9 with an open
reporting cycle. Labelled demo data in docs/reporting.md; idempotent."""

import hashlib
import json
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from smallarms.audit.context import acting_as
from smallarms.states.models import State

from .choices import MeetingKind, ReportStatus, SubmissionSource
from .models import Answer, Meeting, Report, ReportingCycle, ReportTemplate, Submission
from .services import meetings
from .services.reports import refresh_search_text
from .services.templates import load_shipped_templates

# States that reported per cycle. BMS4 (105) and BMS5 (68) are the published figures
# (shared/reference/iti-and-poa.md); the others are invented, plausible numbers.
DEMO_SUBMISSIONS = {
    "BMS4": 105,
    "RevCon2": 82,
    "BMS5": 68,
    "BMS6": 102,
    "RevCon3": 93,
    "BMS7": 88,
    "BMS8": 81,
    "RevCon4": 90,
}
DEMO_NOTE = "demo data"

# Titles of the demo's planned BMS9, in the six languages like the shipped meetings.
with (meetings.DATA_DIR / "demo_meetings.json").open(encoding="utf-8") as _handle:
    BMS9_TITLES = json.load(_handle)["BMS9"]["titles"]


def demo_states(code: str, count: int, iso3s: list[str]) -> list[str]:
    """A deterministic, different-looking selection of ``count`` Member States per cycle."""
    return sorted(iso3s, key=lambda iso3: hashlib.sha256(f"{code}:{iso3}".encode()).digest())[
        :count
    ]


def _planned_bms9(today: date):
    """BMS9 as a planned meeting with placeholder dates, its cycle open today. Created once;
    a later run leaves it (and any change the secretariat made) alone."""
    meeting = Meeting.objects.filter(kind=MeetingKind.BIENNIAL_MEETING, number=9).first()
    if meeting is None:
        meeting = meetings.create_meeting(
            acting_user=None,
            kind=MeetingKind.BIENNIAL_MEETING,
            number=9,
            titles=BMS9_TITLES,
            starts_on=today + timedelta(days=150),
            ends_on=today + timedelta(days=154),
            venue="New York",
            note="Demo: a planned meeting with placeholder dates.",
        )
    if not ReportingCycle.objects.filter(meeting=meeting).exists():
        meetings.create_cycle(
            acting_user=None,
            meeting=meeting,
            opens_on=today - timedelta(days=20),
            closes_on=today + timedelta(days=60),
            note="Demo: placeholder dates, open while the demo runs.",
        )


DEMO_ANSWERS = {
    # A plausible, invented report: what a State's answers look like, not any State's.
    "SEN": ("fr", "Commission nationale de lutte contre la prolifération des armes légères"),
    "KEN": ("en", "Kenya National Focal Point on Small Arms and Light Weapons"),
    "PER": ("es", "Comisión Nacional de Armas Pequeñas y Ligeras"),
}


def _demo_reports():
    """The standard template on BMS8 and the open BMS9 cycle, and published BMS8 reports of
    three demo States, so that the public database, prefill and comparison have data."""
    template = ReportTemplate.objects.filter(code="poa-iti").order_by("version").first()
    if template is None:
        return
    for code in ("BMS8", "BMS9"):
        cycle = meetings.find_cycle(code)
        if cycle is not None and cycle.template_id is None:
            cycle.template = template
            cycle.save(update_fields=["template"])
    bms8 = meetings.find_cycle("BMS8")
    if bms8 is None:
        return
    questions = {q.code: q for q in template.questions.all()}
    closing = datetime.combine(bms8.closes_on, time(12), tzinfo=UTC)
    for iso3, (language, body) in DEMO_ANSWERS.items():
        state = State.objects.get(iso3=iso3)
        if Report.objects.filter(state=state, cycle=bms8).exists():
            continue
        report = Report.objects.create(
            state=state,
            cycle=bms8,
            template=template,
            language=language,
            status=ReportStatus.PUBLISHED,
            # Submitted by the closing date and published then: what happened in that cycle.
            submitted_at=closing,
            published_at=closing,
        )
        for question in questions.values():
            if question.answer_type == "yes_no_na":
                value = "yes"
            elif question.answer_type == "text" and question == _first_text(questions):
                value = body
            else:
                continue
            Answer.objects.create(report=report, question=question, value=value, language=language)
        refresh_search_text(report)
        Submission.objects.get_or_create(
            cycle=bms8,
            state=state,
            defaults={"source": SubmissionSource.SYSTEM, "note": DEMO_NOTE},
        )


def _first_text(questions):
    return next(q for q in questions.values() if q.answer_type == "text")


@transaction.atomic
def load_demo_data(today: date | None = None):
    today = today or timezone.localdate()
    meetings.load_meetings()
    load_shipped_templates()
    with acting_as(None):
        _planned_bms9(today)
        members = list(State.objects.members().values_list("iso3", flat=True))
        states = State.objects.in_bulk(members, field_name="iso3")
        for code, count in DEMO_SUBMISSIONS.items():
            cycle = meetings.find_cycle(code)
            if cycle is None or cycle.submissions.exists():
                continue  # a cycle with submissions already is left as it is
            for iso3 in demo_states(code, count, members):
                submission = Submission(
                    cycle=cycle,
                    state=states[iso3],
                    source=SubmissionSource.RECORDED,
                    note=DEMO_NOTE,
                )
                submission.full_clean()
                submission.save()
        _demo_reports()
