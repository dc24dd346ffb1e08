"""A small programme to import into and export from, and helpers to build workbooks."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from openpyxl import Workbook, load_workbook

from tests import factories as f


@pytest.fixture
def programme(db):
    """Two projects with a lead each, milestones, risks and an indicator with figures."""
    pmo = f.pmo_user(username="pmo")
    lead = f.lead_user(username="lead")
    other_lead = f.lead_user(username="other")
    director = f.director_user(username="director")
    lead_person = f.PersonFactory(name="Lee Lead", email="lee@example.org", user=lead)
    other_person = f.PersonFactory(name="Ola Other", email="ola@example.org", user=other_lead)
    workstream = f.WorkstreamFactory(number=1, name="Sufficiency")
    own = f.ProjectFactory(
        code="SUF-01", title="More special school places", workstream=workstream, lead=lead_person
    )
    theirs = f.ProjectFactory(
        code="SUF-02", title="Resourced provision", workstream=workstream, lead=other_person
    )
    f.MilestoneFactory(project=own, title="Business case approved", is_key=True)
    f.MilestoneFactory(project=theirs, title="Sites chosen", baseline_date=None)
    from projects.services import risk_save

    risk = risk_save(risk=f.RiskFactory.build(project=own, owner=lead_person, title="Builder"))
    indicator = f.IndicatorFactory(code="KPI-01", owner=lead_person)
    other_indicator = f.IndicatorFactory(code="KPI-02", owner=other_person)
    f.MeasurementFactory(indicator=indicator, period=date(2026, 9, 1), value=Decimal("61.5"))
    f.MeasurementFactory(indicator=other_indicator, period=date(2026, 9, 1), value=Decimal("10"))
    return SimpleNamespace(
        pmo=pmo,
        lead=lead,
        other_lead=other_lead,
        director=director,
        lead_person=lead_person,
        workstream=workstream,
        own=own,
        theirs=theirs,
        risk=risk,
        indicator=indicator,
        other_indicator=other_indicator,
    )


def excel_date(year: int, month: int, day: int) -> datetime:
    """A date as Excel cells hold it: a datetime at midnight, with no time zone."""
    return datetime(year, month, day)  # noqa: DTZ001


def workbook(sheets: dict[str, list[list]]) -> io.BytesIO:
    """An .xlsx file holding the given sheets, each a list of rows (the first the headers)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def sheet_rows(content: bytes, name: str) -> list[list]:
    """The rows of one sheet of an .xlsx file, as values."""
    book = load_workbook(io.BytesIO(content), data_only=True)
    return [list(row) for row in book[name].iter_rows(values_only=True)]
