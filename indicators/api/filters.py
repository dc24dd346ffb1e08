"""Filters for the indicator lists."""

from __future__ import annotations

from django_filters import rest_framework as filters

from governance.api.filters import organisation_filter
from governance.models import AreaOfWeakness, Person
from projects.models import Project, Workstream
from sendtrack.kernel.api.periods import MonthFilter
from sendtrack.kernel.rag import RAG

from ..benefits import Realisation
from ..models import Benchmark, Benefit, Indicator, Measurement, Target


class IndicatorFilter(filters.FilterSet):
    organisation = organisation_filter()
    layer = filters.ChoiceFilter(
        choices=Indicator.Layer.choices, help_text="The dashboard it belongs to."
    )
    level = filters.ChoiceFilter(choices=Indicator.Level.choices)
    frequency = filters.ChoiceFilter(choices=Indicator.Frequency.choices)
    owner = filters.ModelChoiceFilter(
        queryset=Person.objects.all(), help_text="The owner's person id."
    )
    area = filters.ModelChoiceFilter(
        field_name="areas",
        queryset=AreaOfWeakness.objects.all(),
        help_text="Id of an area of weakness it evidences.",
    )
    project = filters.ModelChoiceFilter(field_name="projects", queryset=Project.objects.all())
    workstream = filters.ModelChoiceFilter(
        field_name="projects__workstream",
        queryset=Workstream.objects.all(),
        distinct=True,
        help_text="Indicators of the workstream's projects.",
    )
    rag = filters.MultipleChoiceFilter(choices=RAG.choices, help_text="RAG of the latest figure.")
    is_public = filters.BooleanFilter()

    class Meta:
        model = Indicator
        fields = [
            "organisation",
            "layer",
            "level",
            "frequency",
            "owner",
            "area",
            "project",
            "workstream",
            "rag",
            "is_public",
        ]


class IndicatorRecordFilter(filters.FilterSet):
    organisation = organisation_filter(
        "indicator__organisation", "Id of the organisation that leads the indicator."
    )
    indicator = filters.ModelChoiceFilter(queryset=Indicator.objects.all())
    period = MonthFilter(help_text="The period's first month, YYYY-MM.")
    period_after = MonthFilter(
        field_name="period", lookup_expr="gte", help_text="From this month (YYYY-MM)."
    )
    period_before = MonthFilter(
        field_name="period", lookup_expr="lte", help_text="Up to this month (YYYY-MM)."
    )


class MeasurementFilter(IndicatorRecordFilter):
    status = filters.ChoiceFilter(choices=Measurement.Status.choices)
    rag = filters.MultipleChoiceFilter(choices=RAG.choices)

    class Meta:
        model = Measurement
        fields = []


class BenchmarkFilter(IndicatorRecordFilter):
    comparator = filters.MultipleChoiceFilter(choices=Benchmark.Comparator.choices)

    class Meta:
        model = Benchmark
        fields = []


class TargetFilter(filters.FilterSet):
    organisation = organisation_filter(
        "indicator__organisation", "Id of the organisation that leads the indicator."
    )
    indicator = filters.ModelChoiceFilter(queryset=Indicator.objects.all())
    in_force_on = filters.DateFilter(
        method="filter_in_force", help_text="Targets applying on this date (YYYY-MM-DD)."
    )

    class Meta:
        model = Target
        fields = ["organisation", "indicator", "in_force_on"]

    def filter_in_force(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(
            Q(applies_to__isnull=True) | Q(applies_to__gte=value), applies_from__lte=value
        )


class BenefitFilter(filters.FilterSet):
    """The benefits' own fields filter in the database; ``realisation`` and ``overdue`` are
    worked out from the figures (``indicators.benefits``), so the view applies them to the
    realised benefits, before the page is cut (see ``BenefitViewSet``)."""

    project = filters.ModelChoiceFilter(queryset=Project.objects.all())
    workstream = filters.ModelChoiceFilter(
        field_name="project__workstream",
        queryset=Workstream.objects.all(),
        help_text="Benefits of the workstream's projects.",
    )
    organisation = organisation_filter(
        "project__organisation", "Id of the organisation that leads the benefit's project."
    )
    indicator = filters.ModelChoiceFilter(
        queryset=Indicator.objects.all(), help_text="The indicator that measures the benefit."
    )
    beneficiary = filters.ChoiceFilter(choices=Benefit.Beneficiary.choices)
    realisation = filters.MultipleChoiceFilter(
        choices=Realisation.choices,
        method="derived",
        help_text="Whether it is realised as at today, from the indicator's figures (repeat "
        "for several).",
    )
    overdue = filters.BooleanFilter(
        method="derived",
        help_text="Not realised by the date it should show (as at today).",
    )

    class Meta:
        model = Benefit
        fields = [
            "project",
            "workstream",
            "organisation",
            "indicator",
            "beneficiary",
            "realisation",
            "overdue",
        ]

    # The derived filters are checked here (a value that is not a choice is a 400) and
    # applied by the view to what the selector works out.
    DERIVED = ("realisation", "overdue")

    def derived(self, queryset, name, value):
        return queryset
