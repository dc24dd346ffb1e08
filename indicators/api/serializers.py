"""Indicators, their targets, returns and benchmarks as the API shows and accepts them."""

from __future__ import annotations

from rest_framework import serializers

from sendtrack.kernel.api.exceptions import Conflict
from sendtrack.kernel.api.periods import MonthField
from sendtrack.kernel.api.serializers import CheckedModelSerializer
from sendtrack.kernel.rag import RAG

from .. import services
from ..benefits import Realisation
from ..models import Benchmark, Benefit, Indicator, Measurement, Target
from ..periods import PeriodType, period_label, since_label
from ..selectors import Direction


class PeriodLabelled(serializers.Serializer):
    """A figure's period type (the indicator's own when not given) and its period in words."""

    period_type = serializers.ChoiceField(
        choices=PeriodType.choices,
        required=False,
        label="Period type",
        help_text="What the period is: month, quarter, term, financial_year, academic_year, "
        "calendar_year, january_census or snapshot. Leave out for the indicator's own.",
    )
    period_label = serializers.CharField(
        read_only=True,
        label="Period named",
        help_text="The period as a person says it, e.g. “2024 (calendar year)”.",
    )
    source_run = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        label="Import run",
        help_text="The official statistics import that wrote the figure, if imported.",
    )


class IndicatorSerializer(CheckedModelSerializer):
    owner_name = serializers.CharField(source="owner.name", read_only=True, label="Owner name")
    latest_value = serializers.DecimalField(
        max_digits=14, decimal_places=4, read_only=True, allow_null=True, label="Latest value"
    )
    latest_period = serializers.DateField(read_only=True, allow_null=True, label="Latest period")
    latest_period_label = serializers.SerializerMethodField(
        label="Latest period named", help_text="As a person says it, e.g. “November 2026”."
    )
    previous_period = serializers.DateField(
        read_only=True, allow_null=True, label="Previous period"
    )
    direction_compares = serializers.SerializerMethodField(
        label="Direction compared with",
        help_text="The previous figure of the same period type, e.g. “since the 2023 calendar "
        "year”.",
    )
    places = serializers.IntegerField(read_only=True, label="Decimal places shown")
    latest_status = serializers.ChoiceField(
        choices=Measurement.Status.choices, read_only=True, allow_null=True, label="Latest value is"
    )
    previous_value = serializers.DecimalField(
        max_digits=14, decimal_places=4, read_only=True, allow_null=True, label="Previous value"
    )
    target_value = serializers.DecimalField(
        max_digits=14, decimal_places=4, read_only=True, allow_null=True, label="Target"
    )
    rag = serializers.ChoiceField(choices=RAG.choices, read_only=True, allow_null=True, label="RAG")
    direction = serializers.ChoiceField(
        choices=Direction.choices, read_only=True, allow_null=True, label="Direction of travel"
    )

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "title",
            "definition",
            "unit",
            "polarity",
            "frequency",
            "period_type",
            "decimal_places",
            "places",
            "level",
            "layer",
            "owner",
            "owner_name",
            "organisation",
            "source",
            "areas",
            "projects",
            "is_public",
            "allows_forecasts",
            "latest_value",
            "latest_period",
            "latest_period_label",
            "latest_status",
            "previous_period",
            "previous_value",
            "target_value",
            "rag",
            "direction",
            "direction_compares",
        ]

    def get_latest_period_label(self, indicator: Indicator) -> str:
        return period_label(getattr(indicator, "latest_period", None), indicator.period_type)

    def get_direction_compares(self, indicator: Indicator) -> str:
        if not getattr(indicator, "direction", None):
            return ""
        return since_label(getattr(indicator, "previous_period", None), indicator.period_type)


