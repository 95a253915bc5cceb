"""Offline reporting: a report as an Excel workbook in the reader's language, and back.

The workbook has one sheet per section (a row per question: code, question, answer, what
may be entered, restricted) and one sheet per table question (a row per table row). A
hidden sheet names the report and template. Every cell is written as text (through
``core.exports``, so typed text never becomes a formula) and reads back exactly.

An import is checked whole: every bad cell is reported by sheet, row and question, and
nothing is saved unless every cell is good.
"""

import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from smallarms.accounts import permissions
from smallarms.core.exports import append_row

from . import report_services as services
from .report_models import Answer, Report
from .template_models import YES_NO_NA_LABELS, AnswerType, Question

META = "smallarms"
LANGUAGES = ("ar", "zh-hans", "en", "fr", "ru", "es")
SKIPPED = (AnswerType.ATTACHMENT,)


def _yes_no_na_label(code):
    return str(YES_NO_NA_LABELS[code])


def _sheet_title(text: str) -> str:
    return "".join(c for c in text if c not in "[]:*?/\\")[:31]


def _choices_hint(question: Question) -> str:
    if question.answer_type == AnswerType.YES_NO_NA:
        return " / ".join(_yes_no_na_label(code) for code in ("yes", "no", "na"))
    if question.answer_type == AnswerType.SINGLE_CHOICE:
        return " / ".join(label for _code, label in question.choice_labels)
    if question.answer_type == AnswerType.MULTIPLE_CHOICE:
        return _("One or more, separated by “;”: {choices}").format(
            choices="; ".join(label for _code, label in question.choice_labels)
        )
    if question.answer_type == AnswerType.NUMBER:
        return _("A number") + (f" ({question.unit})" if question.unit else "")
    if question.answer_type == AnswerType.DATE:
        return _("A date: year-month-day")
    return ""


def _cell_text(question: Question, value) -> str:
    if value in (None, "", [], {}):
        return ""
    if question.answer_type == AnswerType.YES_NO_NA:
        return _yes_no_na_label(value)
    if question.answer_type in (AnswerType.SINGLE_CHOICE, AnswerType.MULTIPLE_CHOICE):
        codes = value if isinstance(value, list) else [value]
        return "; ".join(question.value_label(code) for code in codes)
    return str(value)


def build(report: Report) -> bytes:
    """The report as a workbook, with its current answers, in the active language."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    answers = {a.question_id: a for a in report.answers.all()}
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for section in report.template.sections.prefetch_related("questions"):
        sheet = workbook.create_sheet(_sheet_title(section.code))
        append_row(
            sheet, [_("Code"), section.title, _("Answer"), _("What to enter"), _("Restricted")]
        )
        for cell in sheet[1]:
            cell.font = bold
        sheet.column_dimensions["B"].width = 70
        sheet.column_dimensions["C"].width = 40
        sheet.column_dimensions["D"].width = 40
        yes_no = DataValidation(
            type="list",
            formula1='"{}"'.format(",".join(_yes_no_na_label(c) for c in ("yes", "no", "na"))),
            allow_blank=True,
        )
        sheet.add_data_validation(yes_no)
        for question in section.questions.all():
            if question.answer_type in SKIPPED:
                continue
            answer = answers.get(question.pk)
            value = answer.value if answer else None
            restricted = _("yes") if answer and answer.restricted else ""
            if question.answer_type == AnswerType.CONTACT:
                for field, label in _contact_fields():
                    append_row(
                        sheet,
                        [f"{question.code}.{field}", f"{question.text} — {label}",
                         (value or {}).get(field, ""), "", restricted],
                    )  # fmt: skip
                continue
            if question.answer_type == AnswerType.TABLE:
                append_row(
                    sheet,
                    [question.code, question.text, "",
                     _("Fill in the sheet “{sheet}”.").format(sheet=question.code), restricted],
                )  # fmt: skip
                _table_sheet(workbook, question, value, bold)
                continue
            append_row(
                sheet,
                [question.code, question.text, _cell_text(question, value),
                 _choices_hint(question), restricted],
            )  # fmt: skip
            if question.answer_type == AnswerType.YES_NO_NA:
                yes_no.add(sheet.cell(row=sheet.max_row, column=3))
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = wrap
    meta = workbook.create_sheet(META)
    append_row(meta, ["report", str(report.pk)])
    append_row(meta, ["template", report.template.code, report.template.version])
    meta.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _contact_fields():
    from .templatetags.reporting_editor import CONTACT_LABELS

    return CONTACT_LABELS


def _table_sheet(workbook, question, value, bold):
    sheet = workbook.create_sheet(_sheet_title(question.code))
    append_row(sheet, [label for _code, _type, label in question.column_labels])
    for cell in sheet[1]:
        cell.font = bold
    for row in value or []:
        append_row(sheet, [row.get(code, "") for code, _type, _label in question.column_labels])


# Import ----------------------------------------------------------------------------------


class WorkbookErrors(ValidationError):
    pass


def _label_to_code(question: Question, text: str):
    """A cell's text to the stored code: the label in any of the six languages, or the code."""
    text = text.strip()
    lowered = text.casefold()
    if question.answer_type == AnswerType.YES_NO_NA:
        from django.utils import translation

        for code in ("yes", "no", "na"):
            if lowered == code:
                return code
            for language in LANGUAGES:
                with translation.override(language):
                    if lowered == str(YES_NO_NA_LABELS[code]).casefold():
                        return code
        return text  # refused by clean_value with its message
    for choice in question.choices:
        labels = [choice["code"], *choice["label"].values()]
        if lowered in {label.casefold() for label in labels}:
            return choice["code"]
    return text


