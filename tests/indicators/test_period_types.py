"""Every figure names the period it covers as a person says it, an annual and a monthly figure
of one indicator never collide, the latest figure and the direction of travel compare like
with like, a gap is given only between comparable figures, and figures are written to the
indicator's own decimal places: on the pages, in the API, the KPI report's CSV and XLSX and the
published snapshot."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from indicators.models import Benchmark, ImportRun, Indicator, Measurement
from indicators.official.services import official_statistics_import
from indicators.periods import PeriodType, period_label
from tests import factories as f
from tests.api.conftest import token_client

from .official_setup import caseload_mappings, kent, timeliness_mapping, upload

pytestmark = pytest.mark.django_db

C = Benchmark.Comparator


@pytest.fixture
def director(db):
    return f.director_user(username="director")


@pytest.fixture
def pmo(db):
    return f.pmo_user(username="pmo")


def page(user, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("period", "period_type", "label"),
    [
        (date(2026, 11, 1), PeriodType.MONTH, "November 2026"),
        (date(2026, 10, 1), PeriodType.QUARTER, "Q3 2026/27"),
        (date(2027, 1, 1), PeriodType.QUARTER, "Q4 2026/27"),
        (date(2026, 4, 1), PeriodType.FINANCIAL_YEAR, "2026/27 financial year"),
        (date(2023, 9, 1), PeriodType.ACADEMIC_YEAR, "2023/24 academic year"),
        (date(2024, 1, 1), PeriodType.CALENDAR_YEAR, "2024 (calendar year)"),
        (date(2025, 1, 1), PeriodType.JANUARY_CENSUS, "January 2025 census"),
        (date(2026, 9, 1), PeriodType.TERM, "Autumn term 2026/27"),
        (date(2026, 10, 1), PeriodType.SNAPSHOT, "1 October 2026 (snapshot)"),
    ],
)
def test_a_period_is_named_as_a_person_says_it(period, period_type, label):
    assert period_label(period, period_type) == label


def test_an_annual_and_a_monthly_figure_for_the_same_month_do_not_collide(pmo):
    # given a monthly indicator with October 2026's figure
    indicator = f.IndicatorFactory(code="KPI-01")
    client = token_client(pmo)
    month = {"indicator": indicator.pk, "period": "2026-01", "value": "61"}
    assert client.post("/api/v1/measurements/", month).status_code == 201

    # when the calendar year starting in the same month is added
    year = {**month, "period_type": "calendar_year", "value": "58.5"}
    response = client.post("/api/v1/measurements/", year)

    # then both are kept, each naming its period
    assert response.status_code == 201, response.json()
    assert response.json()["period_type"] == "calendar_year"
    assert response.json()["period_label"] == "2026 (calendar year)"
    listed = client.get(f"/api/v1/measurements/?indicator={indicator.pk}").json()["results"]
    assert sorted(m["period_label"] for m in listed) == ["2026 (calendar year)", "January 2026"]
    # and a second figure of the same type for the same period is a conflict, named in words
    again = client.post("/api/v1/measurements/", {**year, "value": "59"})
    assert again.status_code == 409
    assert "already has a figure for 2026 (calendar year)" in str(again.json())


def test_a_period_must_start_where_its_type_starts(pmo):
    indicator = f.IndicatorFactory(code="KPI-01")
    response = token_client(pmo).post(
        "/api/v1/measurements/",
        {
            "indicator": indicator.pk,
            "period": "2023-10",
            "period_type": "academic_year",
            "value": "50",
        },
    )

    assert response.status_code == 400
    assert "An academic year starts in September" in str(response.json())


def test_the_latest_figure_and_direction_read_the_indicators_own_period_type(director, pmo):
    # given a monthly backlog (lower is better) with a newer annual figure beside its months
    backlog = f.IndicatorFactory(
        code="KPI-02", title="Backlog", unit="count", polarity=Indicator.Polarity.LOWER
    )
    for period, value in ((date(2025, 11, 1), 1080), (date(2026, 10, 1), 230)):
        f.MeasurementFactory(indicator=backlog, period=period, value=Decimal(value))
    f.MeasurementFactory(indicator=backlog, period=date(2026, 11, 1), value=Decimal(240))
    f.MeasurementFactory(
        indicator=backlog,
        period=date(2027, 1, 1),
        period_type=PeriodType.CALENDAR_YEAR,
        value=Decimal(9999),
    )

    # then the latest is November 2026's month, worsening since October 2026's
    performance = page(director, "/performance/")
    assert "November 2026" in performance
    assert "Worsening" in performance
    assert "since October 2026" in performance
    assert "9,999" not in performance
    listed = token_client(pmo).get("/api/v1/indicators/").json()
    api = next(i for i in listed.get("results", listed) if i["code"] == "KPI-02")
    assert (api["latest_value"], api["latest_period_label"]) == (240.0, "November 2026")
    assert api["direction"] == "worsening"
    assert api["direction_compares"] == "since October 2026"
    assert api["period_type"] == "month"
    # and the KPI report says what the direction compares and names the year-before figure
    report = token_client(pmo).get("/api/v1/reports/kpis/?period=2026-11").json()
    row = next(r for r in report["results"] if r["code"] == "KPI-02")
    assert (row["direction"], row["direction_compares"]) == ("worsening", "since October 2026")
    assert (row["last_year_period_label"], row["last_year_text"]) == ("November 2025", "1,080")


def test_an_annual_indicator_compares_with_the_year_before(director):
    indicator = f.IndicatorFactory(
        code="DFE-01", frequency=Indicator.Frequency.ANNUAL, unit="percent"
    )
    assert indicator.period_type == PeriodType.CALENDAR_YEAR
    f.MeasurementFactory(indicator=indicator, period=date(2023, 1, 1), value=Decimal("40"))
    f.MeasurementFactory(indicator=indicator, period=date(2024, 1, 1), value=Decimal("44.25"))

    text = page(director, "/performance/DFE-01/")

    assert "The latest figure is 44.3% for 2024 (calendar year)." in text
    assert "Improving since the 2023 calendar year, when it was 40.0%." in text


@pytest.fixture
def imported(db):
    """The DfE's caseload (a count and a percentage, January census) and 20-week timeliness
    (a percentage, calendar year), imported for Kent."""
    kent()
    caseload_mappings()
    timeliness_mapping(title="New EHC plans issued within 20 weeks")
    return official_statistics_import(
        uploads=[upload("caseload.csv"), upload("timeliness_20_week.csv")],
        user=None,
        door=ImportRun.Door.COMMAND,
        release="2025",
    )


def test_imported_figures_carry_the_files_period_type(imported):
    assert imported.outcome == ImportRun.Outcome.IMPORTED
    plans = Indicator.objects.get(code="DFE-02")
    assert plans.period_type == PeriodType.JANUARY_CENSUS
    assert set(plans.measurements.values_list("period_type", flat=True)) == {"january_census"}
    assert set(plans.benchmarks.values_list("period_type", flat=True)) == {"january_census"}
    timeliness = Indicator.objects.get(code="DFE-01")
    assert set(timeliness.measurements.values_list("period_type", flat=True)) == {"calendar_year"}


def test_a_count_is_shown_beside_its_comparators_without_a_gap(director, imported):
    plans = Indicator.objects.get(code="DFE-02")
    latest = plans.measurements.order_by("-period").first()
    england = plans.benchmarks.get(period=latest.period, comparator=C.ENGLAND)

    text = page(director, "/performance/")

    row = text[text.index("DFE-02") : text.index("</tr>", text.index("DFE-02"))]
    assert f"{latest.value:,.0f}" in row  # thousands separated, no decimals for a count
    assert f"{england.value:,.0f}" in row
    assert "gap" not in row
    assert period_label(latest.period, PeriodType.JANUARY_CENSUS) in row
    percentage = text[text.index("DFE-01") : text.index("</tr>", text.index("DFE-01"))]
    assert "gap " in percentage


def test_the_kpi_report_leaves_a_counts_gaps_blank_in_csv_and_xlsx(pmo, imported):
    client = token_client(pmo)
    text = client.get("/api/v1/reports/kpis/?period=2023-06&format=csv").content.decode()
    rows = {row["Indicator"]: row for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))}

    plans, timeliness = rows["DFE-02"], rows["DFE-01"]
    assert plans["Period"] == "January 2023 census"
    assert plans["Each figure covers"] in ("january_census", "January census")
    assert plans["England"] != ""
    assert plans["Gap to England"] == ""
    assert plans["Gaps to comparators given"] in ("False", "false", "No")
    assert "," in plans["England as shown"]  # thousands separated
    assert timeliness["Period"] == "2023 (calendar year)"
    assert timeliness["Gap to England"] != ""

    book = load_workbook(
        io.BytesIO(client.get("/api/v1/reports/kpis/?period=2023-06&format=xlsx").content)
    )
    sheet = book.worksheets[-1] if "KPI" in book.worksheets[-1].title else book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    found = {
        row[header.index("Indicator")]: row for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert found["DFE-02"][header.index("Period")] == "January 2023 census"
    assert found["DFE-02"][header.index("Gap to England")] in (None, "")


def test_provenance_is_one_click_away_on_the_indicator_page_and_in_the_api(director, pmo, imported):
    text = page(director, "/performance/DFE-01/")

    assert '<summary class="govuk-details__summary">' in text
    assert "<dt>Release</dt><dd>2025</dd>" in text
    assert f"/admin/indicators/importrun/{imported.pk}/change/" in text
    # the figure's own cell holds the figure alone
    assert "From timeliness" not in text

    figures = token_client(pmo).get("/api/v1/measurements/?format=json").json()["results"]
    latest = next(m for m in figures if m["indicator_code"] == "DFE-01")
    assert latest["source_file"] == "timeliness_20_week.csv"
    assert latest["source_release"] == "2025"
    assert isinstance(latest["source_row"], int)
    assert latest["source_run"] == imported.pk
    assert latest["period_label"].endswith("(calendar year)")


def test_figures_are_written_to_the_indicators_decimal_places(director):
    indicator = f.IndicatorFactory(code="KPI-09", unit="count", decimal_places=1)
    f.MeasurementFactory(indicator=indicator, period=date(2026, 10, 1), value=Decimal("6682.25"))

    assert "6,682.3" in page(director, "/performance/")
    assert "6,682.3" in page(director, "/performance/KPI-09/")


def test_the_published_scorecard_names_the_period_and_what_the_direction_compares(pmo):
    from projects.reports import Month
    from sendtrack.publications.selectors import kpis_section

    indicator = f.IndicatorFactory(
        code="DFE-01", frequency=Indicator.Frequency.ANNUAL, unit="percent", is_public=True
    )
    f.MeasurementFactory(indicator=indicator, period=date(2023, 1, 1), value=Decimal("40"))
    f.MeasurementFactory(indicator=indicator, period=date(2024, 1, 1), value=Decimal("44"))

    rows = kpis_section(month=Month(start=date(2024, 6, 1), today=date(2026, 12, 4)))["rows"]

    row = next(r for r in rows if r["code"] == "DFE-01")
    assert row["period_display"] == "2024 (calendar year)"
    assert row["value_display"] == "44.0%"
    assert row["direction_display"] == "Improving since the 2023 calendar year"
    assert Measurement.objects.filter(indicator=indicator).count() == 2
