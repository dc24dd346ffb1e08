"""A small, fast XLSX writer for the tables sendtrack gives out: worksheets of rows with a bold,
frozen header, column widths, and cells that are what their values are (text as text, never a
formula; numbers as numbers; dates and times as dates with their format; yes/no as
booleans).

The file is the minimal Office Open XML workbook every spreadsheet reads (content types,
relationships, workbook, styles and one part per sheet, text written inline), built as
strings a row at a time: several times faster than a general library's cell objects, which
mattered for reports of thousands of rows."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from sendtrack.kernel.exports import FORMULA_STARTS, xlsx_text

# Styles (cellXfs): 0 plain, 1 bold, 2 date, 3 date and time.
BOLD, DATE, DATETIME = 1, 2, 3
# Spreadsheets hold no time zones: a day number counts local days and times.
EPOCH = datetime(1899, 12, 30)  # noqa: DTZ001
_TEXT_ESCAPES = {"\r": "&#13;"}
# Text holding none of these, and not starting as a formula would, is written as it is.
_SPECIAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f&<>\r]")

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "{sheets}</Types>"
)
_SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    "<bookViews><workbookView/></bookViews><sheets>{sheets}</sheets></workbook>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    "{sheets}"
    '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/styles" Target="styles.xml"/></Relationships>'
)
_SHEET_REL = (
    '<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet{n}.xml"/>'
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd h:mm:ss"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
_FROZEN_HEADER = (
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
    'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView>'
    "</sheetViews>"
)


def column_letter(index: int) -> str:
    """The letters of the 0-based column ``index``: A, B, … Z, AA, …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _serial(value: date) -> str:
    """A date or time as the spreadsheet's day number."""
    if isinstance(value, datetime):
        moment = value.replace(tzinfo=None) - EPOCH
        return repr(moment.days + moment.seconds / 86400 + moment.microseconds / 86400e6)
    return str((value - EPOCH.date()).days)


def _text(value: str) -> str:
    """Text as a text cell's XML content: neutralised, without what XML cannot hold, escaped."""
    if value and (value[0] in FORMULA_STARTS or _SPECIAL.search(value)):
        return escape(xlsx_text(value), _TEXT_ESCAPES)
    return value


def _cell(ref: str, value: Any) -> str:
    """One cell's XML, or "" for a blank."""
    kind = type(value)
    if kind is str:
        if not value:
            return ""
        text = _text(value)
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    if value is None:
        return ""
    if kind is bool:
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if kind is int:
        return f'<c r="{ref}"><v>{value}</v></c>'
    if kind is float or isinstance(value, Decimal):
        return f'<c r="{ref}"><v>{float(value)!r}</v></c>'
    if isinstance(value, datetime):
        return f'<c r="{ref}" s="{DATETIME}"><v>{_serial(value)}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}" s="{DATE}"><v>{_serial(value)}</v></c>'
    if isinstance(value, bool):
        return _cell(ref, bool(value))
    if isinstance(value, int):
        return _cell(ref, int(value))
    if isinstance(value, float):
        return _cell(ref, float(value))
    if isinstance(value, time):
        return _cell(ref, value.isoformat())
    return _cell(ref, str(value))


class Sheet:
    """A worksheet being written: its title, column widths, whether the first row is a frozen
    header, and its rows as XML."""

    def __init__(self, title: str, *, widths: Sequence[float], frozen_header: bool) -> None:
        self.title = title[:31]
        self.widths = list(widths)
        self.frozen_header = frozen_header
        self._rows: list[str] = []
        self._letters: list[str] = []

    def append(self, values: Sequence[Any], *, bold: bool = False) -> None:
        """Add a row of values after the last."""
        letters = self._letters
        while len(letters) < len(values):
            letters.append(column_letter(len(letters)))
        number = len(self._rows) + 1
        if bold:
            cells = "".join(
                f'<c r="{letters[i]}{number}" s="{BOLD}" t="inlineStr"><is><t>'
                f"{_text(str(value))}</t></is></c>"
                for i, value in enumerate(values)
            )
        else:
            cells = "".join(_cell(f"{letters[i]}{number}", value) for i, value in enumerate(values))
        self._rows.append(f'<row r="{number}">{cells}</row>')

    def xml(self) -> str:
        views = _FROZEN_HEADER if self.frozen_header else ""
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{width:g}" customWidth="1"/>'
            for i, width in enumerate(self.widths, 1)
        )
        cols = f"<cols>{cols}</cols>" if cols else ""
        rows = "".join(self._rows)
        return f"{_SHEET_START}{views}{cols}<sheetData>{rows}</sheetData></worksheet>"


def workbook(sheets: Iterable[Sheet]) -> bytes:
    """The XLSX file of ``sheets``, in order."""
    sheets = list(sheets)
    numbered = list(enumerate(sheets, 1))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr(
            "[Content_Types].xml",
            _CONTENT_TYPES.format(sheets="".join(_SHEET_TYPE.format(n=n) for n, _ in numbered)),
        )
        package.writestr("_rels/.rels", _ROOT_RELS)
        package.writestr(
            "xl/workbook.xml",
            _WORKBOOK.format(
                sheets="".join(
                    f'<sheet name={quoteattr(sheet.title)} sheetId="{n}" r:id="rId{n}"/>'
                    for n, sheet in numbered
                )
            ),
        )
        package.writestr(
            "xl/_rels/workbook.xml.rels",
            _WORKBOOK_RELS.format(sheets="".join(_SHEET_REL.format(n=n) for n, _ in numbered)),
        )
        package.writestr("xl/styles.xml", _STYLES)
        for n, sheet in numbered:
            package.writestr(f"xl/worksheets/sheet{n}.xml", sheet.xml())
    return buffer.getvalue()
