"""Latest value, RAG against target (tolerance, polarity) and direction of travel."""

from datetime import date
from decimal import Decimal

import pytest

from indicators.models import Indicator
from indicators.selectors import (
    Direction,
    indicators_missing_return,
    indicators_with_latest,
    measurements_with_rag,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

HIGHER, LOWER = Indicator.Polarity.HIGHER, Indicator.Polarity.LOWER


def _indicator_with(polarity, values, *, target="80", tolerance="5", unit="percent"):
    indicator = f.IndicatorFactory(polarity=polarity, unit=unit)
    f.TargetFactory(indicator=indicator, value=Decimal(target), tolerance=Decimal(tolerance))
    for month, value in enumerate(values, start=1):
        f.MeasurementFactory(indicator=indicator, period=date(2026, month, 1), value=value)
    return indicators_with_latest().get(pk=indicator.pk)


@pytest.mark.parametrize(
    ("polarity", "value", "rag"),
    [
        (HIGHER, "80", "green"),  # target met exactly
        (HIGHER, "92", "green"),
        (HIGHER, "75", "amber"),  # short by exactly the tolerance
        (HIGHER, "77.5", "amber"),
        (HIGHER, "74.9", "red"),
        (LOWER, "80", "green"),
        (LOWER, "60", "green"),
        (LOWER, "85", "amber"),  # over by exactly the tolerance
        (LOWER, "85.1", "red"),
    ],
)
def test_rag_against_target_with_tolerance_and_polarity(polarity, value, rag):
    row = _indicator_with(polarity, [Decimal(value)])
    assert row.latest_value == Decimal(value)
    assert row.rag == rag


def test_no_target_means_no_rag():
    indicator = f.IndicatorFactory()
    f.MeasurementFactory(indicator=indicator, value=Decimal(50))
    assert indicators_with_latest().get(pk=indicator.pk).rag is None


def test_no_measurement_means_no_latest_value_and_no_rag():
    indicator = f.IndicatorFactory()
    f.TargetFactory(indicator=indicator)
    row = indicators_with_latest().get(pk=indicator.pk)
    assert (row.latest_value, row.latest_period, row.rag) == (None, None, None)


@pytest.mark.parametrize(
    ("polarity", "values", "direction"),
    [
        (HIGHER, ["50", "60"], Direction.IMPROVING),
        (HIGHER, ["60", "50"], Direction.WORSENING),
        (LOWER, ["1080", "397"], Direction.IMPROVING),  # a backlog falling is good
        (LOWER, ["397", "1080"], Direction.WORSENING),
        (HIGHER, ["55", "55"], Direction.NO_CHANGE),
        (HIGHER, ["55"], None),
    ],
)
def test_direction_of_travel_follows_polarity(polarity, values, direction):
    row = _indicator_with(polarity, [Decimal(v) for v in values], target="1000", unit="count")
    assert row.direction == direction


def test_latest_uses_the_most_recent_period_whatever_the_entry_order():
    indicator = f.IndicatorFactory()
    f.MeasurementFactory(indicator=indicator, period=date(2026, 9, 1), value=70)
    f.MeasurementFactory(indicator=indicator, period=date(2026, 7, 1), value=10)
    f.MeasurementFactory(indicator=indicator, period=date(2026, 8, 1), value=40)
    row = indicators_with_latest().get(pk=indicator.pk)
    assert (row.latest_period, row.latest_value, row.previous_value) == (
        date(2026, 9, 1),
        Decimal(70),
        Decimal(40),
    )


def test_the_target_in_force_for_the_period_is_used():
    # given the target rose from 60 to 80 in April 2026
    indicator = f.IndicatorFactory()
    f.TargetFactory(indicator=indicator, value=60, tolerance=5, applies_from=date(2025, 1, 1))
    f.TargetFactory(indicator=indicator, value=80, tolerance=5, applies_from=date(2026, 4, 1))
    f.MeasurementFactory(indicator=indicator, period=date(2026, 3, 1), value=62)
    f.MeasurementFactory(indicator=indicator, period=date(2026, 5, 1), value=62)
    # then March is green against 60 and May is red against 80
    rows = {m.period: m for m in measurements_with_rag().filter(indicator=indicator)}
    assert rows[date(2026, 3, 1)].target_value == 60
    assert rows[date(2026, 3, 1)].rag == "green"
    assert rows[date(2026, 5, 1)].target_value == 80
    assert rows[date(2026, 5, 1)].rag == "red"
    assert indicators_with_latest().get(pk=indicator.pk).target_value == 80


@pytest.mark.parametrize("n", [2, 20])
def test_indicators_with_latest_is_one_query(django_assert_num_queries, n):
    for _ in range(n):
        indicator = f.IndicatorFactory()
        f.TargetFactory(indicator=indicator)
        f.MeasurementFactory(indicator=indicator, period=date(2026, 8, 1))
        f.MeasurementFactory(indicator=indicator, period=date(2026, 9, 1))
    with django_assert_num_queries(1):
        rows = list(indicators_with_latest())
        assert all(r.owner.name for r in rows)
    assert len(rows) == n


def test_indicators_missing_return_are_the_monthly_ones_without_a_figure_for_the_month():
    # given three monthly indicators, one with October's figure, and an annual one without
    returned = f.IndicatorFactory()
    f.MeasurementFactory(indicator=returned, period=date(2026, 10, 1))
    late = f.IndicatorFactory()
    f.MeasurementFactory(indicator=late, period=date(2026, 9, 1))
    never = f.IndicatorFactory()
    f.IndicatorFactory(frequency=Indicator.Frequency.ANNUAL)

    # when / then
    missing = indicators_missing_return(period=date(2026, 10, 15))
    assert set(missing) == {late, never}


@pytest.mark.parametrize(
    ("polarity", "target", "tolerance", "value", "expected"),
    [
        # exactly at target minus (or plus) tolerance is still amber, on every database
        ("higher", "1.1", "0.2", "0.9", "amber"),
        ("lower", "0.7", "0.1", "0.8", "amber"),
        ("higher", "80", "5", "74.9999", "red"),
        ("lower", "14", "2", "16.0001", "red"),
    ],
)
def test_rag_at_the_edge_of_the_tolerance_is_exact(polarity, target, tolerance, value, expected):
    indicator = f.IndicatorFactory(polarity=polarity, unit=Indicator.Unit.RATE)
    f.TargetFactory(indicator=indicator, value=Decimal(target), tolerance=Decimal(tolerance))
    f.MeasurementFactory(indicator=indicator, value=Decimal(value))
    assert indicators_with_latest().get(pk=indicator.pk).rag == expected


def test_a_context_indicator_has_no_rag_and_no_direction():
    indicator = f.IndicatorFactory(polarity=Indicator.Polarity.NEUTRAL, unit="count")
    f.TargetFactory(indicator=indicator, value=Decimal("100"))
    f.MeasurementFactory(indicator=indicator, period=date(2026, 9, 1), value=Decimal("90"))
    f.MeasurementFactory(indicator=indicator, period=date(2026, 10, 1), value=Decimal("120"))
    row = indicators_with_latest().get(pk=indicator.pk)
    assert (row.rag, row.direction) == (None, None)


def test_a_forecast_is_never_the_latest_figure_nor_a_return():
    # given figures for September and October and a forecast for January
    indicator = f.IndicatorFactory(allows_forecasts=True)
    f.TargetFactory(indicator=indicator, value=Decimal(80), tolerance=Decimal(5))
    f.MeasurementFactory(indicator=indicator, period=date(2026, 9, 1), value=60)
    f.MeasurementFactory(indicator=indicator, period=date(2026, 10, 1), value=70)
    f.MeasurementFactory(indicator=indicator, period=date(2027, 1, 1), value=90, status="forecast")

    row = indicators_with_latest().get(pk=indicator.pk)

    # then the latest is October's, rated and compared with September's
    assert (row.latest_period, row.latest_value, row.previous_value) == (
        date(2026, 10, 1),
        Decimal(70),
        Decimal(60),
    )
    assert (row.latest_status, row.rag, row.direction) == ("final", "red", Direction.IMPROVING)
    # and a forecast for a month is not that month's return
    assert indicator in indicators_missing_return(period=date(2027, 1, 1))
