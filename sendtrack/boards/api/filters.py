"""Filters for the board business lists."""

from __future__ import annotations

from django_filters import rest_framework as filters

from governance.api.filters import organisation_filter
from governance.models import Body, Meeting, Person
from projects.models import Project

from ..models import AgendaItem, BoardAction, Decision


class AgendaItemFilter(filters.FilterSet):
    organisation = organisation_filter(
        "meeting__body__organisation", "Id of the organisation that hosts the body that met."
    )
    body = filters.ModelChoiceFilter(field_name="meeting__body", queryset=Body.objects.all())
    meeting = filters.ModelChoiceFilter(queryset=Meeting.objects.all())
    project = filters.ModelChoiceFilter(
        field_name="projects",
        queryset=Project.objects.all(),
        help_text="Id of a project the item concerns.",
    )
    owner = filters.ModelChoiceFilter(
        queryset=Person.objects.all(), help_text="Id of the person who presents the item."
    )

    class Meta:
        model = AgendaItem
        fields = ["organisation", "body", "meeting", "project", "owner"]


class DecisionFilter(filters.FilterSet):
    organisation = organisation_filter(
        "meeting__body__organisation", "Id of the organisation that hosts the body that met."
    )
    body = filters.ModelChoiceFilter(field_name="meeting__body", queryset=Body.objects.all())
    meeting = filters.ModelChoiceFilter(queryset=Meeting.objects.all())
    agenda_item = filters.ModelChoiceFilter(queryset=AgendaItem.objects.all())

    class Meta:
        model = Decision
        fields = ["organisation", "body", "meeting", "agenda_item"]


class BoardActionFilter(filters.FilterSet):
    organisation = organisation_filter(
        "owner__organisation", "Id of the organisation of the action's owner."
    )
    body = filters.ModelChoiceFilter(
        field_name="raised_at__body",
        queryset=Body.objects.all(),
        help_text="Id of the body whose meeting set the action.",
    )
    raised_at = filters.ModelChoiceFilter(
        queryset=Meeting.objects.all(), help_text="Id of the meeting that set the action."
    )
    status = filters.MultipleChoiceFilter(
        choices=BoardAction.Status.choices, help_text="Status (repeat for several)."
    )
    owner = filters.ModelChoiceFilter(
        queryset=Person.objects.all(), help_text="Id of the person who owns the action."
    )
    is_overdue = filters.BooleanFilter(
        help_text="Not done nor dropped and due before today (true), or not (false)."
    )
    due_after = filters.DateFilter(
        field_name="due_on", lookup_expr="gte", help_text="Due on or after (YYYY-MM-DD)."
    )
    due_before = filters.DateFilter(
        field_name="due_on", lookup_expr="lte", help_text="Due on or before (YYYY-MM-DD)."
    )

    class Meta:
        model = BoardAction
        fields = [
            "organisation",
            "body",
            "raised_at",
            "status",
            "owner",
            "is_overdue",
            "due_after",
            "due_before",
        ]
