"""An indicator's owner enters each period's figure on the indicator's page; the programme
office sets definitions, targets and benchmarks; directors read."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from indicators.models import Indicator, Measurement
from projects.selectors import month_start, previous_month
from tests import factories as f
from tests.html_forms import form_data, inline_row, set_field

from .conftest import add_inline_row, admin_form_data, client_for, inline_row_index

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:indicators_indicator_changelist")


def change_url(indicator: Indicator) -> str:
    return reverse("admin:indicators_indicator_change", args=[indicator.pk])


@pytest.fixture
def indicators(lead):
    """The lead owns the 20-week timeliness indicator; someone else owns another."""
    _, person = lead
    mine = f.IndicatorFactory(
        code="KPI-01", title="New EHC plans issued within 20 weeks", owner=person
    )
    f.TargetFactory(indicator=mine, value=Decimal("80"), tolerance=Decimal("5"))
    f.MeasurementFactory(indicator=mine, period=date(2026, 8, 1), value=Decimal("70"))
    f.MeasurementFactory(indicator=mine, period=date(2026, 9, 1), value=Decimal("77.5"))
    theirs = f.IndicatorFactory(code="KPI-09", title="Annual reviews completed on time")
    return mine, theirs


def test_an_owner_sees_only_their_indicators_with_latest_figure_and_rag(lead, indicators):
    response = client_for(lead[0]).get(CHANGELIST)

    assert "KPI-01" in response.text
    assert "KPI-09" not in response.text
    assert "77.5%" in response.text
    assert "September 2026" in response.text
    assert '<span class="rag rag--amber">Amber</span>' in response.text
    assert "Improving" in response.text


def test_the_programme_office_lists_the_monthly_figures_still_to_come(pmo, indicators):
    mine, theirs = indicators
    f.MeasurementFactory(indicator=theirs, period=previous_month(timezone.localdate()))
    f.IndicatorFactory(code="KPI-25", frequency=Indicator.Frequency.ANNUAL)
    client = client_for(pmo)

    missing = client.get(CHANGELIST, {"returned": "missing"})
    filed = client.get(CHANGELIST, {"returned": "filed"})

    assert [i.code for i in missing.context["cl"].result_list] == ["KPI-01"]
    assert [i.code for i in filed.context["cl"].result_list] == ["KPI-09"]


def test_an_owner_cannot_open_another_owners_indicator(lead, indicators):
    _, theirs = indicators

    response = client_for(lead[0]).get(change_url(theirs), follow=True)

    assert "doesn’t exist" in response.text


def test_the_owner_enters_the_periods_figure(lead, indicators):
    user, _ = lead
    mine, _ = indicators
    client = client_for(user)
    data = admin_form_data(client.get(change_url(mine)))
    row = int(data["measurements-TOTAL_FORMS"]) - 1
    # the new row already names the month just gone
    assert data[f"measurements-{row}-period"] == str(previous_month(timezone.localdate()))
    data[f"measurements-{row}-value"] = "81.2"
    data[f"measurements-{row}-status"] = "provisional"

    response = client.post(change_url(mine), data)

    assert response.status_code == 302, response.context["errors"]
    figure = mine.measurements.get(period=previous_month(timezone.localdate()))
    assert figure.value == Decimal("81.2")
    assert figure.entered_by == user


def test_a_percentage_over_100_is_refused_and_nothing_is_saved(lead, indicators):
    user, _ = lead
    mine, _ = indicators
    client = client_for(user)
    data = admin_form_data(client.get(change_url(mine)))
    september = mine.measurements.get(period=date(2026, 9, 1))
    data[f"measurements-{inline_row_index(data, 'measurements', september.pk)}-value"] = "78"
    row = int(data["measurements-TOTAL_FORMS"]) - 1
    data[f"measurements-{row}-value"] = "120"

    response = client.post(change_url(mine), data)

    assert response.status_code == 200
    assert "This indicator is a percentage: enter a number from 0 to 100." in response.text
    september.refresh_from_db()
    assert september.value == Decimal("77.5")
    assert mine.measurements.count() == 2


def test_two_figures_for_one_period_are_refused(lead, indicators):
    user, _ = lead
    mine, _ = indicators
    client = client_for(user)
    data = admin_form_data(client.get(change_url(mine)))
    add_inline_row(data, "measurements", period="2026-07-01", value="60", status="final")
    add_inline_row(data, "measurements", period="2026-07-01", value="61", status="final")

    response = client.post(change_url(mine), data)

    assert response.status_code == 200
    assert "Two figures are for July 2026. Keep one of them." in response.text
    assert mine.measurements.count() == 2


def browser_adds_row(data: dict[str, list[str]], prefix: str) -> str:
    """Press "Add another": the page's script copies the empty template row to a new index.
    Returns the new row's name prefix."""
    index = int(data[f"{prefix}-TOTAL_FORMS"][0])
    template = f"{prefix}-__prefix__-"
    for name, values in list(data.items()):
        if name.startswith(template):
            data[f"{prefix}-{index}-" + name.removeprefix(template)] = list(values)
    data[f"{prefix}-TOTAL_FORMS"] = [str(index + 1)]
    return f"{prefix}-{index}"


