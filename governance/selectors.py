"""Reads for governance: information requests and plan actions with their derived due dates and
overdue flags (a blank due date means "by the body's next meeting"), and areas of weakness with
their current self-assessment."""

from __future__ import annotations

from datetime import date

from django.db.models import BooleanField, Case, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from .models import (
    AreaAssessment,
    AreaOfWeakness,
    GovernanceSnapshot,
    InformationRequest,
    Meeting,
    PlanAction,
)


def _next_meeting_date(*, body: str, after: str) -> Subquery:
    """The date of the body's next meeting after a date (cancelled meetings do not count)."""
    meetings = (
        Meeting.objects.filter(body=OuterRef(body), date__gt=OuterRef(after))
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("date")
    )
    return Subquery(meetings.values("date")[:1])


def information_requests_with_status(
    *, today: date, queryset: QuerySet[InformationRequest] | None = None
) -> QuerySet[InformationRequest]:
    """Requests with their effective due date (the date set, else the date of the body's next
    meeting after the one that asked) and whether they are overdue."""
    qs = InformationRequest.objects.all() if queryset is None else queryset
    return (
        qs.select_related("meeting__body", "requested_of")
        .annotate(
            effective_due_date=Coalesce(
                "due_date", _next_meeting_date(body="meeting__body", after="meeting__date")
            )
        )
        .annotate(
            is_overdue=Case(
                When(
                    Q(status__in=InformationRequest.OUTSTANDING) & Q(effective_due_date__lt=today),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def information_requests_overdue(*, today: date) -> QuerySet[InformationRequest]:
    """Outstanding requests past their effective due date."""
    return information_requests_with_status(today=today).filter(is_overdue=True)


def plan_actions_with_status(
    *, today: date, queryset: QuerySet[PlanAction] | None = None
) -> QuerySet[PlanAction]:
    """Plan actions with their effective due date (the date set, else the date of the next
    meeting of the body they were promised to) and whether they are overdue (still open and
    past it)."""
    qs = PlanAction.objects.all() if queryset is None else queryset
    return (
        qs.select_related("plan", "lead", "accountable_owner", "promised_at__body")
        .annotate(
            effective_due_date=Coalesce(
                "due_date",
                _next_meeting_date(body="promised_at__body", after="promised_at__date"),
            )
        )
        .annotate(
            is_overdue=Case(
                When(
                    ~Q(status__in=PlanAction.CLOSED_STATUSES) & Q(effective_due_date__lt=today),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def areas_with_current_assessment(
    *, queryset: QuerySet[AreaOfWeakness] | None = None
) -> QuerySet[AreaOfWeakness]:
    """Areas of weakness with the rating, date and rationale of their latest self-assessment."""
    qs = AreaOfWeakness.objects.all() if queryset is None else queryset
    latest = AreaAssessment.objects.filter(area=OuterRef("pk")).order_by("-assessed_on")
    return qs.select_related("inspection", "lead").annotate(
        current_rating=Subquery(latest.values("rating")[:1]),
        current_assessed_on=Subquery(latest.values("assessed_on")[:1]),
        current_rationale=Subquery(latest.values("rationale")[:1]),
    )


def governance_snapshot_on(*, day: date) -> GovernanceSnapshot | None:
    """The plan action and information request counts as filed by the latest daily snapshot
    on or before ``day``, or None before the first."""
    return GovernanceSnapshot.objects.filter(day__lte=day).order_by("-day").first()


def current_areas() -> QuerySet[AreaOfWeakness]:
    """The areas of weakness of the latest inspection that found any (a revisit judges the
    earlier inspection's areas rather than finding its own)."""
    latest = AreaOfWeakness.objects.order_by("-inspection__start_date").values("inspection")[:1]
    return AreaOfWeakness.objects.filter(inspection__in=Subquery(latest))


def area_by_number(number: int) -> AreaOfWeakness | None:
    """The current area with this number, or None."""
    return current_areas().filter(number=number).select_related("inspection").first()
