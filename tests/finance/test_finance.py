"""Safety Valve savings as every door shows them: the finance reads (as at a day), the finance
dashboard, and the API's monthly finance report in JSON, CSV and XLSX."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from projects.finance import finance_rows, finance_years, safety_valve_targets
from sendtrack.templatetags.sendtrack import pounds
from tests import factories as f

pytestmark = pytest.mark.django_db


def on(day: date, factory, **fields):
    """A record saved as if on ``day``: its history starts then."""
    record = factory.build(**fields)
    record._history_date = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    record.save()
    return record


@pytest.fixture
def savings():
    """Two Safety Valve projects in 2024/25: one reports by month, one by the year; a project
    outside Safety Valve; and the agreement's target for the year."""
    monthly = f.ProjectFactory(code="SV-01", safety_valve=True)
    yearly = f.ProjectFactory(code="SV-02", safety_valve=True)
    f.ProjectFactory(code="OTHER-1")
    on(
        date(2024, 4, 2),
        f.SavingsYearFactory,
        project=monthly,
        financial_year=2024,
        planned_savings=Decimal("500000"),
        forecast_remaining=Decimal("200000"),
        budget=Decimal("50000"),
    )
    on(
        date(2024, 5, 3),
        f.SavingsMonthFactory,
        project=monthly,
        month=date(2024, 4, 1),
        delivered_savings=Decimal("40000"),
        spend=Decimal("1000"),
    )
    on(
        date(2024, 6, 3),
        f.SavingsMonthFactory,
        project=monthly,
        month=date(2024, 5, 1),
        delivered_savings=Decimal("60000"),
        spend=Decimal("2000"),
    )
    on(
        date(2024, 4, 2),
        f.SavingsYearFactory,
        project=yearly,
        financial_year=2024,
        planned_savings=Decimal("250000.50"),
        delivered_savings=Decimal("90000"),
    )
    on(
        date(2024, 4, 1),
        f.SafetyValveTargetFactory,
        financial_year=2024,
        savings_target=Decimal("1000000"),
    )
    return monthly, yearly


def test_pounds_are_written_with_thousands_and_pence_only_when_there_are_any():
    assert pounds(Decimal("1234567")) == "£1,234,567"
    assert pounds(Decimal("1234.5")) == "£1,234.50"
    assert pounds(Decimal("-300")) == "−£300"
    assert pounds(None) == "–"


def test_monthly_figures_are_added_up_and_the_forecast_adds_what_is_still_expected(savings):
    rows = {r["project_code"]: r for r in finance_rows()}

    assert set(rows) == {"SV-01", "SV-02"}
    assert rows["SV-01"]["delivered"] == Decimal("100000")
    assert rows["SV-01"]["spend"] == Decimal("3000")
    assert rows["SV-01"]["forecast"] == Decimal("300000")
    assert rows["SV-02"]["delivered"] == Decimal("90000")
    # nothing more expected was given: the forecast is what was delivered, not a made-up zero
    assert rows["SV-02"]["forecast"] == Decimal("90000")
    assert rows["SV-02"]["spend"] is None


def test_figures_read_as_at_a_day_ignore_what_was_entered_later(savings):
    rows = {r["project_code"]: r for r in finance_rows(as_at=date(2024, 5, 31))}

    # May's figure was entered on 3 June
    assert rows["SV-01"]["delivered"] == Decimal("40000")
    assert finance_rows(as_at=date(2024, 3, 31)) == []
    assert safety_valve_targets(as_at=date(2024, 3, 31)) == {}


def test_a_changed_figure_leaves_the_earlier_reading_as_it_was(savings):
    monthly, _ = savings
    before = finance_rows(as_at=date(2024, 6, 30))
    month = monthly.finance_months.get(month=date(2024, 4, 1))
    month.delivered_savings = Decimal("1")
    month.save()

    assert finance_rows(as_at=date(2024, 6, 30)) == before
    assert {r["project_code"]: r for r in finance_rows()}["SV-01"]["delivered"] == Decimal("60001")


