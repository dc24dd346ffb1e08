"""The monthly KPI report."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from rest_framework import serializers

from sendtrack.api.reports import ReportSerializer, ReportView, report_schema
from sendtrack.rag import RAG

from .. import permissions, reports
from ..models import Indicator, Measurement
from ..selectors import Direction


def _number(label: str) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True, label=label)


class KPIRow(serializers.Serializer):
    code = serializers.CharField(label="Indicator")
    title = serializers.CharField(label="Title")
    unit = serializers.ChoiceField(choices=Indicator.Unit.choices, label="Unit")
    polarity = serializers.ChoiceField(choices=Indicator.Polarity.choices, label="Better when")
    frequency = serializers.ChoiceField(choices=Indicator.Frequency.choices, label="Frequency")
    owner = serializers.CharField(label="Owner")
    value_period = serializers.DateField(allow_null=True, label="Period of the figure")
    value = _number("Value")
    value_status = serializers.ChoiceField(
        choices=Measurement.Status.choices, allow_null=True, label="Provisional or final"
    )
    value_source = serializers.CharField(
        label="Figure from", help_text="File, release and row of an imported figure."
    )
    target = _number("Target")
    gap_to_target = _number("Gap to target")
    rag = serializers.ChoiceField(choices=RAG.choices, allow_null=True, label="RAG")
    previous_value = _number("Previous value")
    direction = serializers.ChoiceField(
        choices=Direction.choices, allow_null=True, label="Direction of travel"
    )
    last_year_period = serializers.DateField(allow_null=True, label="Period a year before")
    last_year_value = _number("Value a year before")
    change_on_last_year = _number("Change on a year before")
    england_period = serializers.DateField(allow_null=True, label="England: period")
    england = _number("England")
    gap_to_england = _number("Gap to England")
    england_source = serializers.CharField(label="England: from")
    region_period = serializers.DateField(allow_null=True, label="Region: period")
    region = _number("Region")
    gap_to_region = _number("Gap to region")
    region_source = serializers.CharField(label="Region: from")
    statistical_neighbours_period = serializers.DateField(
        allow_null=True, label="Statistical neighbours: period"
    )
    statistical_neighbours = _number("Statistical neighbours")
    gap_to_statistical_neighbours = _number("Gap to statistical neighbours")
    statistical_neighbours_used = serializers.IntegerField(
        allow_null=True, label="Neighbours averaged", help_text="Those not suppressed."
    )
    statistical_neighbours_named = serializers.IntegerField(
        allow_null=True, label="Neighbours named"
    )
    statistical_neighbours_source = serializers.CharField(label="Statistical neighbours: from")
    local_authorities_period = serializers.DateField(
        allow_null=True, label="Local authorities: period"
    )
    local_authorities_median = _number("Local authorities' median")
    rank = serializers.IntegerField(allow_null=True, label="Rank (1 is best)")
    ranked = serializers.IntegerField(allow_null=True, label="Local authorities ranked")
    quartile = serializers.IntegerField(allow_null=True, label="Quartile (1 is best)")


class KPISummary(serializers.Serializer):
    indicators = serializers.IntegerField()
    with_figure = serializers.IntegerField()
    red = serializers.IntegerField()
    amber = serializers.IntegerField()
    green = serializers.IntegerField()


class KPIReportSerializer(ReportSerializer):
    summary = KPISummary()
    results = KPIRow(many=True)


@report_schema
class KPIReportView(ReportView):
    """Every indicator for a month: its figure (for quarterly, termly and annual indicators,
    the latest period covering the month), target, RAG, direction of travel, the same period a
    year before, England, region and statistical-neighbour benchmarks with the gap to each (the
    figure minus the comparator), the rank and quartile among all local authorities, and the
    file, release and row each imported figure came from. With a workstream or body, the
    indicators of the projects it covers."""

    slug = "kpis"
    title = "KPI report"
    required_permissions = (
        "indicators.view_indicator",
        "indicators.view_measurement",
        "indicators.view_target",
        "indicators.view_benchmark",
    )
    response_serializer = KPIReportSerializer

    def build(self, *, user, month, workstream, body):
        indicators = permissions.indicators_visible_to(user=user)
        links = Indicator.projects.through.objects.filter(indicator=OuterRef("pk"))
        if workstream is not None:
            indicators = indicators.filter(Exists(links.filter(project__workstream=workstream)))
        if body is not None:
            indicators = indicators.filter(Exists(links.filter(project__overseeing_body=body)))
        return reports.kpi_report(month=month, indicators=indicators)