def _raw(question: Question, text: str):
    if question.answer_type == AnswerType.MULTIPLE_CHOICE:
        return [_label_to_code(question, part) for part in text.split(";") if part.strip()]
    if question.answer_type in (AnswerType.YES_NO_NA, AnswerType.SINGLE_CHOICE):
        return _label_to_code(question, text) if text.strip() else ""
    return text


def _text(cell) -> str:
    if cell is None:
        return ""
    if hasattr(cell, "isoformat"):
        return cell.date().isoformat() if hasattr(cell, "date") else cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def read(report: Report, data: bytes) -> list[tuple[Question, object, bool]]:
    """Every answer the workbook gives, checked; raises ``WorkbookErrors`` listing each bad
    cell (sheet, row, question and reason) and reads nothing more then."""
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception:
        raise WorkbookErrors([_("The file is not an Excel workbook (.xlsx).")]) from None
    if META not in workbook.sheetnames or _text(workbook[META]["B1"].value) != str(report.pk):
        raise WorkbookErrors([_("This workbook was made for another report.")])
    questions = {q.code: q for q in Question.objects.filter(template=report.template)}
    errors, found, contacts, restricted = [], [], {}, {}
    for section in report.template.sections.all():
        title = _sheet_title(section.code)
        if title not in workbook.sheetnames:
            errors.append(_("The sheet “{sheet}” is missing.").format(sheet=title))
            continue
        for number, row in enumerate(workbook[title].iter_rows(min_row=2, values_only=True), 2):
            code = _text(row[0] if row else None)
            if not code:
                continue
            answer_text = _text(row[2] if len(row) > 2 else None)
            is_restricted = _text(row[4] if len(row) > 4 else None).casefold() not in ("", "no")
            base, _dot, field = code.partition(".")
            question = questions.get(base)
            where = _("Sheet “{sheet}”, row {row}, question {code}").format(
                sheet=title, row=number, code=code
            )
            if question is None or question.section_id != section.pk:
                errors.append(_("{where}: not a question of this section.").format(where=where))
                continue
            if question.answer_type == AnswerType.CONTACT:
                contacts.setdefault(question.code, {})[field] = answer_text
                restricted[question.code] = restricted.get(question.code) or is_restricted
                continue
            if question.answer_type == AnswerType.TABLE:
                restricted[question.code] = is_restricted
                continue
            try:
                services.clean_value(question, _raw(question, answer_text))
            except ValidationError as error:
                errors.append(f"{where}: {error.messages[0]}")
                continue
            found.append((question, _raw(question, answer_text), is_restricted))
    for code, fields in contacts.items():
        question = questions[code]
        try:
            services.clean_value(question, fields)
        except ValidationError as error:
            errors.append(
                _("Question {code}: {problem}").format(code=code, problem=error.messages[0])
            )
            continue
        found.append((question, fields, restricted.get(code, False)))
    for question in questions.values():
        if question.answer_type != AnswerType.TABLE:
            continue
        title = _sheet_title(question.code)
        if title not in workbook.sheetnames:
            continue
        rows = []
        for number, row in enumerate(workbook[title].iter_rows(min_row=2, values_only=True), 2):
            cells = {
                code: _text(row[index] if index < len(row) else None)
                for index, (code, _type, _label) in enumerate(question.column_labels)
            }
            if not any(cells.values()):
                continue
            try:
                services.clean_value(question, [cells])
            except ValidationError as error:
                problem = error.messages[0].split(": ", 1)[-1]
                errors.append(
                    _("Sheet “{sheet}”, row {row}, question {code}: {problem}").format(
                        sheet=title, row=number, code=question.code, problem=problem
                    )
                )
                continue
            rows.append(cells)
        found.append((question, rows, restricted.get(question.code, False)))
    if errors:
        raise WorkbookErrors(errors)
    return found


@transaction.atomic
def import_workbook(*, acting_user, report: Report, data: bytes, language: str) -> int:
    """Save every answer of the workbook into the draft, or nothing; returns how many
    answers changed."""
    if not permissions.may(acting_user, "edit", report):
        raise PermissionDenied
    changed = 0
    for question, raw, restricted in read(report, data):
        current = Answer.objects.filter(report=report, question=question).first()
        before = (current.value, current.restricted) if current else (None, False)
        answer = services.save_answer(
            acting_user=acting_user,
            report=report,
            question=question,
            raw=raw,
            base_revision=current.revision if current else 0,
            language=language,
            restricted=restricted,
        )
        changed += (answer.value, answer.restricted) != before
    return changed
