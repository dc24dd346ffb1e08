"""The indicator resources. An indicator's owner enters its figures; definitions, targets and
benchmarks are set by the programme office."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone
from rest_framework.response import Response

from governance.models import AreaOfWeakness
from projects.models import Project
from sendtrack.kernel.api.views import ResourceViewSet, WritableResourceViewSet
from sendtrack.kernel.concurrency import etag_for

from .. import permissions, selectors
from ..benefits import benefits_with_realisation
from ..models import Benchmark, Benefit, Indicator, Measurement, Target
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


class BenefitViewSet(ResourceViewSet):
    """The benefits projects declare, each with whether it is realised as at today and whether
    it is overdue, worked out from its indicator's figures after the baseline by the same
    selector as the project's page. Read only: benefits are declared on the project's page.
    Seen by whoever may see the project."""

    http_method_names = ["get", "head", "options"]
    queryset = Benefit.objects.all()
    serializer_class = serializers.BenefitSerializer
    filterset_class = filters.BenefitFilter
    search_fields = ["description", "project__code", "project__title", "indicator__code"]
    ordering_fields = ["expected_by", "baseline_date", "project__code", "indicator__code"]

    def visible(self, queryset):
        return permissions.benefits_visible_to(user=self.request.user, queryset=queryset)

    def _realised(self, queryset) -> list[Benefit]:
        # (``realisation`` and ``overdue`` are filtered here, once worked out.)
        benefits = benefits_with_realisation(queryset=queryset, as_at=timezone.localdate())
        params = self.request.query_params
        if wanted := params.getlist("realisation"):
            benefits = [b for b in benefits if b.realisation in wanted]
        if (overdue := params.get("overdue")) is not None:
            flag = overdue.lower() in ("true", "1")
            benefits = [b for b in benefits if b.overdue == flag]
        return benefits

    def list(self, request, *args, **kwargs):
        # Every benefit that matches is realised (two queries, whatever their number), then
        # filtered on what was worked out, then cut into pages: a page and its count hold
        # exactly the benefits that match.
        benefits = self._realised(self.filter_queryset(self.get_queryset()))
        page = self.paginate_queryset(benefits)
        data = self.get_serializer(benefits if page is None else page, many=True).data
        return Response(data) if page is None else self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        (benefit,) = benefits_with_realisation(
            queryset=Benefit.objects.filter(pk=instance.pk), as_at=timezone.localdate()
        )
        return Response(self.get_serializer(benefit).data, headers={"ETag": etag_for(instance)})
