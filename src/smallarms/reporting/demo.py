"""Demo data for national reporting: the shipped meetings and cycles, recorded submissions
for past cycles so the figures and charts show something, a planned BMS9 with an open
reporting cycle, and reports under way in it that are not public (a draft with restricted
content, a report waiting for review). Labelled demo data in docs/reporting.md; idempotent."""

import hashlib
import json
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from smallarms.audit.context import acting_as
from smallarms.states.models import State

from .choices import MeetingKind, ReportStatus, SubmissionSource
from .models import Answer, Meeting, Report, ReportingCycle, ReportTemplate, Submission
from .services import meetings, reports
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


def demo_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with ``title`` and ``lines`` (ASCII, Helvetica): the demo's attached
    documents, invented and small enough to write here rather than ship."""

    def text(value):
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    rows = [f"BT /F1 16 Tf 72 760 Td ({text(title)}) Tj ET"]
    rows += [
        f"BT /F1 11 Tf 72 {730 - 18 * number} Td ({text(line)}) Tj ET"
        for number, line in enumerate(lines)
    ]
    stream = "\n".join(rows).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        table,
    )
    return pdf


def _answer(report, code, value, *, by, language, restricted=False):
    question = report.template.questions.get(code=code)
    answer = report.answers.filter(question=question).first()
    return reports.save_answer(
        acting_user=by,
        report=report,
        question=question,
        raw=value,
        base_revision=answer.revision if answer else 0,
        language=language,
        restricted=restricted,
    )


# Kyrgyzstan's BMS9 report, submitted and waiting for the secretariat: its required answers,
# in Russian (invented, like everything here).
KYRGYZ_REQUIRED = (
    "GEN-04", "GEN-09", "MAN-01", "MRK-01", "REC-01", "TRF-01", "BRK-01", "STK-01", "SUR-01",
    "COL-01", "CRM-01", "DDR-01", "AWR-01", "GND-01", "CHY-01", "ITM-01", "ITR-01", "ITR-02",
)  # fmt: skip
KYRGYZ_ANSWERS = {
    **dict.fromkeys(KYRGYZ_REQUIRED, "yes"),
    "MAN-02": "Закон Кыргызской Республики «Об оружии» (демонстрационный ответ).",
    "STK-10": "Не хватает сейфов для хранения оружия в отдаленных районах (демонстрация).",
}


def load_reports_under_way():
    """Reports that are not public, for the open demo cycle: Kenya's draft (prefilled from
    its BMS8 report, with a restricted answer and a restricted attachment) and Kyrgyzstan's
    report, submitted and waiting for the secretariat's review. After the directory is
    loaded, since a new report takes its points of contact from it. Each is made once, and
    only while the cycle is open."""
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from smallarms.accounts.models import User

    cycle = meetings.find_cycle("BMS9")
    if cycle is None or cycle.template_id is None:
        return
    drafters = {
        "KEN": User.objects.filter(email="npc.kenya@demo.smallarms.example").first(),
        "KGZ": User.objects.filter(email="npc.kyrgyzstan@demo.smallarms.example").first(),
    }
    for iso3, user in drafters.items():
        state = State.objects.get(iso3=iso3)
        if user is None or Report.objects.filter(state=state, cycle=cycle).exists():
            continue
        language = "en" if iso3 == "KEN" else "ru"
        try:
            report = reports.start_report(
                acting_user=user, state=state, cycle=cycle, language=language
            )
        except ValidationError:
            return  # the demo cycle is closed: nothing to start any more
        if iso3 == "KEN":
            _answer(
                report,
                "STK-10",
                "Two regional armouries still lack intrusion alarms; the last inventory found "
                "37 rifles unaccounted for, under investigation. (Invented demo text.)",
                by=user,
                language=language,
                restricted=True,
            )
            document = demo_pdf(
                "Draft National Action Plan 2026-2030",
                ["Demonstration document: invented, not a real plan.", "Restricted: officials."],
            )
            reports.add_attachment(
                acting_user=user,
                report=report,
                question=report.template.questions.get(code="GEN-11"),
                upload=SimpleUploadedFile("draft-national-action-plan.pdf", document),
                restricted=True,
            )
        else:
            for code, value in KYRGYZ_ANSWERS.items():
                _answer(report, code, value, by=user, language=language)
            reports.submit_report(acting_user=user, report=report)


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
