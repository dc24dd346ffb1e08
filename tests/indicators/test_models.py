"""Measurement rules: one figure per indicator per period, values that fit their unit."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from indicators.models import Indicator, Measurement
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_one_measurement_per_indicator_per_period():
    m = f.MeasurementFactory(period=date(2026, 9, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.create(indicator=m.indicator, period=date(2026, 9, 1), value=1)
    duplicate = Measurement(indicator=m.indicator, period=date(2026, 9, 1), value=1)
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert "already has a figure for this period" in str(caught.value)


@pytest.mark.parametrize("value", ["-0.5", "100.01", "120"])
def test_percentage_outside_0_to_100_is_refused(value):
    indicator = f.IndicatorFactory(unit=Indicator.Unit.PERCENT)
    m = Measurement(indicator=indicator, period=date(2026, 9, 1), value=Decimal(value))
    with pytest.raises(ValidationError) as caught:
        m.full_clean()
    assert "0 to 100" in caught.value.message_dict["value"][0]


def test_counts_may_exceed_100_but_not_go_negative():
    indicator = f.IndicatorFactory(unit=Indicator.Unit.COUNT)
    Measurement(indicator=indicator, period=date(2026, 9, 1), value=Decimal(12180)).full_clean()
    with pytest.raises(ValidationError):
        Measurement(indicator=indicator, period=date(2026, 9, 1), value=Decimal(-1)).full_clean()


def test_percentage_must_match_its_numerator_and_denominator():
    indicator = f.IndicatorFactory(unit=Indicator.Unit.PERCENT)
    ok = Measurement(
        indicator=indicator,
        period=date(2026, 9, 1),
        value=Decimal("62.5"),
        numerator=Decimal(5),
        denominator=Decimal(8),
    )
    ok.full_clean()
    wrong = Measurement(
        indicator=indicator,
        period=date(2026, 8, 1),
        value=Decimal("70"),
        numerator=Decimal(5),
        denominator=Decimal(8),
    )
    with pytest.raises(ValidationError) as caught:
        wrong.full_clean()
    assert "62.5%" in caught.value.message_dict["value"][0]


def test_denominator_must_be_positive_in_the_database():
    m = f.MeasurementFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.filter(pk=m.pk).update(denominator=0)


def test_target_tolerance_cannot_be_negative():
    target = f.TargetFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(target).objects.filter(pk=target.pk).update(tolerance=-1)