def test_the_years_totals_are_set_against_the_target(savings):
    (year,) = finance_years(finance_rows(), targets=safety_valve_targets())

    assert year["financial_year_label"] == "2024/25 financial year"
    assert year["planned"] == Decimal("750000.50")
    assert year["forecast"] == Decimal("390000")
    assert year["forecast_gap"] == Decimal("-610000")


def test_the_finance_page_shows_the_years_and_workstreams_in_pounds(savings):
    client = Client()
    client.force_login(f.director_user(username="director"))

    page = client.get("/finance/").content.decode()

    assert "2024/25 financial year" in page
    assert "£750,000.50" in page
    assert "£1,000,000" in page
    assert 'data-chart="finance-data"' in page
    assert "OTHER-1" not in page


def test_a_lead_sees_only_their_own_projects_savings(savings):
    monthly, _ = savings
    user = f.lead_user(username="lead")
    monthly.lead.user = user
    monthly.lead.save()
    client = Client()
    client.force_login(user)

    page = client.get("/finance/").content.decode()

    assert "SV-01" in page
    assert "SV-02" not in page


def _add(count: int) -> None:
    for _ in range(count):
        project = f.ProjectFactory(safety_valve=True)
        f.SavingsYearFactory(project=project, financial_year=2024, budget=10)
        f.SavingsMonthFactory(project=project, month=date(2024, 4, 1))


def test_the_finance_page_asks_the_same_number_of_queries_at_any_size(savings):
    client = Client()
    client.force_login(f.director_user(username="director"))
    client.get("/finance/")
    _add(2)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/finance/").status_code == 200
    _add(20)
    with CaptureQueriesContext(connection) as large:
        assert client.get("/finance/").status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def _report(fmt: str | None = None, **params):
    client = APIClient()
    client.force_authenticate(f.pmo_user(username="pmo"))
    if fmt:
        params["format"] = fmt
    return client.get("/api/v1/reports/finance/", {"period": "2024-05", **params})


def test_the_finance_report_reads_the_year_as_it_stood_at_the_months_end(savings):
    data = _report().json()

    assert data["title"] == "Finance report for May 2024"
    assert data["summary"]["financial_year"] == "2024/25 financial year"
    assert data["summary"]["delivered"] == 130000
    assert data["summary"]["target"] == 1000000
    rows = {r["project_code"]: r for r in data["results"]}
    assert rows["SV-01"]["delivered"] == 40000


def test_a_filtered_finance_report_gives_no_programme_target(savings):
    monthly, _ = savings
    data = _report(workstream=monthly.workstream_id).json()

    assert data["summary"]["target"] is None
    assert [r["project_code"] for r in data["results"]] == ["SV-01"]


def test_the_finance_report_as_csv_and_xlsx(savings):
    csv_text = _report("csv").content.decode("utf-8")
    book = openpyxl.load_workbook(io.BytesIO(_report("xlsx").content))

    assert "Planned savings (£)" in csv_text
    assert "SV-02" in csv_text
    assert "By workstream" in book.sheetnames


def test_the_schema_documents_the_finance_report():
    schema = Client().get("/api/schema/", {"format": "json"}).json()

    assert "/api/v1/reports/finance/" in schema["paths"]


def test_the_overview_shows_this_financial_years_savings_against_the_target():
    from django.utils import timezone

    from projects.models.finance import financial_year_of

    year = financial_year_of(timezone.localdate())
    f.SavingsYearFactory(financial_year=year, planned_savings=Decimal("1234567"))
    f.SafetyValveTargetFactory(financial_year=year, savings_target=Decimal("2000000"))
    client = Client()
    client.force_login(f.director_user(username="director"))

    page = client.get("/").content.decode()

    assert "Safety Valve savings" in page
    assert "£1,234,567" in page
    assert "£2,000,000" in page
