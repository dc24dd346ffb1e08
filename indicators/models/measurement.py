"""Measurement: the programme's indicators, their targets, the figures returned each period and
the benchmarks they are compared with. Latest value, RAG and direction live in ``selectors``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from governance.models import (
    AreaOfWeakness,
    InOrganisation,
    Person,
    PlanAction,
    Record,
    lead_organisation_field,
)
from governance.validators import period_not_started, validate_first_of_month
from projects.models import Project
from sendtrack.kernel.concurrency import Versioned
from sendtrack.kernel.rag import RAG
from sendtrack.kernel.snapshots import SnapshotQuerySet

from ..numbers import default_decimal_places
from ..periods import PeriodType, period_label, period_start_error, period_type_for_frequency
from .provenance import Comparison, Provenance

VALUE_DIGITS = {"max_digits": 14, "decimal_places": 4}


class Direction(models.TextChoices):
    """Which way the latest figure moved, judged by the indicator's better direction."""

    IMPROVING = "improving", "Improving"
    WORSENING = "worsening", "Worsening"
    NO_CHANGE = "no_change", "No change"


def plain(value: Decimal | None) -> str:
    """A stored figure without the trailing zeros of its four decimal places: 69.1, 150."""
    if value is None:
        return ""
    return f"{value.normalize():f}"


class Indicator(InOrganisation, Record):
    class Unit(models.TextChoices):
        PERCENT = "percent", "Percentage"
        COUNT = "count", "Number"
        DAYS = "days", "Days"
        WEEKS = "weeks", "Weeks"
        RATE = "rate", "Rate"
        CURRENCY = "currency", "Pounds (£)"

    class Polarity(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"
        NEUTRAL = "neutral", "Neither: context only, not rated"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        TERMLY = "termly", "Termly"
        ANNUAL = "annual", "Annual"

    class Level(models.TextChoices):
        PROJECT = "project", "Project"
        PROGRAMME = "programme", "Programme"
        PARTNERSHIP = "partnership", "Partnership"

    class Layer(models.TextChoices):
        PERFORMANCE = "performance", "Performance"
        OPERATIONAL = "operational", "Operational"
        DATA_QUALITY = "data_quality", "Data quality"

    code = models.CharField(max_length=20, unique=True, help_text="Short reference, e.g. KPI-01.")
    title = models.CharField(max_length=200)
    definition = models.TextField(
        blank=True, help_text="Exactly what is counted, so that every return is comparable."
    )
    unit = models.CharField(max_length=20, choices=Unit.choices)
    polarity = models.CharField(
        "which way is better", max_length=10, choices=Polarity.choices, default=Polarity.HIGHER
    )
    frequency = models.CharField(
        max_length=20, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    period_type = models.CharField(
        "each figure covers",
        max_length=20,
        choices=PeriodType.choices,
        blank=True,
        help_text="The period its figures report: its latest figure, RAG and direction of "
        "travel are read from figures of this kind. Leave blank to follow how often it is "
        "returned (monthly: a month; annual: a calendar year).",
    )
    decimal_places = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(4)],
        help_text="How many decimal places its figures are shown with. Leave blank for the "
        "unit's usual places (percentages, rates and weeks 1; counts, days and money 0).",
    )
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.PROGRAMME)
    layer = models.CharField(
        "dashboard", max_length=20, choices=Layer.choices, default=Layer.PERFORMANCE
    )
    owner = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="indicators_owned",
        help_text="The officer who enters each period's value.",
    )
    organisation = lead_organisation_field("indicators")
    source = models.CharField(max_length=200, blank=True, help_text="Where the figure comes from.")
    areas = models.ManyToManyField(
        AreaOfWeakness,
        related_name="indicators",
        blank=True,
        verbose_name="areas of weakness",
        help_text="The areas of weakness this indicator evidences.",
    )
    projects = models.ManyToManyField(Project, related_name="indicators", blank=True)
    plan_actions = models.ManyToManyField(PlanAction, related_name="indicators", blank=True)
    is_public = models.BooleanField(
        "shown to the public",
        default=False,
        help_text="Tick to include this indicator in published scorecards.",
    )
    allows_forecasts = models.BooleanField(
        "takes forecasts",
        default=False,
        help_text="Tick if figures for periods not yet begun may be entered as forecasts. A "
        "forecast is shown as one and is never the indicator's latest figure.",
    )

    # Every change is kept: who made it, when, and the values before and after; with the
    # projects it belongs to, so that a meeting's pack reads its KPIs as they were then.
    history = HistoricalRecords(m2m_fields=[projects])

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        if self.period_type and self.period_type not in PERIOD_TYPES_BY_FREQUENCY.get(
            self.frequency, PeriodType.values
        ):
            raise ValidationError(
                {
                    "period_type": f"A {self.get_frequency_display().lower()} indicator's "
                    f"figures cannot each cover a {PeriodType(self.period_type).label.lower()}: "
                    "choose the period its figures cover, or change how often it is returned."
                }
            )

    def save(self, *args, **kwargs) -> None:
        if not self.period_type:
            self.period_type = period_type_for_frequency(self.frequency)
        super().save(*args, **kwargs)

    @property
    def places(self) -> int:
        """The decimal places its figures are shown with."""
        if self.decimal_places is not None:
            return self.decimal_places
        return default_decimal_places(self.unit)


