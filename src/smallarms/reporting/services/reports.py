"""Writing national reports: start (prefilled), answer, submit, return, publish, revise.

Each function is one transaction, checks who may do it, and leaves its audit entries.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Aggregate, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from smallarms.accounts import permissions
from smallarms.audit.choices import Event
from smallarms.audit.context import acting_as
from smallarms.audit.services import record
from smallarms.core.i18n import pick
from smallarms.core.text import TEXT_MAX_CHARS, clean_line, clean_text

from ..choices import AnswerType, ColumnType, ReportStatus
from ..models import Answer, Question, Report, check_number
from ..signals import report_started, report_submitted

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CONTACT_FIELDS = ("name", "post", "institution", "address", "telephone", "email")
# A postal address keeps its lines, as a free text does; the other details are one line.
CONTACT_LINES_FIELDS = ("address",)

# Limits of an answer, the same whichever way it comes in (the editor, saving as you type,
# the Excel workbook): an answer is shown on the report's page, kept in every revision and
# copied into the audit trail, so none may grow without bound. (A text answer's limit is
# every free text's, core.text.TEXT_MAX_CHARS; a number's range is the question's.)
NUMBER_MAX_DIGITS = 20
CONTACT_FIELD_MAX_CHARS = 500
TABLE_MAX_ROWS = 1_000
TABLE_CELL_MAX_CHARS = 2_000
TABLE_MAX_CHARS = 200_000


class EditConflict(Exception):
    """Someone saved this answer after the version the editor started from."""

    def __init__(self, answer: Answer):
        super().__init__(answer.question.code)
        self.answer = answer


# Values ----------------------------------------------------------------------------------


def _number(raw, number_range: dict) -> str:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise ValidationError(_("Enter a number."))
    text = str(raw).strip().replace(" ", "").replace("\u00a0", "")
    too_long = _("Enter a number of at most {digits} digits.").format(digits=NUMBER_MAX_DIGITS)
    # The length is checked before Decimal reads the text, and the magnitude after: "1e99999999"
    # is short, but writing it out in plain digits would take the worker minutes and gigabytes.
    if len(text) > 2 * NUMBER_MAX_DIGITS:
        raise ValidationError(too_long)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("Enter a number.")) from None
    if not number.is_finite():
        raise ValidationError(_("Enter a number."))
    if number and not -NUMBER_MAX_DIGITS <= number.adjusted() < NUMBER_MAX_DIGITS:
        raise ValidationError(too_long)
    check_number(number, number_range)
    # Plain digits, never an exponent: 15000 stays "15000", 2.50 becomes "2.5".
    return str(int(number)) if number == number.to_integral() else format(number.normalize(), "f")


def _text(raw, message) -> str:
    """``raw`` if it is text; refused with ``message`` otherwise (a JSON object sent for a
    text answer would be stored as its Python representation)."""
    if not isinstance(raw, str):
        raise ValidationError(message)
    return raw


def _date(raw) -> str:
    try:
        return datetime.date.fromisoformat(str(raw).strip()).isoformat()
    except ValueError:
        raise ValidationError(_("Enter a date as year-month-day, e.g. 2026-05-31.")) from None


def clean_value(question: Question, raw):
    """The value to store for ``raw`` (None: no answer), or a ValidationError in words."""
    kind = question.answer_type
    if raw in (None, "", [], {}):
        return None
    if kind == AnswerType.YES_NO_NA:
        if raw not in ("yes", "no", "na"):
            raise ValidationError(_("Choose yes, no or not applicable."))
        return raw
    if kind == AnswerType.NUMBER:
        return _number(raw, question.number_range)
    if kind == AnswerType.DATE:
        return _date(raw)
    codes = [code for code, _label in question.choice_labels]
    if kind == AnswerType.SINGLE_CHOICE:
        if raw not in codes:
            raise ValidationError(_("Choose one of the answers offered."))
        return raw
    if kind == AnswerType.MULTIPLE_CHOICE:
        chosen = raw if isinstance(raw, list) else [raw]
        if any(code not in codes for code in chosen):
            raise ValidationError(_("Choose among the answers offered."))
        return [code for code in codes if code in chosen] or None
    if kind == AnswerType.TEXT:
        text = clean_text(_text(raw, _("Write the answer as text."))).strip()
        if len(text) > TEXT_MAX_CHARS:
            raise ValidationError(
                _("Keep the answer under {limit} characters.").format(
                    limit=number_format(TEXT_MAX_CHARS, force_grouping=True)
                )
            )
        return text or None
    if kind == AnswerType.CONTACT:
        if not isinstance(raw, dict):
            raise ValidationError(_("Give the contact's details."))
        if any(not isinstance(raw.get(field) or "", str) for field in CONTACT_FIELDS):
            raise ValidationError(_("Give each of the contact's details as text."))
        contact = {
            field: (
                clean_text(raw.get(field) or "").strip()
                if field in CONTACT_LINES_FIELDS
                else clean_line(raw.get(field) or "")
            )
            for field in CONTACT_FIELDS
        }
        if any(len(value) > CONTACT_FIELD_MAX_CHARS for value in contact.values()):
            raise ValidationError(
                _("Keep each of the contact's details under {limit} characters.").format(
                    limit=number_format(CONTACT_FIELD_MAX_CHARS, force_grouping=True)
                )
            )
        if contact["email"] and not EMAIL.match(contact["email"]):
            raise ValidationError(_("Enter a valid e-mail address for the contact."))
        return contact if any(contact.values()) else None
    if kind == AnswerType.TABLE:
        return _clean_table(question, raw)
    raise ValidationError(_("This kind of answer cannot be given here."))


def clean_table_row(question: Question, row: dict) -> tuple[dict, list[tuple[int, str, str]]]:
    """A table row's cleaned cells, and ``(column number, column label, problem)`` for each
    bad cell of the row (the workbook import lists them all)."""
    cleaned, problems = {}, []
    for number, column in enumerate(question.columns, start=1):
        value = row.get(column["code"])
        try:
            if isinstance(value, bool) or not isinstance(value, str | int | float | None):
                raise ValidationError(_("Give this cell as text or a number."))
            value = clean_line(str(value if value is not None else ""))
            if not value:
                continue
            if len(value) > TABLE_CELL_MAX_CHARS:
                raise ValidationError(
                    _("Keep each cell under {limit} characters.").format(
                        limit=number_format(TABLE_CELL_MAX_CHARS, force_grouping=True)
                    )
                )
            if column["type"] == ColumnType.NUMBER:
                value = _number(value, column)
            elif column["type"] == ColumnType.DATE:
                value = _date(value)
            elif column["type"] == ColumnType.YES_NO and value not in ("yes", "no"):
                raise ValidationError(_("Choose yes or no."))
            elif column["type"] == ColumnType.CHOICE and value not in {
                choice["code"] for choice in column.get("choices", [])
            }:
                raise ValidationError(_("Choose one of the answers offered."))
        except ValidationError as error:
            problems.append((number, pick(column["label"]) or column["code"], error.messages[0]))
            continue
        cleaned[column["code"]] = value
    return cleaned, problems


def _clean_table(question: Question, raw):
    if not isinstance(raw, list):
        raise ValidationError(_("A table answer is a list of rows."))
    rows, size = [], 0
    for number, row in enumerate(raw, start=1):
        if not isinstance(row, dict):
            raise ValidationError(_("Row {row} is not a row of the table.").format(row=number))
        cleaned, problems = clean_table_row(question, row)
        if problems:
            _column, label, problem = problems[0]
            raise ValidationError(
                _("Row {row}, {column}: {problem}").format(
                    row=number, column=label, problem=problem
                )
            )
        if not cleaned:
            continue
        rows.append(cleaned)
        if len(rows) > TABLE_MAX_ROWS:
            raise ValidationError(
                _("A table answer has at most {limit} rows.").format(
                    limit=number_format(TABLE_MAX_ROWS, force_grouping=True)
                )
            )
        size += sum(len(value) for value in cleaned.values())
        if size > TABLE_MAX_CHARS:
            raise ValidationError(
                _("Keep the whole table under {limit} characters.").format(
                    limit=number_format(TABLE_MAX_CHARS, force_grouping=True)
                )
            )
    return rows or None


# Completeness ----------------------------------------------------------------------------


def applies(question: Question, answers: dict[str, object], by_code: dict[str, Question]) -> bool:
    """Whether ``question`` is shown, given the answers so far (``show_if``)."""
    condition = question.show_if
    if not condition:
        return True
    other = by_code.get(condition.get("question"))
    if other is None or not applies(other, answers, by_code):
        return False
    value = answers.get(other.code)
    expected = condition.get("equals")
    return expected in value if isinstance(value, list) else value == expected


@dataclass
class SectionProgress:
    section: object
    answered: int
    required: int
    required_answered: int
    shown: int

    @property
    def complete(self) -> bool:
        return self.required_answered == self.required


def progress(report: Report) -> tuple[list[SectionProgress], list[Question]]:
    """Per section, how much is answered; and every required question still unanswered."""
    questions = list(Question.objects.filter(template=report.template).select_related("section"))
    by_code = {q.code: q for q in questions}
    answers = {
        code: value
        for code, value in report.answers.values_list("question__code", "value")
        if value not in (None, "", [], {})
    }
    # A file attached answers an attachment question.
    for code in report.attachments.values_list("question__code", flat=True):
        answers[code] = "attached"
    sections: dict[int, SectionProgress] = {}
    missing = []
    for question in questions:
        entry = sections.setdefault(
            question.section_id, SectionProgress(question.section, 0, 0, 0, 0)
        )
        if not applies(question, answers, by_code):
            continue
        entry.shown += 1
        answered = question.code in answers
        entry.answered += answered
        if question.required:
            entry.required += 1
            entry.required_answered += answered
            if not answered:
                missing.append(question)
    ordered = sorted(sections.values(), key=lambda s: s.section.position)
    return ordered, missing


# Writes ----------------------------------------------------------------------------------


class _Lines(Aggregate):
    """The texts of a group, one a line."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, char(10))"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(expressions)s, chr(10))",
            **extra_context,
        )


