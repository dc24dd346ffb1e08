"""The daily snapshot of indicators."""

from datetime import date
from decimal import Decimal

import pytest

from indicators.models import Direction, IndicatorSnapshot
from indicators.selectors import indicator_snapshots_on
from indicators.services import indicator_snapshots_take
from sendtrack.kernel.rag import RAG
from tests import factories as f

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 16)


def test_each_indicator_gets_its_latest_figure_target_rag_and_direction():
    # given an indicator whose October figure (72%) is short of its 80% target by more than
    # the 5-point tolerance, and better than September's
    indicator = f.IndicatorFactory(code="KPI-01")
    f.TargetFactory(indicator=indicator, value=Decimal("80"), tolerance=Decimal("5"))
    f.MeasurementFactory(indicator=indicator, period=date(2026, 9, 1), value=Decimal("70"))
    f.MeasurementFactory(indicator=indicator, period=date(2026, 10, 1), value=Decimal("72"))
    f.IndicatorFactory(code="KPI-02")  # no figures yet

    assert indicator_snapshots_take(day=DAY) == 2

    row = IndicatorSnapshot.objects.get(day=DAY, indicator=indicator)
    assert (row.period, row.value, row.target) == (date(2026, 10, 1), 72, 80)
    assert (row.rag, row.direction) == (RAG.RED, Direction.IMPROVING)
    empty = IndicatorSnapshot.objects.get(day=DAY, indicator__code="KPI-02")
    assert (empty.value, empty.rag, empty.direction) == (None, None, None)


def test_taking_it_twice_keeps_one_row_per_indicator_and_day():
    f.MeasurementFactory(value=Decimal("50"))
    indicator_snapshots_take(day=DAY)
    first = list(IndicatorSnapshot.objects.values_list("pk", "value", "rag"))

    indicator_snapshots_take(day=DAY)

    assert list(IndicatorSnapshot.objects.values_list("pk", "value", "rag")) == first


def test_the_snapshot_on_a_day_reads_the_latest_taken_by_then():
    measurement = f.MeasurementFactory(value=Decimal("50"))
    indicator_snapshots_take(day=date(2026, 11, 1))
    measurement.value = Decimal("60")
    measurement.save()
    indicator_snapshots_take(day=DAY)

    assert [row.value for row in indicator_snapshots_on(day=date(2026, 11, 15))] == [50]
    assert [row.value for row in indicator_snapshots_on(day=DAY)] == [60]