# The period types an indicator returned at each frequency may report.
PERIOD_TYPES_BY_FREQUENCY = {
    Indicator.Frequency.MONTHLY: {PeriodType.MONTH, PeriodType.SNAPSHOT},
    Indicator.Frequency.QUARTERLY: {PeriodType.QUARTER, PeriodType.SNAPSHOT},
    Indicator.Frequency.TERMLY: {PeriodType.TERM, PeriodType.SNAPSHOT},
    Indicator.Frequency.ANNUAL: {
        PeriodType.CALENDAR_YEAR,
        PeriodType.ACADEMIC_YEAR,
        PeriodType.FINANCIAL_YEAR,
        PeriodType.JANUARY_CENSUS,
        PeriodType.SNAPSHOT,
    },
}


class PeriodTyped(models.Model):
    """A figure's period (its first day) and the kind of period it is; blank on entry means
    the indicator's own kind."""

    period_type = models.CharField(
        "period type",
        max_length=20,
        choices=PeriodType.choices,
        blank=True,
        help_text="What the period is: a month, a quarter, a calendar or academic year, a "
        "January census. Leave blank for the indicator's own.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self._fill_period_type()
        super().save(*args, **kwargs)

    @property
    def period_label(self) -> str:
        """The period as a person says it, e.g. "2024 (calendar year)"."""
        return period_label(self.period, self.period_type)

    def _fill_period_type(self) -> None:
        if not self.period_type and self.indicator_id:
            self.period_type = self.indicator.period_type or period_type_for_frequency(
                self.indicator.frequency
            )

    def _period_errors(self) -> dict[str, str]:
        self._fill_period_type()
        if message := period_start_error(self.period, self.period_type):
            return {"period": message}
        return {}


class Target(Record):
    """What the indicator should reach from a date, with a tolerance that counts as amber."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    value = models.DecimalField(**VALUE_DIGITS)
    tolerance = models.DecimalField(
        **VALUE_DIGITS,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
        help_text="How far short of the target still counts as amber rather than red, in the "
        "indicator's unit.",
    )
    applies_from = models.DateField(validators=[validate_first_of_month])
    applies_to = models.DateField(null=True, blank=True, help_text="Leave blank if open-ended.")
    source = models.CharField(
        max_length=200, blank=True, help_text="Where the target was set, e.g. the APP."
    )

    # Every change is kept: who made it, when, and the values before and after.
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "-applies_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "applies_from"],
                name="target_one_per_indicator_per_start",
                violation_error_message="This indicator already has a target from this date.",
            ),
            models.CheckConstraint(
                condition=Q(tolerance__gte=0),
                name="target_tolerance_not_negative",
                violation_error_message="The tolerance cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(applies_to__isnull=True) | Q(applies_to__gte=F("applies_from")),
                name="target_ends_after_it_starts",
                violation_error_message="A target cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(applies_from__day=1),
                name="target_applies_from_first_of_month",
                violation_error_message="A target applies from the first day of a month.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} target {plain(self.value)} from {self.applies_from:%B %Y}"


def validate_value_for_unit(*, unit: str, value: Decimal | None, field: str) -> dict[str, str]:
    """Percentages lie between 0 and 100; counts, days and money cannot be negative."""
    if value is None:
        return {}
    if unit == Indicator.Unit.PERCENT and not (0 <= value <= 100):
        return {field: "This indicator is a percentage: enter a number from 0 to 100."}
    if unit != Indicator.Unit.RATE and value < 0:
        return {field: "This figure cannot be negative."}
    return {}


class MeasurementQuerySet(models.QuerySet):
    def returned(self) -> MeasurementQuerySet:
        """Figures returned for a period, forecasts left out: what a latest figure, a RAG or
        a trend is read from."""
        return self.exclude(status=Measurement.Status.FORECAST)


class Measurement(PeriodTyped, Versioned, Provenance, Record):
    """The figure returned for one period; one per indicator per period."""

    class Status(models.TextChoices):
        PROVISIONAL = "provisional", "Provisional"
        FINAL = "final", "Final"
        FORECAST = "forecast", "Forecast"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    period = models.DateField(
        validators=[validate_first_of_month],
        help_text="The first day of the period the figure covers (e.g. 1 October 2026).",
    )
    value = models.DecimalField(**VALUE_DIGITS)
    numerator = models.DecimalField(**VALUE_DIGITS, null=True, blank=True)
    denominator = models.DecimalField(**VALUE_DIGITS, null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.FINAL)
    note = models.TextField(blank=True, help_text="Anything a reader needs to know about it.")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measurements_entered",
        editable=False,
    )
    # Every change is kept: who made it, when, and the values before and after.
    history = HistoricalRecords()

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "-period"]
        get_latest_by = "period"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "period_type"],
                name="measurement_one_per_indicator_per_period",
                violation_error_message="This indicator already has a figure for this period. "
                "Edit that figure instead of adding another.",
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0),
                name="measurement_denominator_positive",
                violation_error_message="The denominator must be more than zero.",
            ),
            models.CheckConstraint(
                condition=Q(period__day=1),
                name="measurement_period_first_of_month",
                violation_error_message="Use the first day of the period, e.g. 1 October 2026.",
            ),
        ]
        indexes = [models.Index(fields=["period"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_label}: {plain(self.value)}"

    def clean(self) -> None:
        if not self.indicator_id:
            return
        unit = self.indicator.unit
        errors = self._period_errors()
        errors |= validate_value_for_unit(unit=unit, value=self.value, field="value")
        errors |= self._forecast_errors()
        if self.numerator is not None and self.denominator:
            if self.numerator > self.denominator and unit == Indicator.Unit.PERCENT:
                errors["numerator"] = "The numerator cannot be more than the denominator."
            elif unit == Indicator.Unit.PERCENT and self.value is not None:
                worked_out = self.numerator / self.denominator * 100
                if abs(worked_out - self.value) > Decimal("0.1"):
                    errors["value"] = (
                        f"The value does not match numerator ÷ denominator "
                        f"({worked_out:.1f}%). Check the figures."
                    )
        if errors:
            raise ValidationError(errors)

    def _forecast_errors(self) -> dict[str, str]:
        """A figure for a period not yet begun is refused unless it is a forecast, and only an
        indicator that takes forecasts takes them."""
        forecasts = self.indicator.allows_forecasts
        if self.status == self.Status.FORECAST and not forecasts:
            return {
                "status": "This indicator does not take forecasts: enter the figure once its "
                "period has begun, as provisional or final."
            }
        future = isinstance(self.period, date) and period_not_started(self.period)
        if self.status != self.Status.FORECAST and future:
            if forecasts:
                future += " To enter an expected figure now, mark it as a forecast."
            return {"period": future}
        return {}


class Benchmark(PeriodTyped, Provenance, Comparison, Record):
    """A comparator's figure for the same indicator and period (England, neighbours, region,
    all local authorities with the council's rank among them)."""

    class Comparator(models.TextChoices):
        ENGLAND = "england", "England"
        STATISTICAL_NEIGHBOURS = "statistical_neighbours", "Statistical neighbours"
        REGION = "region", "Region"
        LOCAL_AUTHORITIES = "local_authorities", "All local authorities (median)"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="benchmarks")
    period = models.DateField(validators=[validate_first_of_month])
    comparator = models.CharField(max_length=30, choices=Comparator.choices)
    value = models.DecimalField(**VALUE_DIGITS)
    source = models.CharField(max_length=200, blank=True)

    # Every change is kept: who made it, when, and the values before and after.
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "-period", "comparator"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "period_type", "comparator"],
                name="benchmark_one_per_comparator_per_period",
                violation_error_message="This comparator already has a figure for this period.",
            ),
            models.CheckConstraint(
                condition=Q(period__day=1),
                name="benchmark_period_first_of_month",
                violation_error_message="Use the first day of the period, e.g. 1 October 2026.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.get_comparator_display()} {self.period_label}"

    def clean(self) -> None:
        if self.indicator_id:
            errors = self._period_errors()
            errors |= validate_value_for_unit(
                unit=self.indicator.unit, value=self.value, field="value"
            )
            if errors:
                raise ValidationError(errors)


class IndicatorSnapshot(models.Model):
    """An indicator's latest figure, target, RAG and direction of travel as they stood on a
    day, kept for trend lines: one row per indicator per day, written by the daily snapshot."""

    day = models.DateField()
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="snapshots")
    period = models.DateField("period of the latest figure", null=True)
    period_type = models.CharField(
        "period type", max_length=20, choices=PeriodType.choices, blank=True
    )
    value = models.DecimalField("latest figure", **VALUE_DIGITS, null=True)
    target = models.DecimalField(**VALUE_DIGITS, null=True)
    rag = models.CharField("RAG", max_length=10, choices=RAG.choices, null=True)
    direction = models.CharField(
        "direction of travel", max_length=20, choices=Direction.choices, null=True
    )

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "indicator"], name="indicator_snapshot_one_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} on {self.day:%-d %B %Y}"


