"""Filters for the governance lists."""

from __future__ import annotations

from django_filters import rest_framework as filters

from ..models import (
    AreaOfWeakness,
    Body,
    EvidenceItem,
    ImprovementPlan,
    InformationRequest,
    Inspection,
    Meeting,
    Organisation,
    Person,
    PlanAction,
)


def organisation_filter(
    field_name: str = "organisation", help_text: str = "Id of the lead organisation."
) -> filters.ModelChoiceFilter:
    """The ``organisation`` filter every list offers: the partner organisation that leads
    the record (or, for records that belong to another, that leads their parent)."""
    return filters.ModelChoiceFilter(
        field_name=field_name, queryset=Organisation.objects.all(), help_text=help_text
    )


class OrganisationFilter(filters.FilterSet):
    kind = filters.MultipleChoiceFilter(
        choices=Organisation.Kind.choices, help_text="Kind of organisation (repeat for several)."
    )

    class Meta:
        model = Organisation
        fields = ["kind"]


class BodyFilter(filters.FilterSet):
    organisation = organisation_filter(help_text="Id of the organisation that hosts the body.")
    kind = filters.MultipleChoiceFilter(choices=Body.Kind.choices)
    reports_to = filters.ModelChoiceFilter(
        queryset=Body.objects.all(), help_text="Id of the body it reports to."
    )
    current = filters.BooleanFilter(
        field_name="ended_on",
        lookup_expr="isnull",
        help_text="Still in being (true) or stood down (false).",
    )

    class Meta:
        model = Body
        fields = ["organisation", "kind", "reports_to", "current"]


class MeetingFilter(filters.FilterSet):
    organisation = organisation_filter(
        "body__organisation", "Id of the organisation that hosts the body that met."
    )
    body = filters.ModelChoiceFilter(queryset=Body.objects.all())
    status = filters.MultipleChoiceFilter(choices=Meeting.Status.choices)
    date_after = filters.DateFilter(
        field_name="date", lookup_expr="gte", help_text="On or after (YYYY-MM-DD)."
    )
    date_before = filters.DateFilter(
        field_name="date", lookup_expr="lte", help_text="On or before (YYYY-MM-DD)."
    )

    class Meta:
        model = Meeting
        fields = ["organisation", "body", "status", "date_after", "date_before"]


class InformationRequestFilter(filters.FilterSet):
    organisation = organisation_filter(
        "requested_of__organisation", "Id of the organisation of the person asked."
    )
    meeting = filters.ModelChoiceFilter(queryset=Meeting.objects.all())
    body = filters.ModelChoiceFilter(field_name="meeting__body", queryset=Body.objects.all())
    requested_of = filters.ModelChoiceFilter(queryset=Person.objects.all())
    status = filters.MultipleChoiceFilter(choices=InformationRequest.Status.choices)
    is_overdue = filters.BooleanFilter()
    due_after = filters.DateFilter(field_name="effective_due_date", lookup_expr="gte")
    due_before = filters.DateFilter(field_name="effective_due_date", lookup_expr="lte")

    class Meta:
        model = InformationRequest
        fields = [
            "organisation",
            "meeting",
            "body",
            "requested_of",
            "status",
            "is_overdue",
            "due_after",
            "due_before",
        ]


class AreaOfWeaknessFilter(filters.FilterSet):
    organisation = organisation_filter("lead__organisation", "Id of the lead's organisation.")
    inspection = filters.ModelChoiceFilter(queryset=Inspection.objects.all())
    number = filters.NumberFilter(min_value=1, max_value=9)
    lead = filters.ModelChoiceFilter(queryset=Person.objects.all())

    class Meta:
        model = AreaOfWeakness
        fields = ["organisation", "inspection", "number", "lead"]


class PlanActionFilter(filters.FilterSet):
    organisation = organisation_filter("lead__organisation", "Id of the lead's organisation.")
    plan = filters.ModelChoiceFilter(queryset=ImprovementPlan.objects.all())
    plan_kind = filters.ChoiceFilter(field_name="plan__kind", choices=ImprovementPlan.Kind.choices)
    area = filters.ModelChoiceFilter(
        field_name="areas",
        queryset=AreaOfWeakness.objects.all(),
        help_text="Id of an area of weakness the action addresses.",
    )
    lead = filters.ModelChoiceFilter(queryset=Person.objects.all())
    status = filters.MultipleChoiceFilter(choices=PlanAction.Status.choices)
    is_overdue = filters.BooleanFilter()
    due_after = filters.DateFilter(field_name="effective_due_date", lookup_expr="gte")
    due_before = filters.DateFilter(field_name="effective_due_date", lookup_expr="lte")
    promised_at = filters.ModelChoiceFilter(
        queryset=Meeting.objects.all(), help_text="Id of the meeting it was promised to."
    )

    class Meta:
        model = PlanAction
        fields = [
            "organisation",
            "plan",
            "plan_kind",
            "area",
            "lead",
            "status",
            "is_overdue",
            "due_after",
            "due_before",
            "promised_at",
        ]


class EvidenceItemFilter(filters.FilterSet):
    organisation = organisation_filter(
        "area__lead__organisation", "Id of the organisation of the area's lead."
    )
    area = filters.ModelChoiceFilter(queryset=AreaOfWeakness.objects.all())
    plan_action = filters.ModelChoiceFilter(queryset=PlanAction.objects.all())
    kind = filters.MultipleChoiceFilter(choices=EvidenceItem.Kind.choices)
    reviewed = filters.BooleanFilter(
        field_name="reviewed_on",
        lookup_expr="isnull",
        exclude=True,
        help_text="Reviewed (true) or awaiting review (false).",
    )

    class Meta:
        model = EvidenceItem
        fields = ["organisation", "area", "plan_action", "kind", "reviewed"]