def test_a_monthly_and_an_annual_figure_starting_in_one_month_are_both_taken(lead, indicators):
    # given the indicator page as the owner's browser receives it
    user, _ = lead
    mine, _ = indicators
    client = client_for(user)
    data = form_data(client.get(change_url(mine)), form_id="indicator_form")
    # when they enter January 2024 and the 2024 calendar year in one save
    for period_type, value in (("month", "70"), ("calendar_year", "72.4")):
        row = browser_adds_row(data, "measurements")
        set_field(data, f"{row}-period", "2024-01-01")
        set_field(data, f"{row}-period_type", period_type)
        set_field(data, f"{row}-value", value)
        set_field(data, f"{row}-status", "final")

    response = client.post(change_url(mine), data)

    # then both are kept, each with its kind of period
    assert response.status_code == 302, response.context["errors"]
    saved = mine.measurements.filter(period=date(2024, 1, 1))
    assert {(m.period_label, m.value) for m in saved} == {
        ("January 2024", Decimal("70")),
        ("2024 (calendar year)", Decimal("72.4")),
    }


def test_two_annual_figures_for_one_year_are_refused_naming_the_year(lead, indicators):
    user, _ = lead
    mine, _ = indicators
    client = client_for(user)
    data = form_data(client.get(change_url(mine)), form_id="indicator_form")
    for value in ("72.4", "73"):
        row = browser_adds_row(data, "measurements")
        set_field(data, f"{row}-period", "2024-01-01")
        set_field(data, f"{row}-period_type", "calendar_year")
        set_field(data, f"{row}-value", value)
        set_field(data, f"{row}-status", "final")

    response = client.post(change_url(mine), data)

    assert response.status_code == 200
    assert "Two figures are for 2024 (calendar year). Keep one of them." in response.text
    assert not mine.measurements.filter(period=date(2024, 1, 1)).exists()


def test_a_new_figure_for_a_period_already_entered_is_refused(lead, indicators):
    user, _ = lead
    mine, _ = indicators
    client = client_for(user)
    data = admin_form_data(client.get(change_url(mine)))
    add_inline_row(data, "measurements", period="2026-09-01", value="60", status="final")

    response = client.post(change_url(mine), data)

    assert response.status_code == 200
    assert "This indicator already has a figure for this period." in response.text
    assert mine.measurements.get(period=date(2026, 9, 1)).value == Decimal("77.5")


def test_an_owner_cannot_change_the_definition_or_targets(lead, indicators):
    user, _ = lead
    mine, _ = indicators
    client = client_for(user)
    data = admin_form_data(client.get(change_url(mine)))
    data.update({"title": "Renamed", "targets-0-value": "50"})

    response = client.post(change_url(mine), data)

    assert response.status_code == 302, response.context["errors"]
    mine.refresh_from_db()
    assert mine.title == "New EHC plans issued within 20 weeks"
    assert mine.targets.get().value == Decimal("80")


