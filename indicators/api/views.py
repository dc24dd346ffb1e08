"""The indicator resources. An indicator's owner enters its figures; definitions, targets and
benchmarks are set by the programme office."""

from __future__ import annotations

from django.db.models import Prefetch

from governance.models import AreaOfWeakness
from projects.models import Project
from sendtrack.kernel.api.views import WritableResourceViewSet

from .. import permissions, selectors
from ..models import Benchmark, Indicator, Measurement, Target
from . import filters, serializers


class IndicatorViewSet(WritableResourceViewSet):
    """Indicators with their latest figure, the target in force, RAG and direction of travel."""

    queryset = Indicator.objects.all()
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filters.IndicatorFilter
    search_fields = ["code", "title", "definition"]
    ordering_fields = ["code", "title", "latest_period", "rag"]
    denied_message = "Only the programme office changes indicators' definitions."

    def visible(self, queryset):
        return permissions.indicators_visible_to(user=self.request.user, queryset=queryset)

    def annotate(self, queryset):
        return selectors.indicators_with_latest(queryset=queryset).prefetch_related(
            Prefetch("areas", queryset=AreaOfWeakness.objects.only("pk")),
            Prefetch("projects", queryset=Project.objects.only("pk")),
        )

    def can_write(self, *, instance, data):
        return permissions.can_change_indicator_definition(user=self.request.user)


class IndicatorRecordViewSet(WritableResourceViewSet):
    def visible(self, queryset):
        return permissions.indicator_records_visible_to(user=self.request.user, queryset=queryset)

    def visible_choices(self, field, queryset):
        if field == "indicator":
            return permissions.indicators_visible_to(user=self.request.user, queryset=queryset)
        return super().visible_choices(field, queryset)


class MeasurementViewSet(IndicatorRecordViewSet):
    """Each period's figure, with the target in force for that period and its RAG. An
    indicator's owner enters its figures; a second figure for a period is a 409 conflict."""

    queryset = Measurement.objects.all()
    serializer_class = serializers.MeasurementSerializer
    filterset_class = filters.MeasurementFilter
    search_fields = ["indicator__code", "note"]
    ordering_fields = ["period", "value", "indicator__code"]
    denied_message = "You can enter figures only for the indicators you own."

    def annotate(self, queryset):
        return selectors.measurements_with_rag(queryset=queryset)

    def can_write(self, *, instance, data):
        user = self.request.user
        if instance is not None and not permissions.can_enter_measurements(
            user=user, indicator=instance.indicator
        ):
            return False
        if "indicator" in data:
            return permissions.can_enter_measurements(user=user, indicator=data["indicator"])
        return True


class DefinitionViewSet(IndicatorRecordViewSet):
    denied_message = "Only the programme office sets targets and benchmarks."

    def can_write(self, *, instance, data):
        return permissions.can_change_indicator_definition(user=self.request.user)


class TargetViewSet(DefinitionViewSet):
    """Targets, each with the tolerance that still counts as amber and when it applies."""

    queryset = Target.objects.all()
    serializer_class = serializers.TargetSerializer
    filterset_class = filters.TargetFilter
    search_fields = ["indicator__code", "source"]
    ordering_fields = ["applies_from", "indicator__code"]

    def annotate(self, queryset):
        return queryset.select_related("indicator")


class BenchmarkViewSet(DefinitionViewSet):
    """England, regional and statistical-neighbour figures for each indicator and period."""

    queryset = Benchmark.objects.all()
    serializer_class = serializers.BenchmarkSerializer
    filterset_class = filters.BenchmarkFilter
    search_fields = ["indicator__code", "source"]
    ordering_fields = ["period", "comparator", "indicator__code"]

    def annotate(self, queryset):
        return queryset.select_related("indicator")