class Benefit(Record):
    """What a project should change for children and families or for the council, the indicator
    that measures it, its baseline, its target and the date it should show. Whether it is
    realised is derived from the indicator's figures (``indicators.benefits``), never entered."""

    class Beneficiary(models.TextChoices):
        FAMILIES = "families", "Children and families"
        COUNCIL = "council", "The council"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="benefits")
    description = models.TextField(
        "what changes", help_text="What will be different, and for whom, in plain English."
    )
    beneficiary = models.CharField(
        "for", max_length=20, choices=Beneficiary.choices, default=Beneficiary.FAMILIES
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        related_name="benefits",
        help_text="The indicator whose figures show the change.",
    )
    baseline = models.DecimalField(**VALUE_DIGITS, help_text="The indicator's figure before.")
    baseline_date = models.DateField(
        "baseline as at", help_text="The period of the baseline figure; later figures count."
    )
    target = models.DecimalField(**VALUE_DIGITS, help_text="The figure that shows the change.")
    expected_by = models.DateField("should show by", help_text="When the change should show.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "expected_by", "pk"]

    def __str__(self) -> str:
        return self.description[:60] or "New benefit"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.baseline_date and self.expected_by and self.expected_by <= self.baseline_date:
            errors["expected_by"] = "The date the change should show must be after the baseline."
        if self.baseline is not None and self.target is not None and self.baseline == self.target:
            errors["target"] = "A target equal to the baseline measures no change: give another."
        if errors:
            raise ValidationError(errors)
