"""A spreadsheet as councils keep them: a merged note above the headers, stray spaces, blank
lines, dates as text and as Excel dates, an extra column, and a few wrong codes. It is
reported row by row, then, once corrected, imported whole."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook

from indicators.models import Measurement
from projects.models import Milestone
from sendtrack.spreadsheets.importer import import_spreadsheet
from tests.spreadsheets.conftest import excel_date

pytestmark = pytest.mark.django_db


def messy_workbook(*, corrected: bool = False, spelled_out: bool = False) -> io.BytesIO:
    book = Workbook()
    milestones = book.active
    milestones.title = " Milestones "
    milestones.append(["Milestones as reported to the board, March – KEEP UPDATED"])
    milestones.merge_cells("A1:F1")
    milestones.append([])
    milestones.append(
        ["Project Code ", "milestone", " Forecast date", "Completed date", "Key milestone?", "RAG"]
    )
    milestones.append(["SUF-01 ", "Business case approved  ", "31/01/2027", None, None, "Amber"])
    milestones.append([None, None, "   ", None])
    milestones.append(["SUF-01", "Builder appointed", excel_date(2027, 3, 1), "", "", ""])
    milestones.append([])
    milestones.append(
        [
            "SUF-01" if corrected else "SUF-1",
            "Opening",
            "1 September 2027" if spelled_out else "1 Sept 2027",
            "",
            "",
            "",
        ]
    )
    figures = book.create_sheet("KPI figures")
    figures.append(["Indicator code", "Month", "Value", "Numerator", "Denominator", "Status"])
    figures.append(["KPI-01", excel_date(2026, 10, 1), 62.5, None, None, "final"])
    figures.append(["KPI-01", "Nov 2026", "63.1%", "", "", "Provisional "])
    figures.append(["KPI-01", "2026-12" if corrected else "15/12/2026", 64, None, None, None])
    figures.append(["kpi-01 ", "July 2026", "n/a" if not corrected else 65, None, None, None])
    book.create_sheet("Chart data").append(["whatever the analyst keeps here"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_a_messy_spreadsheet_is_reported_row_by_row_then_imported_whole(
    programme, on_4_december_2026
):
    # when the messy file is checked
    report = import_spreadsheet(
        upload=messy_workbook(), filename="board.xlsx", user=programme.pmo, dry_run=False
    )
    # then each wrong cell is named by sheet, row and column, and nothing was written
    assert [str(problem) for problem in report.problems] == [
        "Milestones, row 8, column A (Project code): No project has the code “SUF-1”.",
        "Milestones, row 8, column C (Forecast date): “1 Sept 2027” is not a date. Enter a "
        "date such as 15/10/2026 or 2026-10-15.",
        "KPI figures, row 4, column B (Month): 15 December 2026 is not the start of a month. "
        "Enter the month, e.g. December 2026, or its first day (15/12/2026 → 1/12/2026).",
        "KPI figures, row 5, column C (Value): “n/a” is not a number. Enter a figure such as 69.5.",
    ]
    assert [str(note) for note in report.notes] == [
        "Milestones, row 3, column F (RAG): sendtrack does not read this column: it was left out.",
        "Chart data: sendtrack reads only the sheets “Projects”, “Milestones”, “Risks”, "
        "“KPI figures”: this sheet was left out.",
    ]
    assert not report.applied
    assert Milestone.objects.filter(project=programme.own).count() == 1
    assert Measurement.objects.filter(indicator=programme.indicator).count() == 1

    # when the wrong cells are corrected (the date in words too), the whole file goes in
    fixed = messy_workbook(corrected=True, spelled_out=True)
    report = import_spreadsheet(
        upload=fixed, filename="board.xlsx", user=programme.pmo, dry_run=False
    )
    assert report.problems == []
    assert report.applied
    assert {
        m.title: (m.forecast_date, m.is_key)
        for m in Milestone.objects.filter(project=programme.own)
    } == {
        "Business case approved": (date(2027, 1, 31), False),
        "Builder appointed": (date(2027, 3, 1), False),
        "Opening": (date(2027, 9, 1), False),
    }
    assert {
        m.period: (m.value, m.status)
        for m in Measurement.objects.filter(indicator=programme.indicator).exclude(
            period="2026-09-01"
        )
    } == {
        date(2026, 10, 1): (Decimal("62.5"), "final"),
        date(2026, 11, 1): (Decimal("63.1"), "provisional"),
        date(2026, 12, 1): (Decimal("64"), "final"),
        date(2026, 7, 1): (Decimal("65"), "final"),
    }
