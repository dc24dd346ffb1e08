"""Safety Valve savings as every door shows them: the finance reads (as at a day), the finance
dashboard, and the API's monthly finance report in JSON, CSV and XLSX."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from projects.finance import finance_rows, finance_years, safety_valve_targets
from projects.models.finance import financial_year_of
from projects.selectors import month_add
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


# The report month's own figures ----------------------------------------------------------------


def _june(monthly) -> None:
    """June 2024's figures for the monthly project, entered on 28 June (within the month):
    planned and delivered, no spend."""
    on(
        date(2024, 6, 28),
        f.SavingsMonthFactory,
        project=monthly,
        month=date(2024, 6, 1),
        planned_savings=Decimal("30000"),
        delivered_savings=Decimal("25000"),
    )


MONTH_KEYS = ("month_planned", "month_delivered", "month_spend")


def pick(row: dict, *keys: str) -> tuple:
    return tuple(None if row[k] is None else f"{Decimal(str(row[k])):.2f}" for k in keys)


def test_the_finance_report_gives_the_months_own_figures_beside_the_years(savings):
    monthly, _ = savings
    _june(monthly)

    data = _report(period="2024-06").json()

    rows = {r["project_code"]: r for r in data["results"]}
    # the month alone, beside the year to date (April, May and June added up)
    assert pick(rows["SV-01"], *MONTH_KEYS) == ("30000.00", "25000.00", None)
    assert rows["SV-01"]["delivered"] == 125000
    # a project that entered nothing for June has blanks, not zeros
    assert pick(rows["SV-02"], *MONTH_KEYS) == (None, None, None)
    # totals add up only the figures entered: no project entered June's spend
    assert pick(data["summary"], *MONTH_KEYS) == ("30000.00", "25000.00", None)
    (workstream,) = [
        w for w in data["workstreams"] if w["workstream"] == rows["SV-01"]["workstream"]
    ]
    assert pick(workstream, *MONTH_KEYS) == ("30000.00", "25000.00", None)


def test_the_finance_report_csv_and_xlsx_carry_the_months_own_columns(savings):
    monthly, _ = savings
    _june(monthly)

    text = _report("csv", period="2024-06").content.decode("utf-8")
    header, *lines = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    rows = {line[0]: dict(zip(header, line, strict=True)) for line in lines if line}
    book = openpyxl.load_workbook(io.BytesIO(_report("xlsx", period="2024-06").content))
    sheet = list(book[book.sheetnames[0]].values)

    assert [rows["SV-01"][f"{what} this month (£)"] for what in ("Planned", "Delivered")] == [
        "30000",
        "25000",
    ]
    assert rows["SV-01"]["Spend this month (£)"] == ""
    assert [
        rows["SV-02"][f"{what} this month (£)"] for what in ("Planned", "Delivered", "Spend")
    ] == [
        "",
        "",
        "",
    ]
    xlsx = {line[0]: dict(zip(sheet[0], line, strict=True)) for line in sheet[1:]}
    assert xlsx["SV-01"]["Delivered this month (£)"] == 25000
    assert xlsx["SV-02"]["Delivered this month (£)"] is None


def test_a_month_figure_entered_after_the_months_end_is_not_in_its_report(savings):
    monthly, _ = savings
    _june(monthly)
    # May's figure was entered on 3 June: May's report, as at 31 May, has no figure for May
    may = {r["project_code"]: r for r in _report(period="2024-05").json()["results"]}
    assert pick(may["SV-01"], *MONTH_KEYS) == (None, None, None)
    assert may["SV-01"]["delivered"] == 40000  # April's, entered 3 May, counts to date

    # June's figure corrected on 2 July: June's report keeps what stood on 30 June
    june = monthly.finance_months.get(month=date(2024, 6, 1))
    june.delivered_savings = Decimal("99999")
    june.spend = Decimal("500")
    june._history_date = datetime(2024, 7, 2, 12, tzinfo=UTC)
    june.save()
    rows = {r["project_code"]: r for r in _report(period="2024-06").json()["results"]}
    assert pick(rows["SV-01"], *MONTH_KEYS) == ("30000.00", "25000.00", None)


def _this_months_figures(project, **figures):
    month = month_add(timezone.localdate(), -1)
    return f.SavingsMonthFactory(project=project, month=month, **figures), month


def _project_row(page: str, code: str) -> list[str]:
    """The cells of ``code``'s row in the page's table of projects, as text."""
    table = page.split('id="finance-projects-table"', 1)[1].split("</table>", 1)[0]
    (row,) = [r for r in table.split("<tr")[1:] if f">{code}</a>" in r]
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def test_the_finance_page_shows_the_report_months_own_figures(db):
    with_month = f.ProjectFactory(code="SV-10", safety_valve=True)
    without = f.ProjectFactory(code="SV-11", safety_valve=True)
    _, month = _this_months_figures(
        with_month,
        planned_savings=Decimal("1500"),
        delivered_savings=Decimal("1234.5"),
        spend=Decimal("700"),
    )
    f.SavingsYearFactory(
        project=without, financial_year=financial_year_of(month), planned_savings=Decimal("9")
    )
    client = Client()
    client.force_login(f.director_user(username="director"))

    page = client.get("/finance/").content.decode()

    assert f"Month: {month:%B %Y}" in page
    assert "Delivered (financial year to date)" in page
    assert _project_row(page, "SV-10")[-3:] == ["£1,500", "£1,234.50", "£700"]
    assert _project_row(page, "SV-11")[-3:] == ["–", "–", "–"]
    # and the totals: only SV-10 entered a figure
    assert "£1,234.50" in page.split('id="finance-years-table"', 1)[1].split("</table>", 1)[0]
    assert "This month" in page  # the rule that explains the columns


def test_the_finance_page_and_report_ask_the_same_queries_with_month_figures(savings):
    client = Client()
    client.force_login(f.director_user(username="director"))
    api = APIClient()
    api.force_authenticate(f.pmo_user(username="pmo"))

    def add(count: int) -> None:
        for _ in range(count):
            project = f.ProjectFactory(safety_valve=True)
            _this_months_figures(project, spend=Decimal(1))
            on(
                date(2024, 6, 5),
                f.SavingsMonthFactory,
                project=project,
                month=date(2024, 6, 1),
                spend=Decimal(2),
            )

    def counts() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as page:
            assert client.get("/finance/").status_code == 200
        with CaptureQueriesContext(connection) as report:
            response = api.get("/api/v1/reports/finance/", {"period": "2024-06"})
            assert response.status_code == 200
        return len(page.captured_queries), len(report.captured_queries)

    counts()  # warm the permission caches
    add(2)
    small = counts()
    add(15)
    assert counts() == small