class MeasurementSerializer(PeriodLabelled, CheckedModelSerializer):
    indicator_code = serializers.CharField(
        source="indicator.code", read_only=True, label="Indicator code"
    )
    period = MonthField(
        label="Period",
        help_text="The first month of the period the figure covers: 2026-10 (or 2026-10-01).",
    )
    target_value = serializers.DecimalField(
        max_digits=14, decimal_places=4, read_only=True, allow_null=True, label="Target"
    )
    rag = serializers.ChoiceField(choices=RAG.choices, read_only=True, allow_null=True, label="RAG")

    class Meta:
        model = Measurement
        fields = [
            "id",
            "indicator",
            "indicator_code",
            "period",
            "period_type",
            "period_label",
            "value",
            "numerator",
            "denominator",
            "status",
            "note",
            "target_value",
            "rag",
            "source_file",
            "source_release",
            "source_row",
            "source_run",
            "updated_at",
        ]
        read_only_fields = ["updated_at", "source_file", "source_release", "source_row"]
        # A second figure for the same period is a conflict (409), checked below.
        validators = []

    def validate(self, attrs):
        indicator = self._value(attrs, "indicator")
        if not self._value(attrs, "period_type") and indicator is not None:
            attrs["period_type"] = indicator.period_type
        return super().validate(attrs)

    def check_conflict(self, attrs) -> None:
        fields = ("indicator", "period", "period_type")
        if (existing := self.duplicate_of(attrs, *fields)) is not None:
            indicator, period, kind = (self._value(attrs, name) for name in fields)
            raise Conflict(
                f"{indicator.code} already has a figure for {period_label(period, kind)} "
                f"(measurement {existing}). Update that figure instead: "
                f"PATCH /api/v1/measurements/{existing}/."
            )

    def save_instance(self, instance):
        return services.measurement_save(measurement=instance, user=self.user)


class TargetSerializer(CheckedModelSerializer):
    indicator_code = serializers.CharField(
        source="indicator.code", read_only=True, label="Indicator code"
    )
    applies_from = MonthField(
        label="Applies from", help_text="The first month the target applies to (YYYY-MM)."
    )

    class Meta:
        model = Target
        fields = [
            "id",
            "indicator",
            "indicator_code",
            "value",
            "tolerance",
            "applies_from",
            "applies_to",
            "source",
        ]


class BenchmarkSerializer(PeriodLabelled, CheckedModelSerializer):
    indicator_code = serializers.CharField(
        source="indicator.code", read_only=True, label="Indicator code"
    )
    period = MonthField(label="Period", help_text="The first month of the period (YYYY-MM).")

    class Meta:
        model = Benchmark
        fields = [
            "id",
            "indicator",
            "indicator_code",
            "period",
            "period_type",
            "period_label",
            "comparator",
            "value",
            "source",
            "source_file",
            "source_release",
            "source_row",
            "source_run",
        ]
        read_only_fields = ["source_file", "source_release", "source_row"]


class BenefitSerializer(serializers.ModelSerializer):
    """A benefit as its project's page shows it, with whether it is realised as at today
    (worked out by ``indicators.benefits.benefits_with_realisation``, never entered)."""

    project_code = serializers.CharField(
        source="project.code", read_only=True, label="Project code"
    )
    project_title = serializers.CharField(
        source="project.title", read_only=True, label="Project title"
    )
    beneficiary_label = serializers.CharField(
        source="get_beneficiary_display", read_only=True, label="For (in words)"
    )
    indicator_code = serializers.CharField(
        source="indicator.code", read_only=True, label="Indicator code"
    )
    indicator_title = serializers.CharField(
        source="indicator.title", read_only=True, label="Indicator title"
    )
    realisation = serializers.ChoiceField(
        choices=Realisation.choices,
        read_only=True,
        label="Realisation",
        help_text="As at today, from the indicator's figures after the baseline: realised, "
        "emerging, not_yet, worsening or no_data (no figure since the baseline).",
    )
    realisation_label = serializers.CharField(read_only=True, label="Realisation (in words)")
    overdue = serializers.BooleanField(
        read_only=True,
        label="Overdue",
        help_text="Not realised, and the date it should show has passed.",
    )

    class Meta:
        model = Benefit
        fields = [
            "id",
            "project",
            "project_code",
            "project_title",
            "description",
            "beneficiary",
            "beneficiary_label",
            "indicator",
            "indicator_code",
            "indicator_title",
            "baseline",
            "baseline_date",
            "target",
            "expected_by",
            "realisation",
            "realisation_label",
            "overdue",
            "is_demo",
        ]
        read_only_fields = fields
