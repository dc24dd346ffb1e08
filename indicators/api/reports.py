"""The monthly KPI report."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from rest_framework import serializers

from projects.api.report_base import ReportSerializer, ReportView, report_schema
from sendtrack.kernel.rag import RAG

from .. import permissions, reports
from ..models import Indicator, Measurement
from ..periods import PeriodType
from ..selectors import Direction


def _number(label: str) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True, label=label)


class KPIRow(serializers.Serializer):
    code = serializers.CharField(label="Indicator")
    title = serializers.CharField(label="Title")
    unit = serializers.ChoiceField(choices=Indicator.Unit.choices, label="Unit")
    polarity = serializers.ChoiceField(choices=Indicator.Polarity.choices, label="Better when")
    frequency = serializers.ChoiceField(choices=Indicator.Frequency.choices, label="Frequency")
    period_type = serializers.ChoiceField(
        choices=PeriodType.choices,
        label="Each figure covers",
        help_text="The period type the indicator reports; its figure, direction and "
        "comparators are all of this type.",
    )
    places = serializers.IntegerField(label="Decimal places")
    owner = serializers.CharField(label="Owner")
    value_period = serializers.DateField(
        allow_null=True, label="Period of the figure", help_text="Its first day."
    )
    value_period_label = serializers.CharField(
        label="Period", help_text="As a person says it, e.g. “2024 (calendar year)”."
    )
    value = _number("Value")
    value_text = serializers.CharField(label="Figure", help_text="As the pages show it.")
    value_status = serializers.ChoiceField(
        choices=Measurement.Status.choices, allow_null=True, label="Provisional or final"
    )
    value_source = serializers.CharField(
        label="Figure from", help_text="File, release and row of an imported figure."
    )
    target = _number("Target")
    target_text = serializers.CharField(label="Target as shown")
    gap_to_target = _number("Gap to target")
    rag = serializers.ChoiceField(choices=RAG.choices, allow_null=True, label="RAG")
    previous_period = serializers.DateField(allow_null=True, label="Period of the previous figure")
    previous_period_label = serializers.CharField(label="Previous period")
    previous_value = _number("Previous value")
    direction = serializers.ChoiceField(
        choices=Direction.choices, allow_null=True, label="Direction of travel"
    )
    direction_compares = serializers.CharField(
        label="Direction compared with",
        help_text="The previous figure of the same period type, e.g. “since October 2026”.",
    )
    last_year_period = serializers.DateField(allow_null=True, label="Period a year before")
    last_year_period_label = serializers.CharField(label="A year before: period")
    last_year_value = _number("Value a year before")
    last_year_text = serializers.CharField(label="A year before as shown")
    change_on_last_year = _number("Change on a year before")
    comparable = serializers.BooleanField(
        label="Gaps to comparators given",
        help_text="Only percentages, rates and average durations are compared by their "
        "difference; a count's gaps are blank.",
    )
    england_period = serializers.DateField(allow_null=True, label="England: period")
    england_period_label = serializers.CharField(label="England: period named")
    england = _number("England")
    england_text = serializers.CharField(label="England as shown")
    gap_to_england = _number("Gap to England")
    england_source = serializers.CharField(label="England: from")
    region_period = serializers.DateField(allow_null=True, label="Region: period")
    region_period_label = serializers.CharField(label="Region: period named")
    region = _number("Region")
    region_text = serializers.CharField(label="Region as shown")
    gap_to_region = _number("Gap to region")
    region_source = serializers.CharField(label="Region: from")
    statistical_neighbours_period = serializers.DateField(
        allow_null=True, label="Statistical neighbours: period"
    )
    statistical_neighbours_period_label = serializers.CharField(
        label="Statistical neighbours: period named"
    )
    statistical_neighbours = _number("Statistical neighbours")
    statistical_neighbours_text = serializers.CharField(label="Statistical neighbours as shown")
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
    """Every indicator for a month: its figure of its own period type (for quarters, terms
    and years, the latest period covering the month) with the period named, target, RAG,
    direction of travel and the previous period it compares with, the same period a year
    before, England, region and statistical-neighbour benchmarks with the gap to each (the
    figure minus the comparator; blank for counts, which are not comparable), the rank and
    quartile among all local authorities, and the file, release and row each imported figure
    came from. With a workstream or body, the indicators of the projects it covers."""

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