def _answer_words(*, with_restricted: bool):
    answers = Answer.objects.filter(report=OuterRef("pk")).exclude(text="")
    if not with_restricted:
        answers = answers.filter(restricted=False)
    words = answers.values("report").annotate(words=_Lines("text")).values("words")
    return Coalesce(Subquery(words), Value(""))


def refresh_search_text(report: Report):
    """Keep the report's search words in step with its answers: one statement, in which the
    database joins the answers' texts itself, so that a save (which runs this inside its
    write transaction) neither reads every answer back nor sends the words over again."""
    Report.objects.filter(pk=report.pk).update(
        public_text=_answer_words(with_restricted=False),
        official_text=_answer_words(with_restricted=True),
    )


def _previous_answers(state, cycle, template) -> dict[int, Answer]:
    """The State's latest earlier report's answers, keyed by the id of the question they
    answer in ``template`` (following each question's ``maps_to`` back through versions)."""
    earlier = (
        Report.objects.filter(state=state, cycle__opens_on__lt=cycle.opens_on)
        .exclude(status=ReportStatus.DRAFT)
        .order_by("-cycle__opens_on", "-revision")
        .first()
    )
    if earlier is None:
        return {}
    old = {a.question_id: a for a in earlier.answers.all()}
    found = {}
    for question in Question.objects.filter(template=template):
        ancestor = next(
            (q for q in question.lineage() if q.template_id == earlier.template_id), None
        )
        if ancestor is not None and ancestor.pk in old:
            found[question.pk] = old[ancestor.pk]
    return found


