"""Nothing dated after today is taken through the API: a figure or a status report for a
period not yet begun, a milestone or plan action completed tomorrow. A forecast is taken only
for an indicator that takes forecasts, and is never the indicator's latest figure."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from indicators.models import Measurement
from projects.models import StatusReport
from tests import factories as f

from .conftest import token_client
from .test_resources import errors_by_field

pytestmark = pytest.mark.django_db


def test_a_figure_for_a_period_not_yet_begun_is_a_400_on_its_period(lead, on_4_december_2026):
    # given a project lead on 4 December 2026
    indicator = f.IndicatorFactory(owner=lead[1], code="KPI-01")
    client = token_client(lead[0])

    # when they post a figure for January 2027, then December 2026 (begun, not over)
    refused = client.post(
        "/api/v1/measurements/", {"indicator": indicator.pk, "period": "2027-01", "value": "95"}
    )
    taken = client.post(
        "/api/v1/measurements/", {"indicator": indicator.pk, "period": "2026-12", "value": "70"}
    )

    assert refused.status_code == 400
    assert errors_by_field(refused)["period"] == (
        "This period starts on 1 January 2027, after today (4 December 2026). Enter it once "
        "the period has begun."
    )
    assert taken.status_code == 201
    assert list(Measurement.objects.values_list("period", flat=True)) == [date(2026, 12, 1)]


def test_a_forecast_is_taken_where_the_indicator_takes_them_and_is_never_latest(
    pmo, on_4_december_2026
):
    refusing = f.IndicatorFactory(code="KPI-01")
    taking = f.IndicatorFactory(code="KPI-02", allows_forecasts=True)
    f.MeasurementFactory(indicator=taking, period=date(2026, 11, 1), value=60)
    client = token_client(pmo)
    forecast = {"period": "2027-01", "value": "75", "status": "forecast"}

    refused = client.post("/api/v1/measurements/", {"indicator": refusing.pk, **forecast})
    unmarked = client.post(
        "/api/v1/measurements/", {"indicator": taking.pk, **forecast, "status": "final"}
    )
    taken = client.post("/api/v1/measurements/", {"indicator": taking.pk, **forecast})

    assert refused.status_code == 400
    assert "does not take forecasts" in errors_by_field(refused)["status"]
    assert unmarked.status_code == 400
    assert "mark it as a forecast" in errors_by_field(unmarked)["period"]
    assert taken.status_code == 201, taken.json()
    latest = client.get(f"/api/v1/indicators/{taking.pk}/").json()
    assert (latest["latest_value"], latest["latest_period"]) == (60, "2026-11-01")
    assert latest["allows_forecasts"] is True


def test_a_status_report_for_a_month_not_yet_begun_is_a_400(lead, on_4_december_2026):
    project = f.ProjectFactory(lead=lead[1])
    report = {"project": project.pk, "rag": "green", "commentary": "On track."}

    refused = token_client(lead[0]).post("/api/v1/status-reports/", report | {"period": "2027-01"})
    taken = token_client(lead[0]).post("/api/v1/status-reports/", report | {"period": "2026-12"})

    assert refused.status_code == 400
    assert "starts on 1 January 2027, after today" in errors_by_field(refused)["period"]
    assert taken.status_code == 201
    assert StatusReport.objects.get().period == date(2026, 12, 1)


def test_a_completion_dated_after_today_is_a_400(lead, pmo, on_4_december_2026):
    milestone = f.MilestoneFactory(project=f.ProjectFactory(lead=lead[1]))
    action = f.PlanActionFactory()

    done_tomorrow = token_client(lead[0]).patch(
        f"/api/v1/milestones/{milestone.pk}/", {"completed_date": "2026-12-05"}
    )
    completed_tomorrow = token_client(pmo).patch(
        f"/api/v1/plan-actions/{action.pk}/", {"status": "complete", "completed_on": "2026-12-05"}
    )

    assert done_tomorrow.status_code == 400
    assert "in the future" in errors_by_field(done_tomorrow)["completed_date"]
    assert completed_tomorrow.status_code == 400
    assert "in the future" in errors_by_field(completed_tomorrow)["completed_on"]


def test_the_figures_export_says_which_figure_is_a_forecast_and_names_its_period(
    pmo, on_4_december_2026
):
    # given a returned figure for the 2025 calendar year and a forecast for January 2027
    indicator = f.IndicatorFactory(code="KPI-02", allows_forecasts=True)
    f.MeasurementFactory(
        indicator=indicator, period=date(2025, 1, 1), period_type="calendar_year", value=60
    )
    f.MeasurementFactory(indicator=indicator, period=date(2027, 1, 1), value=75, status="forecast")
    client = token_client(pmo)

    # when an analyst downloads the figures as CSV and as XLSX
    as_csv = client.get("/api/v1/measurements/?format=csv&ordering=period")
    as_xlsx = client.get("/api/v1/measurements/?format=xlsx&ordering=period")

    # then each row carries its kind of period, the period in words and its status
    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert [(r["Period type"], r["Period named"], r["Status"], r["Value"]) for r in rows] == [
        ("calendar_year", "2025 (calendar year)", "final", "60"),
        ("month", "January 2027", "forecast", "75"),
    ]
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).worksheets[0]
    table = list(sheet.iter_rows(values_only=True))
    header = list(table[0])
    named, status = header.index("Period named"), header.index("Status")
    assert [(row[named], row[status]) for row in table[1:]] == [
        ("2025 (calendar year)", "final"),
        ("January 2027", "forecast"),
    ]
