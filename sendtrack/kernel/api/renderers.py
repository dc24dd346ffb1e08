"""CSV and XLSX renderers for every list and report. They write the same columns the JSON
carries (see ``tables``), under human headers; XLSX cells hold real dates and numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from rest_framework.renderers import BaseRenderer

from sendtrack.kernel import xlsx
from sendtrack.kernel.api.tables import Column, Table, table_rows, typed
from sendtrack.kernel.exports import csv_cell
from sendtrack.kernel.xlsx import Sheet

TABULAR_FORMATS = ("csv", "xlsx")


def tables_of(data: Any, view) -> list[tuple[Table, list[Mapping[str, Any]]]]:
    """The tables of an answer with their rows: a plain list is one table, a record is a table
    of one row; a report's ``results`` is its main table and its other tables follow."""
    tables = view.get_tables()
    if isinstance(data, list):
        return [(tables[0], data)]
    if "results" not in data:
        # One record (read, added or changed): a table of one row, not an empty table.
        return [(tables[0], [data])]
    return [(table, data.get(table.key) or []) for table in tables]


def _about(data: Any, view) -> list[tuple[str, Any]]:
    """What a report is: its title, month and filters, for the first lines of the file."""
    if not isinstance(data, Mapping):
        return []
    labels = getattr(view, "about_labels", {})
    about = []
    for key, label in labels.items():
        value = data.get(key)
        if isinstance(value, Mapping):
            value = (
                ", ".join(f"{k}: {v}" for k, v in value.items() if v not in (None, "")) or "none"
            )
        about.append((label, value))
    return about


def _filename(view, renderer_context: Mapping[str, Any], extension: str) -> str:
    name = view.get_filename(renderer_context.get("response").data)
    return f'attachment; filename="{name}.{extension}"'


class CSVRenderer(BaseRenderer):
    """The main table as CSV (UTF-8 with a byte-order mark, so that Excel reads it right)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        view = renderer_context["view"]
        table, rows = tables_of(data, view)[0]
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([csv_cell(column.label) for column in table.columns])
        for values in table_rows(rows, table.columns):
            writer.writerow(
                [
                    _csv_value(value, column)
                    for value, column in zip(values, table.columns, strict=True)
                ]
            )
        renderer_context["response"]["Content-Disposition"] = _filename(
            view, renderer_context, "csv"
        )
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_value(value: Any, column: Column) -> Any:
    if value is None:
        return ""
    if column.kind == "boolean":
        return "Yes" if value else "No"
    if column.kind == "datetime":
        return value.isoformat(sep=" ")
    if column.kind == "date":
        return value.isoformat()
    if isinstance(value, Decimal):
        # 69.1 rather than 69.1000; 150 rather than 1.5E+2.
        return f"{value.normalize():f}"
    return csv_cell(value)


class XLSXRenderer(BaseRenderer):
    """Every table of the answer as a worksheet, with an "About" sheet saying what it is."""

    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        view = renderer_context["view"]
        content = workbook_bytes(sheets=tables_of(data, view), about=_about(data, view))
        renderer_context["response"]["Content-Disposition"] = _filename(
            view, renderer_context, "xlsx"
        )
        return content


def workbook_bytes(
    *,
    sheets: Iterable[tuple[Table, Iterable[Mapping[str, Any]]]],
    about: list[tuple[str, Any]],
    about_first: bool = False,
) -> bytes:
    """An XLSX workbook with a worksheet per table (bold, frozen headers; dates as dates and
    numbers as numbers) and an "About" sheet of labelled values, last unless ``about_first``
    (as in a document, where it is the cover)."""
    written = [_sheet(table, rows) for table, rows in sheets]
    if about:
        cover = Sheet("About", widths=[30, 60], frozen_header=False)
        for label, value in about:
            cover.append([label, typed(value, "text")])
        written.insert(0 if about_first else len(written), cover)
    return xlsx.workbook(written)


def _sheet(table: Table, rows) -> Sheet:
    sheet = Sheet(
        table.title,
        widths=[max(10, min(60, len(column.label) + 2)) for column in table.columns],
        frozen_header=True,
    )
    sheet.append([column.label for column in table.columns], bold=True)
    for values in table_rows(rows, table.columns):
        sheet.append(values)
    return sheet
