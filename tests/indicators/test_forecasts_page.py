"""An indicator's page shows a forecast as a forecast: labelled in the table, drawn as its own
line on the chart, named in the chart's summary, and never as the latest figure."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_forecast_is_labelled_and_drawn_apart_from_the_figures(on_4_december_2026):
    # given October's and November's figures and a forecast for March 2027
    indicator = f.IndicatorFactory(code="KPI-07", unit="percent", allows_forecasts=True)
    f.MeasurementFactory(indicator=indicator, period=date(2026, 10, 1), value=Decimal(61))
    f.MeasurementFactory(indicator=indicator, period=date(2026, 11, 1), value=Decimal(64))
    f.MeasurementFactory(
        indicator=indicator, period=date(2027, 3, 1), value=Decimal(75), status="forecast"
    )
    client = Client()
    client.force_login(f.director_user(username="director"))

    response = client.get("/performance/KPI-07/")

    page = response.content.decode()
    assert "The latest figure is 64.0% for November 2026." in page
    assert "Forecast, not yet returned: 75.0% for March 2027." in page
    assert page.count('<strong class="govuk-tag govuk-tag--grey">Forecast</strong>') == 1
    chart = response.context["chart"]
    assert chart["values"] == [61.0, 64.0, None]
    assert chart["forecast"] == [None, None, 75.0]
