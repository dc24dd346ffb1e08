"""``indicators_with_latest`` finds each indicator's latest figure, the figure before it and
the target in force once each and reads every derived figure from those rows: these pin the
figures on the cases where a shortcut would pick the wrong row."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import F, Value

from indicators.models import Benchmark, Indicator, Measurement
from indicators.selectors import Direction, indicators_with_latest
from tests import factories as f

pytestmark = pytest.mark.django_db


def _row(indicator, **kwargs):
    return indicators_with_latest(**kwargs).get(pk=indicator.pk)


def _figure(indicator, month, value, **kwargs):
    return f.MeasurementFactory(
        indicator=indicator, period=date(2026, month, 1), value=Decimal(value), **kwargs
    )


def test_a_provisional_figure_is_the_latest_and_a_forecast_between_is_skipped():
    indicator = f.IndicatorFactory(allows_forecasts=True)
    _figure(indicator, 1, "40")
    _figure(indicator, 2, "45", status=Measurement.Status.FORECAST)
    _figure(indicator, 3, "50", status=Measurement.Status.PROVISIONAL)
    _figure(indicator, 4, "99", status=Measurement.Status.FORECAST)

    row = _row(indicator)

    assert (row.latest_period, row.latest_value, row.latest_status) == (
        date(2026, 3, 1),
        Decimal("50"),
        "provisional",
    )
    # the figure before is January's return, not February's forecast
    assert (row.previous_period, row.previous_value) == (date(2026, 1, 1), Decimal("40"))
    assert row.direction == Direction.IMPROVING


def test_a_figure_of_another_period_type_for_the_same_period_is_not_read():
    # a monthly indicator with an annual figure dated the same day as its latest month
    indicator = f.IndicatorFactory(period_type="month")
    _figure(indicator, 1, "60")
    _figure(indicator, 2, "70")
    _figure(indicator, 2, "10", period_type="calendar_year")
    f.TargetFactory(indicator=indicator, value=Decimal("65"), tolerance=Decimal("1"))

    row = _row(indicator)

    assert (row.latest_value, row.previous_value) == (Decimal("70"), Decimal("60"))
    assert (row.target_value, row.rag, row.direction) == (
        Decimal("65"),
        "green",
        Direction.IMPROVING,
    )


def test_as_at_leaves_out_figures_from_after_it_and_takes_the_target_then_in_force():
    indicator = f.IndicatorFactory(polarity=Indicator.Polarity.LOWER)
    for month, value in [(1, "30"), (2, "20"), (3, "25"), (5, "5")]:
        _figure(indicator, month, value)
    f.TargetFactory(
        indicator=indicator,
        value=Decimal("22"),
        tolerance=Decimal("3"),
        applies_from=date(2025, 1, 1),
    )
    f.TargetFactory(
        indicator=indicator,
        value=Decimal("10"),
        tolerance=Decimal("0"),
        applies_from=date(2026, 4, 1),
    )

    then = _row(indicator, as_at=date(2026, 3, 31))
    now = _row(indicator)

    assert (then.latest_period, then.latest_value, then.previous_value) == (
        date(2026, 3, 1),
        Decimal("25"),
        Decimal("20"),
    )
    assert (then.target_value, then.rag, then.direction) == (
        Decimal("22"),
        "amber",
        Direction.WORSENING,
    )
    assert (now.latest_value, now.previous_value, now.target_value, now.rag) == (
        Decimal("5"),
        Decimal("25"),
        Decimal("10"),
        "green",
    )


def test_no_target_in_force_leaves_rag_empty_but_not_the_direction():
    indicator = f.IndicatorFactory()
    # a target that ended before the latest figure's period
    f.TargetFactory(
        indicator=indicator, applies_from=date(2025, 1, 1), applies_to=date(2025, 12, 1)
    )
    _figure(indicator, 1, "50")
    _figure(indicator, 2, "40")

    row = _row(indicator)

    assert (row.target_value, row.target_tolerance, row.rag) == (None, None, None)
    assert row.direction == Direction.WORSENING


def test_one_figure_has_no_previous_and_no_direction():
    indicator = f.IndicatorFactory()
    _figure(indicator, 6, "50")

    row = _row(indicator)

    assert (row.previous_value, row.previous_period, row.direction) == (None, None, None)


def test_since_leaves_out_figures_before_it():
    indicator = f.IndicatorFactory()
    _figure(indicator, 1, "50")
    _figure(indicator, 2, "60")

    row = _row(indicator, since=Value(date(2026, 2, 1)))
    none = _row(indicator, since=Value(date(2026, 3, 1)))

    assert (row.latest_value, row.previous_value) == (Decimal("60"), Decimal("50"))
    assert (none.latest_value, none.rag, none.direction) == (None, None, None)


def test_ranked_reads_the_benchmark_among_authorities_for_the_latest_period_and_type():
    indicator = f.IndicatorFactory()
    _figure(indicator, 1, "50")
    _figure(indicator, 2, "55")
    among = Benchmark.Comparator.LOCAL_AUTHORITIES
    f.BenchmarkFactory(indicator=indicator, period=date(2026, 1, 1), comparator=among, rank=3)
    f.BenchmarkFactory(
        indicator=indicator,
        period=date(2026, 2, 1),
        period_type="calendar_year",
        comparator=among,
        rank=9,
    )
    f.BenchmarkFactory(
        indicator=indicator, period=date(2026, 2, 1), comparator=among, rank=7, value=Decimal(52)
    )

    row = _row(indicator, ranked=True)

    assert (row.rank_period, row.rank, row.authorities_median) == (
        date(2026, 2, 1),
        7,
        Decimal("52"),
    )


def test_the_figures_can_be_filtered_ordered_and_counted_in_one_query(
    django_assert_num_queries,
):
    red = f.IndicatorFactory(code="KPI-RED")
    f.TargetFactory(indicator=red, value=Decimal("80"), tolerance=Decimal("5"))
    _figure(red, 1, "10")
    empty = f.IndicatorFactory(code="KPI-NONE")

    with django_assert_num_queries(1):
        assert list(indicators_with_latest().filter(rag="red").values_list("code", flat=True)) == [
            "KPI-RED"
        ]
    with django_assert_num_queries(1):
        assert indicators_with_latest().count() == 2
    ordered = list(
        indicators_with_latest().order_by(F("latest_period").asc(nulls_last=True), "code")
    )
    assert [row.pk for row in ordered] == [red.pk, empty.pk]
