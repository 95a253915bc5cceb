"""CSV export of any filtered list, so the page, the API and the export share one filter."""

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.text import slugify

from smallarms.audit.choices import Event
from smallarms.audit.services import record


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
    writer.writerow([column.header for column in columns])
    for row in rows:
        writer.writerow(["" if (v := column.value(row)) is None else v for column in columns])
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
