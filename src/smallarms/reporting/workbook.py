"""Offline reporting: a report as an Excel workbook in the reader's language, and back.

The workbook has one sheet per section (a row per question: code, question, answer, what
may be entered, restricted) and one sheet per table question (a row per table row). A
hidden sheet names the report and template. Every cell is written as text (through
``core.exports``, so typed text never becomes a formula) and reads back exactly.

An import is checked whole: every bad cell is reported by sheet, row and question or column,
and nothing is saved unless every cell is good. A cell holding a formula is refused, with or
without its computed value: the report keeps what the State typed, not a result the server
cannot check. Every step of reading is bounded (below, and docs/reporting.md).
"""

import io
import itertools
import zipfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook, load_workbook
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from smallarms.accounts import permissions
from smallarms.core.exports import append_row

from .choices import YES_NO_NA_LABELS, AnswerType
from .models import Answer, Question, Report
from .services import reports

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
        hint = _("A number") + (f" ({question.unit})" if question.unit else "")
        return f"{hint}. {question.number_rule}" if question.number_rule else hint
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
#
# A workbook is a zip of XML files, and a small one can hold gigabytes once inflated, or a
# million rows. It is read in steps, each bounded before the next begins: the file's size;
# the sizes its zip directory declares for its parts (zipfile stops each part at its declared
# size and fails its checksum past it, so the declaration binds); the list of sheets; the
# hidden sheet naming the report; then, in openpyxl's read-only mode, which streams a sheet
# instead of loading it, the sheets of the report's sections and tables, row by row, up to
# MAX_SHEET_ROWS each.

# More sheets than any template needs (the standard one makes 28).
MAX_SHEETS = 200
# Rows read from one sheet, the header and empty rows included; a table answer holds at
# most services.reports.TABLE_MAX_ROWS of them.
MAX_SHEET_ROWS = 10_000
# Problems listed on the page; the rest are counted.
MAX_LISTED_PROBLEMS = 200
# Code, question, answer, what to enter, restricted.
SECTION_COLUMNS = 5


class WorkbookErrors(ValidationError):
    """Why a workbook was refused; ``problems`` counts them all, listed or not."""

    def __init__(self, messages, problems=None):
        super().__init__(messages)
        self.problems = problems or len(messages)


class _Problems:
    """The problems found so far: every one counted, the first MAX_LISTED_PROBLEMS kept."""

    def __init__(self):
        self.listed, self.count = [], 0

    def add(self, message: str):
        self.count += 1
        if len(self.listed) < MAX_LISTED_PROBLEMS:
            self.listed.append(message)

    def raise_any(self):
        if not self.count:
            return
        messages = list(self.listed)
        if self.count > len(messages):
            rest = self.count - len(messages)
            messages.append(
                ngettext(
                    "… and {count} more problem.", "… and {count} more problems.", rest
                ).format(count=rest)
            )
        raise WorkbookErrors(messages, self.count)


def _not_a_workbook() -> WorkbookErrors:
    return WorkbookErrors([_("The file is not an Excel workbook (.xlsx).")])


