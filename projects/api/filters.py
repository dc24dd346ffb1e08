"""The filters analysts and officers use on the delivery lists."""

from __future__ import annotations

from django_filters import rest_framework as filters

from governance.api.filters import organisation_filter
from governance.models import AreaOfWeakness, Body, Person
from sendtrack.kernel.api.periods import MonthFilter
from sendtrack.kernel.rag import RAG

from ..models import Milestone, Project, Risk, StatusReport, Workstream
from ..selectors import MilestoneStatus


class ProjectFilter(filters.FilterSet):
    organisation = organisation_filter()
    workstream = filters.ModelChoiceFilter(
        queryset=Workstream.objects.all(), help_text="Workstream id."
    )
    lead = filters.ModelChoiceFilter(
        queryset=Person.objects.all(), help_text="The lead's person id."
    )
    overseeing_body = filters.ModelChoiceFilter(
        queryset=Body.objects.all(), help_text="Id of the board or group the project reports to."
    )
    area = filters.ModelChoiceFilter(
        field_name="areas",
        queryset=AreaOfWeakness.objects.all(),
        help_text="Id of an area of weakness the project serves.",
    )
    rag = filters.MultipleChoiceFilter(
        field_name="latest_rag",
        choices=RAG.choices,
        help_text="RAG of the latest report (repeat for several).",
    )
    stage = filters.MultipleChoiceFilter(
        choices=Project.Stage.choices, help_text="Stage (repeat for several)."
    )
    priority_tier = filters.TypedChoiceFilter(choices=Project.Tier.choices, coerce=int)
    safety_valve = filters.BooleanFilter()

    class Meta:
        model = Project
        fields = [
            "organisation",
            "workstream",
            "lead",
            "overseeing_body",
            "area",
            "rag",
            "stage",
            "priority_tier",
            "safety_valve",
        ]


class ProjectRecordFilter(filters.FilterSet):
    """Filters for records that belong to a project: by the project and its governance."""

    organisation = organisation_filter(
        "project__organisation", "Id of the organisation that leads the project."
    )
    project = filters.ModelChoiceFilter(queryset=Project.objects.all(), help_text="Project id.")
    workstream = filters.ModelChoiceFilter(
        field_name="project__workstream",
        queryset=Workstream.objects.all(),
        help_text="Workstream id.",
    )
    lead = filters.ModelChoiceFilter(
        field_name="project__lead",
        queryset=Person.objects.all(),
        help_text="The project lead's person id.",
    )
    overseeing_body = filters.ModelChoiceFilter(
        field_name="project__overseeing_body",
        queryset=Body.objects.all(),
        help_text="Id of the board or group the project reports to.",
    )
    area = filters.ModelChoiceFilter(
        field_name="project__areas",
        queryset=AreaOfWeakness.objects.all(),
        help_text="Id of an area of weakness the project serves.",
    )


class MilestoneFilter(ProjectRecordFilter):
    status = filters.MultipleChoiceFilter(
        choices=MilestoneStatus.choices, help_text="Derived status (repeat for several)."
    )
    is_key = filters.BooleanFilter(help_text="Key milestones only (true) or others (false).")
    is_overdue = filters.BooleanFilter()
    due_after = filters.DateFilter(
        field_name="due_date",
        lookup_expr="gte",
        help_text="Due on or after this date (YYYY-MM-DD).",
    )
    due_before = filters.DateFilter(
        field_name="due_date",
        lookup_expr="lte",
        help_text="Due on or before this date (YYYY-MM-DD).",
    )
    completed_after = filters.DateFilter(field_name="completed_date", lookup_expr="gte")
    completed_before = filters.DateFilter(field_name="completed_date", lookup_expr="lte")

    class Meta:
        model = Milestone
        fields = []


class RiskFilter(ProjectRecordFilter):
    # A risk has a lead organisation of its own: programme and partnership risks belong to no
    # project.
    organisation = organisation_filter()
    level = filters.MultipleChoiceFilter(choices=Risk.Level.choices)
    kind = filters.ChoiceFilter(choices=Risk.Kind.choices)
    status = filters.ChoiceFilter(choices=Risk.Status.choices)
    owner = filters.ModelChoiceFilter(
        queryset=Person.objects.all(), help_text="The owner's person id."
    )
    escalated_to = filters.ModelChoiceFilter(
        queryset=Body.objects.all(), help_text="Id of the body the risk is escalated to."
    )
    escalated = filters.BooleanFilter(
        field_name="escalated_to",
        lookup_expr="isnull",
        exclude=True,
        help_text="Escalated to any body (true) or not (false).",
    )
    is_past_review = filters.BooleanFilter(help_text="Open and past its review date.")
    score_min = filters.NumberFilter(
        field_name="score", lookup_expr="gte", min_value=1, max_value=25
    )
    review_before = filters.DateFilter(field_name="review_date", lookup_expr="lte")
    review_after = filters.DateFilter(field_name="review_date", lookup_expr="gte")

    class Meta:
        model = Risk
        fields = []


class StatusReportFilter(ProjectRecordFilter):
    period = MonthFilter(help_text="The month reported on, YYYY-MM.")
    period_after = MonthFilter(
        field_name="period", lookup_expr="gte", help_text="From this month (YYYY-MM)."
    )
    period_before = MonthFilter(
        field_name="period", lookup_expr="lte", help_text="Up to this month (YYYY-MM)."
    )
    rag = filters.MultipleChoiceFilter(choices=RAG.choices)

    class Meta:
        model = StatusReport
        fields = []


class WorkstreamFilter(filters.FilterSet):
    organisation = organisation_filter(
        "director__organisation", "Id of the director's organisation."
    )
    overseeing_body = filters.ModelChoiceFilter(queryset=Body.objects.all())
    director = filters.ModelChoiceFilter(queryset=Person.objects.all())

    class Meta:
        model = Workstream
        fields = ["organisation", "overseeing_body", "director"]
