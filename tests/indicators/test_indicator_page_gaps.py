"""An indicator's page with a benchmark for a period the council has no figure for: the row
shows dashes for the council's figure and target, never an error."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_benchmark_without_the_councils_figure_shows_dashes():
    # given England's figure for a month the council returned no figure for
    indicator = f.IndicatorFactory(code="KPI-77")
    f.MeasurementFactory(indicator=indicator, period=date(2026, 9, 1), value=Decimal("61.5"))
    f.BenchmarkFactory(indicator=indicator, period=date(2026, 10, 1), value=Decimal("50"))
    client = Client()
    client.force_login(f.director_user(username="director"))

    # when a director opens the indicator's page
    page = client.get("/performance/KPI-77/")

    # then it is shown, England's figure in the table
    assert page.status_code == 200
    assert "50" in page.content.decode()
