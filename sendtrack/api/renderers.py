"""CSV and XLSX renderers for every list and report. They write the same columns the JSON
carries (see ``tables``), under human headers; XLSX cells hold real dates and numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import xlsxwriter
from rest_framework.renderers import BaseRenderer

from ..exports import csv_cell, xlsx_text
from .tables import Column, Table, table_rows, typed

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
    (as in a document, where it is the cover).

    Written with XlsxWriter, row by row and in memory: several times faster than building
    cell objects, for the same file (text as text cells, never formulas)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {"in_memory": True, "remove_timezone": True, "strings_to_formulas": False},
    )
    formats = {
        "bold": workbook.add_format({"bold": True}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "datetime": workbook.add_format({"num_format": "yyyy-mm-dd h:mm:ss"}),
    }
    if about and about_first:
        _write_about(workbook, about, formats)
    for table, rows in sheets:
        _write_sheet(workbook, table, rows, formats)
    if about and not about_first:
        _write_about(workbook, about, formats)
    workbook.close()
    return buffer.getvalue()


def _writer(sheet, formats: dict[str, Any]):
    """A function writing one value in a cell as what it is: text as a text cell (neutralised),
    numbers as numbers, dates and times as dates with their format, blanks left blank."""
    write_string, write_number = sheet.write_string, sheet.write_number
    write_boolean, write_datetime = sheet.write_boolean, sheet.write_datetime
    date_format, datetime_format = formats["date"], formats["datetime"]

    def write(row: int, col: int, value: Any) -> None:
        kind = type(value)
        if value is None:
            return
        if kind is str:
            if value:
                write_string(row, col, xlsx_text(value))
        elif kind is bool:
            write_boolean(row, col, value)
        elif kind is int or kind is float:
            write_number(row, col, value)
        elif isinstance(value, Decimal):
            write_number(row, col, float(value))
        elif isinstance(value, datetime):
            write_datetime(row, col, value, datetime_format)
        elif isinstance(value, date):
            write_datetime(row, col, value, date_format)
        elif isinstance(value, bool):
            write_boolean(row, col, bool(value))
        elif isinstance(value, int | float):
            write_number(row, col, value)
        else:
            text = str(value)
            if text:
                write_string(row, col, xlsx_text(text))

    return write


def _write_about(workbook, about: list[tuple[str, Any]], formats: dict[str, Any]) -> None:
    sheet = workbook.add_worksheet("About")
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 60)
    write = _writer(sheet, formats)
    for row, (label, value) in enumerate(about):
        write(row, 0, label)
        write(row, 1, typed(value, "text"))


def _write_sheet(workbook, table: Table, rows, formats: dict[str, Any]) -> None:
    sheet = workbook.add_worksheet(table.title[:31])
    sheet.freeze_panes(1, 0)
    bold = formats["bold"]
    for index, column in enumerate(table.columns):
        sheet.set_column(index, index, max(10, min(60, len(column.label) + 2)))
        sheet.write_string(0, index, column.label, bold)
    write = _writer(sheet, formats)
    for row, values in enumerate(table_rows(rows, table.columns), 1):
        for col, value in enumerate(values):
            write(row, col, value)