def test_the_programme_office_changes_targets(pmo, indicators):
    mine, _ = indicators
    client = client_for(pmo)
    data = admin_form_data(client.get(change_url(mine)))
    data["targets-0-value"] = "85"

    response = client.post(change_url(mine), data)

    assert response.status_code == 302, response.context["errors"]
    assert mine.targets.get().value == Decimal("85")


def test_a_director_reads_figures_but_enters_none(director, indicators):
    mine, _ = indicators
    client = client_for(director)

    assert client.get(change_url(mine)).status_code == 200
    assert client.post(change_url(mine), {"title": "x"}).status_code == 403
    assert (
        client.post(
            reverse("admin:indicators_measurement_add"),
            {"indicator": mine.pk, "period": "2026-10-01", "value": "80", "status": "final"},
        ).status_code
        == 403
    )


def test_the_figures_list_shows_each_figures_rag_against_its_target(pmo, indicators):
    response = client_for(pmo).get(reverse("admin:indicators_measurement_changelist"))

    assert '<span class="rag rag--red">Red</span>' in response.text  # 70 against 80 ± 5
    assert '<span class="rag rag--amber">Amber</span>' in response.text  # 77.5


def test_an_owner_adds_a_figure_from_the_figures_list_only_for_their_indicators(lead, indicators):
    user, _ = lead
    mine, theirs = indicators
    client = client_for(user)
    url = reverse("admin:indicators_measurement_add")

    refused = client.post(
        url, {"indicator": theirs.pk, "period": "2026-10-01", "value": "80", "status": "final"}
    )
    saved = client.post(
        url, {"indicator": mine.pk, "period": "2026-10-01", "value": "80", "status": "final"}
    )

    assert "Select a valid choice" in refused.text
    assert saved.status_code == 302
    assert Measurement.objects.get(period=date(2026, 10, 1)).entered_by == user


def _indicators(size: int, person) -> Indicator:
    first = None
    for _ in range(size):
        indicator = f.IndicatorFactory(owner=person)
        first = first or indicator
        f.TargetFactory(indicator=indicator)
        f.BenchmarkFactory(indicator=indicator, period=previous_month(timezone.localdate()))
        month = month_start(timezone.localdate())
        for _ in range(3):
            month = previous_month(month)
            f.MeasurementFactory(indicator=indicator, period=month)
    return first


@pytest.mark.parametrize(
    "name", ["indicators_indicator", "indicators_measurement", "indicators_target"]
)
def test_the_indicator_lists_use_the_same_queries_at_any_size(
    lead, django_assert_num_queries, name
):
    user, person = lead
    client = client_for(user)
    url = reverse(f"admin:{name}_changelist")
    _indicators(2, person)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _indicators(15, person)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.context["cl"].result_count >= 17


@pytest.mark.parametrize("figures", [1, 10])
def test_the_indicator_page_uses_the_same_queries_at_any_size(
    lead, django_assert_num_queries, figures
):
    user, person = lead
    indicator = f.IndicatorFactory(owner=person)
    month = month_start(timezone.localdate())
    for _ in range(figures):
        month = previous_month(month)
        f.MeasurementFactory(indicator=indicator, period=month)
        f.BenchmarkFactory(indicator=indicator, period=month)
        f.TargetFactory(indicator=indicator, applies_from=month)
    client = client_for(user)
    client.get(
        change_url(indicator)
    )  # fills the process's caches (content types), as a server's are

    with django_assert_num_queries(15):
        response = client.get(change_url(indicator))

    assert len(response.context["inline_admin_formsets"][0].formset.forms) == figures + 1


def test_a_figure_for_a_period_already_entered_is_refused_on_the_figures_list(lead, indicators):
    user, _ = lead
    mine, _ = indicators

    response = client_for(user).post(
        reverse("admin:indicators_measurement_add"),
        {"indicator": mine.pk, "period": "2026-09-01", "value": "50", "status": "final"},
    )

    assert response.status_code == 200
    assert "This indicator already has a figure for this period." in response.text
    assert mine.measurements.count() == 2


