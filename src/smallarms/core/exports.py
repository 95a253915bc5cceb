"""Spreadsheet exports: CSV of any filtered list, so the page, the API and the export share one
filter, and the one rule that keeps typed text from becoming a formula in a spreadsheet.

Text people type (an institution, a title, an answer) reaches officials of other States in
their spreadsheet program. A cell that begins with ``=``, ``+``, ``-`` or ``@`` is a formula
there, and a formula can fetch a web address with the reader's data or start a program
("CSV injection", OWASP; ASVS 5.0 requirement 1.2.10). Every CSV cell and every text cell of a
workbook is written through this module. Only the spreadsheet cell is neutralized: the data
kept, the pages, the API and the JSON downloads carry exactly what was typed.
"""

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import slugify

from smallarms.audit.choices import Event
from smallarms.audit.services import record

# What a spreadsheet program reads as the start of a formula (OWASP's list, and the null
# character of ASVS 1.2.10).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")

# A cell that is a plain number in its entirety (-12, +3.5, 1,250.75, -1e3) is read as that
# number: it calls no function and reads no other cell, so it is not a formula and is left as
# it is. Numeric columns stay numeric and a negative amount stays negative. Anything more
# (a telephone "+221 33 889 00 00", "-12+cmd|...") is neutralized.
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*(?:[eE][+-]?\d+)?")

# A CSV is split by the list separator of the reader's locale, ";" with French, Russian or
# Spanish settings, and not only on the comma the file uses: text after a separator inside
# a value starts a cell of its own there (OWASP: guarding the first character is not enough).
_AFTER_SEPARATOR = re.compile(r"(?<=[,;])[^,;]*")

# The OWASP and ASVS neutralization: a leading apostrophe makes the cell text.
QUOTE = "'"


def is_formula(text: str) -> bool:
    """Whether a spreadsheet program would read ``text`` as a formula."""
    return text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text)


def _guard(text: str) -> str:
    return QUOTE + text if is_formula(text) else text


def csv_cell(value):
    """``value`` as a CSV cell that no spreadsheet program evaluates."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return value  # numbers (and True/False) can hold no formula
    text = str(value)
    return _guard(_AFTER_SEPARATOR.sub(lambda part: _guard(part.group()), text))


def xlsx_cell(sheet, value):
    """``value`` as an openpyxl cell of ``sheet``: text is always a text cell, never a
    formula or an error value, and text a spreadsheet would take for a formula carries the
    apostrophe prefix (Excel's "quote prefix", what typing a leading ' stores), so it stays
    text when someone edits the cell. The cell holds the text exactly, so reading the
    workbook back gives what was written."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

    if not isinstance(value, str):
        return Cell(sheet, value=value)
    # Control characters other than tab and line breaks cannot be stored in the file's XML.
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = Cell(sheet, value=text)
    cell.data_type = "s"
    if is_formula(text):
        cell.quotePrefix = True
    return cell


def append_row(sheet, values: Iterable):
    """Append ``values`` to an openpyxl sheet as cells from ``xlsx_cell``."""
    sheet.append([xlsx_cell(sheet, value) for value in values])


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object], object]


def csv_response(rows: Iterable, columns: list[Column], filename: str) -> HttpResponse:
    """A UTF-8 CSV with a byte-order mark, so spreadsheet programs read Arabic and Chinese."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([csv_cell(column.header) for column in columns])
    for row in rows:
        writer.writerow([csv_cell(column.value(row)) for column in columns])
    return response


class CsvExportMixin:
    """Adds ``export_format = "csv"`` to a django-filter ``FilterView``.

    The same view class serves the page and, with ``as_view(export_format="csv")``, the
    export of exactly the rows the page's filters select.
    """

    export_format: str | None = None
    export_filename = "export"

    def get_export_columns(self) -> list[Column]:
        raise NotImplementedError

    def get_export_rows(self, queryset):
        return queryset

    def render_to_response(self, context, **response_kwargs):
        if self.export_format == "csv":
            rows = list(self.get_export_rows(self.object_list))
            # Every export is recorded: who took which data, with which filters (DESIGN.md).
            record(
                Event.EXPORT,
                data={
                    "export": self.export_filename,
                    "format": "csv",
                    "filters": self.request.GET.dict(),
                    "rows": len(rows),
                },
            )
            return csv_response(rows, self.get_export_columns(), self.export_filename)
        return super().render_to_response(context, **response_kwargs)