@transaction.atomic
def start_report(*, acting_user, state, cycle, language) -> Report:
    """A State's report for an open cycle, prefilled from its latest earlier report."""
    if not permissions.may_draft(acting_user, state):
        raise PermissionDenied
    if cycle.template_id is None:
        raise ValidationError(_("This reporting cycle has no template yet."))
    if cycle.status_on(timezone.localdate()) != "open":
        raise ValidationError(_("This reporting cycle is not open."))
    if Report.objects.filter(state=state, cycle=cycle).exists():
        raise ValidationError(_("This State already has a report for this cycle."))
    with acting_as(acting_user):
        report = Report(
            state=state,
            cycle=cycle,
            template=cycle.template,
            language=language,
            created_by=acting_user,
        )
        report.full_clean()
        report.save()
        prefilled = _previous_answers(state, cycle, cycle.template)
        personal = set(cycle.template.questions.filter(personal=True).values_list("pk", flat=True))
        Answer.objects.bulk_create(
            Answer(
                report=report,
                question_id=question_id,
                value=old.value,
                text=old.text,
                language=old.language,
                restricted=old.restricted or question_id in personal,
                updated_by=acting_user,
            )
            for question_id, old in prefilled.items()
        )
        report_started.send(sender=Report, report=report, acting_user=acting_user)
        refresh_search_text(report)
        record(
            Event.REPORT_STARTED,
            obj=report,
            data={"state": state.iso3, "cycle": cycle.code, "prefilled": len(prefilled)},
        )
    return report


