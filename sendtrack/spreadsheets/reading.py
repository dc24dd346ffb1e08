"""Turning an uploaded XLSX or CSV file into rows per known sheet: finding the header row under
any title or note above it, matching headers however they are spaced or capitalised, skipping
blank lines, and noting sheets and columns that sendtrack does not read."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .cells import is_blank, text
from .layout import SHEETS, SHEETS_BY_NAME, Sheet
from .problems import RowProblem

# The header row is looked for among the first rows, under any title or note.
HEADER_SEARCH_ROWS = 10
# A workbook larger than this is refused rather than read into memory.
MAX_ROWS_PER_SHEET = 20_000
IGNORED_SHEETS = {"about", "read me", "readme", "instructions", "notes"}


def header_key(value: Any) -> str:
    """A header reduced to its letters and digits, so that "Project Code " matches."""
    return re.sub(r"[^0-9a-z]", "", text(value).casefold())


@dataclass
class SheetRows:
    """A sheet's rows as read: each row's number in the file and its cells by field name."""

    spec: Sheet
    title: str
    header_row: int = 0
    columns: dict[str, int] = field(default_factory=dict)
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


@dataclass
class Workbook:
    """Every known sheet found in a file, and what could not be read or was left out."""

    sheets: list[SheetRows] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[RowProblem] = field(default_factory=list)


def read_file(upload: BinaryIO, filename: str) -> Workbook:
    """Read an uploaded .xlsx or .csv file (by its name's ending) into sheets of rows."""
    name = filename.lower()
    if name.endswith(".csv"):
        return _read_csv(upload.read(), filename)
    if name.endswith(".xlsx") or name.endswith(".xlsm"):
        return _read_xlsx(upload)
    book = Workbook()
    hint = " Save it from Excel as an .xlsx workbook." if name.endswith(".xls") else ""
    book.problems.append(
        RowProblem(
            filename,
            None,
            message=f"sendtrack reads Excel workbooks (.xlsx) and CSV files (.csv).{hint}",
        )
    )
    return book


def _read_xlsx(upload: BinaryIO) -> Workbook:
    book = Workbook()
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        book.problems.append(
            RowProblem(
                "File",
                None,
                message="The file cannot be opened as an Excel workbook (.xlsx): it may be "
                f"damaged or of another kind ({error.__class__.__name__}). Open it in Excel "
                "and save it again as an .xlsx workbook.",
            )
        )
        return book
    try:
        seen: set[str] = set()
        for worksheet in workbook.worksheets:
            title = worksheet.title.strip()
            spec = SHEETS_BY_NAME.get(title.casefold())
            if spec is None:
                if title.casefold() not in IGNORED_SHEETS:
                    book.notes.append(
                        RowProblem(
                            title,
                            None,
                            message="sendtrack reads only the sheets "
                            + ", ".join(f"“{s.name}”" for s in SHEETS)
                            + ": this sheet was left out.",
                        )
                    )
                continue
            if spec.name in seen:
                book.problems.append(
                    RowProblem(title, None, message=f"A second “{spec.name}” sheet: keep one.")
                )
                continue
            seen.add(spec.name)
            rows = worksheet.iter_rows(values_only=True, max_row=MAX_ROWS_PER_SHEET + 50)
            _collect(book, spec, title, enumerate(rows, start=1))
    finally:
        workbook.close()
    return book


def _read_csv(content: bytes, filename: str) -> Workbook:
    book = Workbook()
    try:
        decoded = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        decoded = content.decode("cp1252", errors="replace")
    if "\x00" in decoded:
        book.problems.append(RowProblem(filename, None, message="The file is not a CSV text file."))
        return book
    try:
        dialect = csv.Sniffer().sniff(decoded[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(decoded, newline=""), dialect))
    spec = _guess_sheet(rows[:HEADER_SEARCH_ROWS])
    if spec is None:
        book.problems.append(
            RowProblem(
                filename,
                None,
                message="The CSV file's headers match none of sendtrack's sheets. Start from "
                "the template: its headers (e.g. “Project code”, “Indicator code”) say what "
                "each file holds.",
            )
        )
        return book
    _collect(book, spec, spec.name, enumerate(rows, start=1))
    return book


def _guess_sheet(rows: list[list[Any]]) -> Sheet | None:
    """The sheet whose headers a CSV file's header row matches best (at least two)."""
    best, best_score = None, 1
    for spec in SHEETS:
        wanted = {header_key(h) for h in spec.headers}
        for row in rows:
            score = len(wanted & {header_key(cell) for cell in row})
            if score > best_score:
                best, best_score = spec, score
    return best


def _collect(book: Workbook, spec: Sheet, title: str, numbered_rows) -> None:
    """Find the header row, map its columns, then gather the non-blank rows beneath it."""
    sheet = SheetRows(spec=spec, title=title)
    wanted = {header_key(column.header): column for column in spec.columns}
    for number, row in numbered_rows:
        if not sheet.header_row:
            found = {
                index: wanted[header_key(cell)]
                for index, cell in enumerate(row, start=1)
                if header_key(cell) in wanted
            }
            if len(found) >= 2:
                sheet.header_row = number
                _map_header(book, sheet, row, found)
            elif number >= HEADER_SEARCH_ROWS:
                break
            continue
        if all(is_blank(cell) for cell in row):
            continue
        if len(sheet.rows) >= MAX_ROWS_PER_SHEET:
            book.problems.append(
                RowProblem(
                    title,
                    number,
                    message=f"A sheet may hold at most {MAX_ROWS_PER_SHEET:,} rows: split the "
                    "file and import each part.",
                )
            )
            return
        cells = {
            column.field: row[index - 1] if index - 1 < len(row) else None
            for column in spec.columns
            if (index := sheet.columns.get(column.field))
        }
        sheet.rows.append((number, cells))
    if not sheet.header_row:
        book.problems.append(
            RowProblem(
                title,
                None,
                message="No header row found in the first "
                f"{HEADER_SEARCH_ROWS} rows. Put the column headers ("
                + ", ".join(f"“{h}”" for h in spec.headers[:3])
                + ", …) in one row above the data, as in the template.",
            )
        )
        return
    book.sheets.append(sheet)


def _map_header(book: Workbook, sheet: SheetRows, row, found: dict) -> None:
    title, number = sheet.title, sheet.header_row
    for index, column in found.items():
        if column.field in sheet.columns:
            book.problems.append(
                RowProblem(
                    title,
                    number,
                    index,
                    column.header,
                    f"“{column.header}” appears twice in the header row: keep one.",
                )
            )
            continue
        sheet.columns[column.field] = index
    for index, cell in enumerate(row, start=1):
        if index not in found and not is_blank(cell):
            book.notes.append(
                RowProblem(
                    title,
                    number,
                    index,
                    text(cell),
                    "sendtrack does not read this column: it was left out.",
                )
            )
    for column in sheet.spec.columns:
        if column.required and column.field not in sheet.columns:
            book.problems.append(
                RowProblem(
                    title,
                    number,
                    header=column.header,
                    message=f"The “{column.header}” column is missing. Add it to the header row.",
                )
            )
