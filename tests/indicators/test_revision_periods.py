"""Revisions recorded before they named their kind of period take it from the figure they
revised when the database is upgraded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps

from indicators.models import StatisticRevision
from tests import factories as f

pytestmark = pytest.mark.django_db

upgrade = import_module("indicators.migrations.0014_revisions_name_their_period_type")


def test_an_older_revision_takes_the_period_type_of_the_figure_it_revised():
    # given a monthly indicator holding a January 2024 figure and the 2024 calendar year's,
    # with revisions of the annual figure and of England's January census, recorded blank
    indicator = f.IndicatorFactory(code="KPI-03", frequency="monthly")
    f.MeasurementFactory(indicator=indicator, period=date(2024, 1, 1), period_type="month")
    f.MeasurementFactory(indicator=indicator, period=date(2023, 1, 1), period_type="calendar_year")
    f.BenchmarkFactory(
        indicator=indicator,
        period=date(2025, 1, 1),
        period_type="january_census",
        comparator="england",
        value=Decimal("5"),
    )
    annual = f.StatisticRevisionFactory(indicator=indicator, period=date(2023, 1, 1))
    census = f.StatisticRevisionFactory(
        indicator=indicator, period=date(2025, 1, 1), comparator="england"
    )
    gone = f.StatisticRevisionFactory(indicator=indicator, period=date(2020, 1, 1))
    StatisticRevision.objects.update(period_type="")

    # when the database is upgraded
    upgrade.fill_from_revised_figures(apps, None)

    # then each names its period as the figure it revised does (or the indicator's own kind)
    named = {r.pk: r.period_label for r in StatisticRevision.objects.all()}
    assert named == {
        annual.pk: "2023 (calendar year)",
        census.pk: "January 2025 census",
        gone.pk: "January 2020",
    }