def save_answer(
    *, acting_user, report, question, raw, base_revision, language, restricted=False
) -> Answer:
    """Save one answer. ``base_revision`` is the revision the editor loaded (0: none);
    a save based on an older revision raises ``EditConflict`` and changes nothing, unless it
    brings the very value already stored (a save sent again because its answer was lost on
    the way: nothing of anyone's would be replaced)."""
    if question.template_id != report.template_id:
        raise ValidationError(_("This question is not part of this report's template."))
    # Validation reads nothing stored: done before the write transaction, which on SQLite
    # holds the database's one write lock and so makes every other writer wait.
    value = clean_value(question, raw)
    restricted = restricted or question.personal
    # One statement will lock the report and check that this person may still edit it (a
    # colleague may have submitted it since the editor loaded), with the report's State and
    # cycle for the audit entry's description. Built here, so that the person's roles are
    # read before the transaction too.
    editable = (
        Report.objects.visible_to(acting_user, "edit")
        .select_related("state", "cycle__meeting")
        .select_for_update(of=("self",))
        .filter(pk=report.pk)
    )
    with transaction.atomic():
        return _save_answer(acting_user, editable, question, value, base_revision, language,
                            restricted)  # fmt: skip


def _save_answer(acting_user, editable, question, value, base_revision, language, restricted):
    report = editable.first()
    if report is None:
        raise PermissionDenied
    answer = Answer.objects.filter(report=report, question=question).first()
    if answer is not None:
        answer.report, answer.question = report, question  # read already: no query
    current = answer.revision if answer else 0
    unchanged = answer is not None and (answer.value, answer.restricted) == (value, restricted)
    if answer is not None and base_revision != current and not unchanged:
        raise EditConflict(answer)
    if answer is None and value is None and not restricted:
        return Answer(report=report, question=question, revision=0)  # nothing to keep
    if unchanged:
        return answer  # nothing changed: no new revision, no audit entry
    with acting_as(acting_user):
        if answer is None:
            answer = Answer(report=report, question=question, revision=0)
        answer.value = value
        answer.language = language
        answer.restricted = restricted
        answer.revision = current + 1
        answer.updated_by = acting_user
        answer.save()
        refresh_search_text(report)
    return answer


@transaction.atomic
def submit_report(*, acting_user, report) -> Report:
    from ..choices import SubmissionSource
    from ..models import Submission

    if not permissions.may(acting_user, "edit", report):
        raise PermissionDenied
    _sections, missing = progress(report)
    if missing:
        raise ValidationError(
            [
                _("{code}: {question} — an answer is required.").format(
                    code=question.code, question=question.text
                )
                for question in missing
            ]
        )
    with acting_as(acting_user):
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = timezone.now()
        report.submitted_by = acting_user
        report.returned_comment = ""
        report.save(update_fields=["status", "submitted_at", "submitted_by", "returned_comment"])
        Submission.objects.update_or_create(
            state=report.state,
            cycle=report.cycle,
            defaults={"source": SubmissionSource.SYSTEM, "submitted_on": timezone.localdate()},
        )
        record(Event.REPORT_SUBMITTED, obj=report, data={"cycle": report.cycle.code})
        report_submitted.send(sender=Report, report=report, acting_user=acting_user)
    return report


@transaction.atomic
def return_report(*, acting_user, report, comment: str) -> Report:
    if not permissions.may(acting_user, "review", report):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError(_("Say what the State should change: the comment is required."))
    with acting_as(acting_user):
        report.status = ReportStatus.RETURNED
        report.returned_comment = comment.strip()
        report.save(update_fields=["status", "returned_comment"])
        record(Event.REPORT_RETURNED, obj=report, data={"comment": report.returned_comment})
    return report


