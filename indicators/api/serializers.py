"""Indicators, their targets, returns and benchmarks as the API shows and accepts them."""

from __future__ import annotations

from rest_framework import serializers

from sendtrack.api.exceptions import Conflict
from sendtrack.api.periods import MonthField
from sendtrack.api.serializers import CheckedModelSerializer
from sendtrack.rag import RAG

from .. import services
from ..models import Benchmark, Indicator, Measurement, Target
from ..selectors import Direction


class IndicatorSerializer(CheckedModelSerializer):
    owner_name = serializers.CharField(source="owner.name", read_only=True, label="Owner name")
    latest_value = serializers.DecimalField(
        max_digits=14, decimal_places=4, read_only=True, allow_null=True, label="Latest value"
    )
    latest_period = serializers.DateField(read_only=True, allow_null=True, label="Latest period")
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
            "level",
            "layer",
            "owner",
            "owner_name",
            "source",
            "areas",
            "projects",
            "is_public",
            "allows_forecasts",
            "latest_value",
            "latest_period",
            "latest_status",
            "previous_value",
            "target_value",
            "rag",
            "direction",
        ]


class MeasurementSerializer(CheckedModelSerializer):
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
            "value",
            "numerator",
            "denominator",
            "status",
            "note",
            "target_value",
            "rag",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]
        # A second figure for the same period is a conflict (409), checked below.
        validators = []

    def check_conflict(self, attrs) -> None:
        if (existing := self.duplicate_of(attrs, "indicator", "period")) is not None:
            indicator, period = self._value(attrs, "indicator"), self._value(attrs, "period")
            raise Conflict(
                f"{indicator.code} already has a figure for {period:%B %Y} (measurement "
                f"{existing}). Update that figure instead: PATCH /api/v1/measurements/{existing}/."
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


class BenchmarkSerializer(CheckedModelSerializer):
    indicator_code = serializers.CharField(
        source="indicator.code", read_only=True, label="Indicator code"
    )
    period = MonthField(label="Period", help_text="The first month of the period (YYYY-MM).")

    class Meta:
        model = Benchmark
        fields = ["id", "indicator", "indicator_code", "period", "comparator", "value", "source"]