def check_size(size: int):
    """Refuse a file larger than WORKBOOK_MAX_BYTES (before it is read into memory)."""
    limit = settings.WORKBOOK_MAX_BYTES
    if size > limit:
        raise WorkbookErrors(
            [_("The file is larger than {megabytes} MB.").format(megabytes=limit // 2**20)]
        )


def _check_archive(data: bytes):
    """The zip's declared sizes, summed, within WORKBOOK_MAX_UNCOMPRESSED_BYTES; and the
    workbook's sheets, at most MAX_SHEETS, each its own part — many sheets naming one part
    would make openpyxl read that part once for each."""
    limit = settings.WORKBOOK_MAX_UNCOMPRESSED_BYTES
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(member.file_size for member in archive.infolist())
    except Exception:  # not a zip, or a broken one
        raise _not_a_workbook() from None
    if inflated > limit:
        raise WorkbookErrors(
            [
                _("Once uncompressed, the workbook is larger than {megabytes} MB.").format(
                    megabytes=limit // 2**20
                )
            ]
        )
    # The package's manifest and workbook part, read as load_workbook reads them, without
    # its worksheets.
    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True, keep_links=False)
    except Exception:
        raise _not_a_workbook() from None
    try:
        reader.read_manifest()
        reader.read_workbook()
        parts = [rel.target for _sheet, rel in reader.parser.find_sheets()]
    except Exception:
        raise _not_a_workbook() from None
    finally:
        reader.archive.close()
    if len(parts) > MAX_SHEETS:
        raise WorkbookErrors(
            [_("The workbook has more than {limit} sheets.").format(limit=MAX_SHEETS)]
        )
    if len(set(parts)) != len(parts):
        raise _not_a_workbook()


def _open(data: bytes):
    check_size(len(data))
    _check_archive(data)
    try:
        # data_only=False: a formula cell comes as a formula, which the import refuses, instead
        # of as its cached result or as nothing.
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception:
        raise _not_a_workbook() from None


def _rows(book, title: str, width: int, problems: _Problems, first: int = 2):
    """``(row number, cells)`` of a sheet from row ``first``, the first ``width`` cells of
    each; past MAX_SHEET_ROWS, the refusal naming the limit, and no further row read."""
    try:
        sheet = book[title]
        # The size a sheet declares may be wrong either way: read what is there, up to the limit.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(min_row=first, max_col=width)
    except Exception:  # not a worksheet (a chart sheet under that name)
        raise _not_a_workbook() from None
    for number in itertools.count(first):
        try:
            cells = next(rows)
        except StopIteration:
            return
        except Exception:
            raise _not_a_workbook() from None
        if number > MAX_SHEET_ROWS:
            problems.add(
                _("The sheet “{sheet}” has more than {limit} rows.").format(
                    sheet=title, limit=number_format(MAX_SHEET_ROWS, force_grouping=True)
                )
            )
            return
        yield number, cells


def _where(title: str, number: int, column: int) -> str:
    return _("Sheet “{sheet}”, row {row}, column {column}").format(
        sheet=title, row=number, column=get_column_letter(column)
    )


def _value(title: str, number: int, column: int, cell, problems: _Problems) -> str | None:
    """The text of a cell, or None (and the problem noted) for a formula or an error."""
    if cell.data_type == "f":
        problems.add(
            _(
                "{where}: the cell holds a formula. Type the value itself; to enter a text "
                "that begins with “=”, type an apostrophe (') before it."
            ).format(where=_where(title, number, column))
        )
        return None
    if cell.data_type == "e":
        problems.add(
            _("{where}: the cell shows an error ({error}). Type the value itself.").format(
                where=_where(title, number, column), error=cell.value
            )
        )
        return None
    return _text(cell.value)


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


def _belongs_to(book, report: Report) -> bool:
    if META not in book.sheetnames:
        return False
    for _number, cells in _rows(book, META, 2, _Problems(), first=1):
        return cells[1].data_type == "s" and _text(cells[1].value) == str(report.pk)
    return False


def read(report: Report, data: bytes) -> list[tuple[Question, object, bool]]:
    """Every answer the workbook gives, checked; raises ``WorkbookErrors`` listing each bad
    cell (sheet, row, question or column, and reason), and returns nothing then."""
    book = _open(data)
    try:
        if not _belongs_to(book, report):
            raise WorkbookErrors([_("This workbook was made for another report.")])
        return _read(report, book)
    finally:
        book.close()


def _read(report: Report, book) -> list[tuple[Question, object, bool]]:
    questions = {q.code: q for q in Question.objects.filter(template=report.template)}
    problems, found, contacts, restricted = _Problems(), [], {}, {}
    for section in report.template.sections.all():
        title = _sheet_title(section.code)
        if title not in book.sheetnames:
            problems.add(_("The sheet “{sheet}” is missing.").format(sheet=title))
            continue
        for number, cells in _rows(book, title, SECTION_COLUMNS, problems):
            code, answer_text, flag = (
                _value(title, number, column, cells[column - 1], problems) for column in (1, 3, 5)
            )
            if not code or answer_text is None or flag is None:
                continue
            is_restricted = flag.casefold() not in ("", "no")
            base, _dot, field = code.partition(".")
            question = questions.get(base)
            where = _("Sheet “{sheet}”, row {row}, question {code}").format(
                sheet=title, row=number, code=code
            )
            if question is None or question.section_id != section.pk:
                problems.add(_("{where}: not a question of this section.").format(where=where))
                continue
            if question.answer_type == AnswerType.CONTACT:
                contacts.setdefault(question.code, {})[field] = answer_text
                restricted[question.code] = restricted.get(question.code) or is_restricted
                continue
            if question.answer_type == AnswerType.TABLE:
                restricted[question.code] = is_restricted
                continue
            try:
                reports.clean_value(question, _raw(question, answer_text))
            except ValidationError as error:
                problems.add(f"{where}: {error.messages[0]}")
                continue
            found.append((question, _raw(question, answer_text), is_restricted))
    for code, fields in contacts.items():
        question = questions[code]
        try:
            reports.clean_value(question, fields)
        except ValidationError as error:
            problems.add(
                _("Question {code}: {problem}").format(code=code, problem=error.messages[0])
            )
            continue
        found.append((question, fields, restricted.get(code, False)))
    for question in questions.values():
        if question.answer_type != AnswerType.TABLE:
            continue
        title = _sheet_title(question.code)
        if title not in book.sheetnames:
            continue
        rows = _table_rows(book, title, question, problems)
        if rows is None:
            continue
        try:
            # The whole answer, as every other door checks it: its rows and its size.
            reports.clean_value(question, rows)
        except ValidationError as error:
            problems.add(
                _("Sheet “{sheet}”, question {code}: {problem}").format(
                    sheet=title, code=question.code, problem=error.messages[0]
                )
            )
            continue
        found.append((question, rows, restricted.get(question.code, False)))
    problems.raise_any()
    return found


def _table_rows(book, title: str, question: Question, problems: _Problems) -> list | None:
    """The rows of a table sheet, every bad cell of each noted; None if any was bad."""
    columns = question.column_labels
    rows, bad = [], problems.count
    for number, cells in _rows(book, title, len(columns), problems):
        texts = [
            _value(title, number, index, cell, problems) for index, cell in enumerate(cells, 1)
        ]
        if None in texts:
            continue
        row = {code: text for (code, _type, _label), text in zip(columns, texts, strict=True)}
        if not any(row.values()):
            continue
        _cleaned, row_problems = reports.clean_table_row(question, row)
        for column, label, problem in row_problems:
            problems.add(
                _("{where} ({label}): {problem}").format(
                    where=_where(title, number, column), label=label, problem=problem
                )
            )
        rows.append(row)
        if len(rows) > reports.TABLE_MAX_ROWS:
            break  # clean_value refuses the answer with the limit's message
    return rows if problems.count == bad else None


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
        try:
            answer = reports.save_answer(
                acting_user=acting_user,
                report=report,
                question=question,
                raw=raw,
                base_revision=current.revision if current else 0,
                language=language,
                restricted=restricted,
            )
        except ValidationError as error:
            # read() checked every value as save_answer does; this keeps any other refusal
            # a message on the page too, and the transaction leaves nothing saved.
            raise WorkbookErrors(
                [
                    _("Question {code}: {problem}").format(code=question.code, problem=message)
                    for message in error.messages
                ]
            ) from None
        changed += (answer.value, answer.restricted) != before
    return changed