@transaction.atomic
def publish_report(*, acting_user, report) -> Report:
    if not permissions.may(acting_user, "review", report):
        raise PermissionDenied
    with acting_as(acting_user):
        if report.supersedes_id:
            earlier = report.supersedes
            earlier.status = ReportStatus.SUPERSEDED
            earlier.save(update_fields=["status"])
        report.status = ReportStatus.PUBLISHED
        report.published_at = timezone.now()
        report.save(update_fields=["status", "published_at"])
        record(Event.REPORT_PUBLISHED, obj=report, data={"cycle": report.cycle.code})
    return report


@transaction.atomic
def revise_report(*, acting_user, report) -> Report:
    """A new draft revision of a published report, with its answers, to supersede it."""
    if not permissions.may(acting_user, "revise", report):
        raise PermissionDenied
    if Report.objects.filter(supersedes=report).exists():
        raise ValidationError(_("A later revision of this report is already being prepared."))
    with acting_as(acting_user):
        revision = Report(
            state=report.state,
            cycle=report.cycle,
            template=report.template,
            revision=report.revision + 1,
            language=report.language,
            supersedes=report,
            created_by=acting_user,
        )
        revision.save()
        Answer.objects.bulk_create(
            Answer(
                report=revision,
                question_id=answer.question_id,
                value=answer.value,
                text=answer.text,
                language=answer.language,
                restricted=answer.restricted or answer.question.personal,
                updated_by=acting_user,
            )
            for answer in report.answers.select_related("question")
        )
        refresh_search_text(revision)
        record(Event.REPORT_STARTED, obj=revision, data={"revision_of": str(report.pk)})
    return revision


def public_answers(report: Report, user):
    """The answers ``user`` may read: restricted ones only for officials."""
    answers = report.answers.select_related("question__section")
    if not permissions.sees_restricted(user):
        answers = answers.filter(restricted=False)
    return answers


# Attachments -----------------------------------------------------------------------------

# Extension: (MIME type, the bytes such a file starts with).
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
ATTACHMENT_TYPES = {
    ".pdf": ("application/pdf", b"%PDF"),
    ".doc": ("application/msword", _OLE),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ZIP,
    ),
    ".xls": ("application/vnd.ms-excel", _OLE),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
}


def check_upload(upload):
    """The MIME type of an acceptable upload, or a ValidationError saying what is wrong."""
    from django.conf import settings

    limit = settings.ATTACHMENT_MAX_BYTES
    name = upload.name or ""
    extension = name[name.rfind(".") :].lower() if "." in name else ""
    if extension not in ATTACHMENT_TYPES:
        raise ValidationError(
            _("Attach a PDF, Word or Excel file (.pdf, .doc, .docx, .xls, .xlsx).")
        )
    if upload.size > limit:
        raise ValidationError(
            _("The file is larger than {megabytes} MB.").format(megabytes=limit // (1024 * 1024))
        )
    content_type, magic = ATTACHMENT_TYPES[extension]
    head = upload.read(len(magic))
    upload.seek(0)
    if head != magic:
        raise ValidationError(
            _("The file's content is not what its name says ({extension}).").format(
                extension=extension
            )
        )
    return content_type


@transaction.atomic
def add_attachment(*, acting_user, report, question, upload, restricted=False):
    from ..models import Attachment

    if not permissions.may(acting_user, "edit", report):
        raise PermissionDenied
    if question.template_id != report.template_id or question.answer_type != AnswerType.ATTACHMENT:
        raise ValidationError(_("Files can be attached only to questions that ask for one."))
    content_type = check_upload(upload)
    with acting_as(acting_user):
        attachment = Attachment(
            report=report,
            question=question,
            name=upload.name[:255],
            content_type=content_type,
            size=upload.size,
            restricted=restricted,
            uploaded_by=acting_user,
        )
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
    return attachment


@transaction.atomic
def remove_attachment(*, acting_user, attachment):
    if not permissions.may(acting_user, "edit", attachment.report):
        raise PermissionDenied
    stored = attachment.file.name
    storage = attachment.file.storage
    with acting_as(acting_user):
        attachment.delete()
    # The file goes only once the row's removal is committed.
    transaction.on_commit(lambda: storage.delete(stored))


def visible_attachments(report, user):
    attachments = report.attachments.select_related("question")
    if not permissions.sees_restricted(user):
        attachments = attachments.filter(restricted=False)
    return attachments
