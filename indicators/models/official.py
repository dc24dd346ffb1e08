"""The import's data: the council's own area and its statistical neighbours, the mappings that
say which published rows and columns feed which indicator, and the record of every import run
with the values it revised."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from governance.models import Record

from .measurement import VALUE_DIGITS, Benchmark, Indicator, PeriodTyped


class CouncilArea(Record):
    """The local authority whose rows become the council's figures, as the DfE codes it."""

    name = models.CharField(max_length=100, help_text="As the files name it, e.g. Kent.")
    old_la_code = models.CharField(
        "old LA code", max_length=3, unique=True, help_text="Three digits, e.g. 886."
    )
    new_la_code = models.CharField(
        "new LA code", max_length=9, unique=True, help_text="ONS code, e.g. E10000016."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "council's area"
        verbose_name_plural = "council's area"

    def __str__(self) -> str:
        return f"{self.name} ({self.old_la_code}, {self.new_la_code})"


class StatisticalNeighbour(Record):
    """One of the council's statistical neighbours, averaged into the neighbours' benchmark."""

    council = models.ForeignKey(CouncilArea, on_delete=models.CASCADE, related_name="neighbours")
    name = models.CharField(max_length=100)
    old_la_code = models.CharField("old LA code", max_length=3)
    new_la_code = models.CharField("new LA code", max_length=9)

    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "new_la_code"],
                name="neighbour_once_per_council",
                violation_error_message="This authority is already one of the neighbours.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.old_la_code})"


class PeriodType(models.TextChoices):
    """How a file's ``time_period`` becomes a measurement's period (its first month)."""

    CALENDAR_YEAR = "calendar_year", "Calendar year: 2023 is January 2023"
    ACADEMIC_YEAR = "academic_year", "Academic year: 201819 is September 2018"
    JANUARY_CENSUS = "january_census", "January census of an academic year: 201819 is January 2019"


class StatisticsMapping(Record):
    """Which published file, rows and columns feed an indicator: the council's row gives its
    figure, England's, the region's and the neighbours' rows its benchmarks."""

    name = models.CharField(max_length=200, help_text="What it brings in, in a few words.")
    file_name = models.CharField(
        max_length=200, help_text="The file's name in the release, e.g. timeliness_20_week.csv."
    )
    row_filters = models.JSONField(
        "which rows",
        default=dict,
        blank=True,
        help_text="Column values a row must have. The DfE's headline rows hold the file's own "
        'words in both breakdown columns, e.g. {"breakdown_topic": "All EHC plans issued", '
        '"breakdown": "All EHC plans issued"} in timeliness_20_week.csv.',
    )
    value_column = models.CharField(
        "value column", max_length=100, help_text="The measure, e.g. PC_plans_issued_20_weeks_ex."
    )
    numerator_column = models.CharField(max_length=100, blank=True)
    denominator_column = models.CharField(max_length=100, blank=True)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="statistics_mappings"
    )
    period_type = models.CharField(max_length=20, choices=PeriodType.choices)
    is_active = models.BooleanField("in use", default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["file_name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator"],
                condition=models.Q(is_active=True),
                name="mapping_one_in_use_per_indicator",
                violation_error_message="Another mapping in use already feeds this indicator.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.file_name} {self.value_column} → {self.indicator.code}"

    def clean(self) -> None:
        errors = {}
        if not isinstance(self.row_filters, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in self.row_filters.items()
        ):
            errors["row_filters"] = (
                "Give the filters as column names and values in quotes, "
                'e.g. {"breakdown": "All EHC plans"}.'
            )
        if not self.file_name.lower().endswith(".csv"):
            errors["file_name"] = "Give the CSV file's name, e.g. caseload.csv."
        if self.indicator_id and self.indicator.frequency != Indicator.Frequency.ANNUAL:
            errors["indicator"] = (
                "The DfE publishes these figures once a year: choose an annual indicator."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # The file's time_identifier says what the indicator's figures cover: the mapping in
        # use sets the indicator's period type, so that its latest figure, RAG and direction
        # are read from the figures the import writes.
        if self.is_active and self.indicator.period_type != self.period_type:
            self.indicator.period_type = self.period_type
            Indicator.objects.filter(pk=self.indicator_id).update(period_type=self.period_type)

    @property
    def columns(self) -> list[str]:
        """The file's columns this mapping reads."""
        return [
            *self.row_filters,
            *(c for c in (self.value_column, self.numerator_column, self.denominator_column) if c),
        ]


class ImportRun(models.Model):
    """One import of published files, dry run or not: who ran it, when, from where, what it
    found and what it changed, or why it imported nothing."""

    class Door(models.TextChoices):
        COMMAND = "command", "Command"
        ADMIN = "admin", "Admin upload"
        API = "api", "API"

    class Outcome(models.TextChoices):
        IMPORTED = "imported", "Imported"
        DRY_RUN = "dry_run", "Dry run: nothing written"
        REFUSED = "refused", "Refused: nothing imported"

    started_at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="official_statistics_imports",
    )
    door = models.CharField("through", max_length=10, choices=Door.choices)
    release = models.CharField(max_length=200)
    files = models.JSONField(default=list, help_text="The CSV files read, by name.")
    dry_run = models.BooleanField(default=False)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    suppressed = models.PositiveIntegerField(
        default=0, help_text="Published values withheld (x, c, z, low, u, :) and so skipped."
    )
    errors = models.JSONField(default=list, help_text="Each with its file, row and column.")
    changes = models.JSONField(default=list, help_text="Each figure created or updated.")

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = "official statistics import"

    def __str__(self) -> str:
        return f"{self.release} on {self.started_at:%-d %B %Y %H:%M}"


class StatisticRevision(PeriodTyped, models.Model):
    """A published figure that a later import changed, with both values and releases, named
    by the period and kind of period of the figure it revised."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="revisions")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="revisions")
    period = models.DateField()
    comparator = models.CharField(
        max_length=30,
        blank=True,
        choices=Benchmark.Comparator.choices,
        help_text="Blank for the council's own figure.",
    )
    old_value = models.DecimalField(**VALUE_DIGITS)
    new_value = models.DecimalField(**VALUE_DIGITS)
    old_source = models.CharField(max_length=300, blank=True)
    new_source = models.CharField(max_length=300)

    class Meta:
        ordering = ["-run", "indicator", "period", "comparator"]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_label}: {self.old_value} → {self.new_value}"