def test_a_second_target_from_the_same_date_is_refused(pmo, indicators):
    mine, _ = indicators
    client = client_for(pmo)
    data = admin_form_data(client.get(change_url(mine)))
    add_inline_row(data, "targets", value="90", tolerance="5", applies_from="2020-01-01")

    response = client.post(change_url(mine), data)

    assert response.status_code == 200
    assert "This indicator already has a target from this date." in response.text
    assert mine.targets.count() == 1


# --- Figures for periods to come ----------------------------------------------------------


def test_a_figure_for_a_month_not_yet_begun_is_refused(lead, indicators, on_4_december_2026):
    # given a project lead on their indicator's page on 4 December 2026
    user, _ = lead
    mine, _ = indicators
    client = client_for(user)
    data = admin_form_data(client.get(change_url(mine)))
    row = int(data["measurements-TOTAL_FORMS"]) - 1
    # when they enter a figure for January 2027
    data[f"measurements-{row}-period"] = "2027-01-01"
    data[f"measurements-{row}-value"] = "95"
    data[f"measurements-{row}-status"] = "final"

    response = client.post(change_url(mine), data)

    # then it is refused, saying why, and the latest figure is still September's
    assert response.status_code == 200
    assert (
        "This period starts on 1 January 2027, after today (4 December 2026). Enter it once "
        "the period has begun." in response.text
    )
    assert not mine.measurements.filter(period=date(2027, 1, 1)).exists()


def test_a_figure_for_the_month_under_way_is_taken(lead, indicators, on_4_december_2026):
    user, _ = lead
    mine, _ = indicators
    client = client_for(user)
    data = admin_form_data(client.get(change_url(mine)))
    row = int(data["measurements-TOTAL_FORMS"]) - 1
    data[f"measurements-{row}-period"] = "2026-12-01"
    data[f"measurements-{row}-value"] = "79"
    data[f"measurements-{row}-status"] = "provisional"

    response = client.post(change_url(mine), data)

    assert response.status_code == 302
    assert mine.measurements.get(period=date(2026, 12, 1)).value == 79


def test_a_forecast_is_taken_only_where_the_indicator_takes_forecasts(
    pmo, indicators, on_4_december_2026
):
    mine, _ = indicators
    client = client_for(pmo)
    url = reverse("admin:indicators_measurement_add")
    form = admin_form_data(client.get(url))
    assert ("forecast", "Forecast") in Measurement.Status.choices
    forecast = form | {"indicator": mine.pk, "period": "2027-01-01", "value": "85"}
    forecast["status"] = "forecast"

    refused = client.post(url, forecast)
    mine.allows_forecasts = True
    mine.save()
    saved = client.post(url, forecast)

    assert "This indicator does not take forecasts" in refused.text
    assert saved.status_code == 302
    assert Measurement.objects.get(period=date(2027, 1, 1)).status == "forecast"
    # and a forecast is never the latest figure
    listed = client.get(CHANGELIST)
    assert "77.5%" in listed.text
    assert "September 2026" in listed.text


def test_the_programme_office_marks_an_indicator_as_taking_forecasts(pmo, indicators):
    mine, _ = indicators
    client = client_for(pmo)
    data = admin_form_data(client.get(change_url(mine)))
    data["allows_forecasts"] = "on"

    response = client.post(change_url(mine), data)

    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.allows_forecasts


def test_an_owners_edit_of_a_figure_loaded_without_its_enterer_names_them(lead, indicators):
    # given a figure loaded with nobody recorded as entering it (as the demo loads them)
    user, _ = lead
    mine, _ = indicators
    september = mine.measurements.get(period=date(2026, 9, 1))
    assert september.entered_by is None
    client = client_for(user)
    data = form_data(client.get(change_url(mine)), form_id="indicator_form")

    # when the owner revises it on the indicator page
    set_field(data, f"{inline_row(data, 'measurements', september.pk)}-value", "78")
    response = client.post(change_url(mine), data)

    # then the figure names them as its enterer, as its history does
    assert response.status_code == 302, response.context["errors"]
    september.refresh_from_db()
    assert september.value == Decimal("78")
    assert september.entered_by == user
    assert september.history.latest().history_user == user
