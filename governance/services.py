"""Writes for governance."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Count, Q

from .models import GovernanceSnapshot, InformationRequest, PlanAction
from .selectors import information_requests_with_status, plan_actions_with_status


@transaction.atomic
def governance_snapshot_take(*, day: date) -> GovernanceSnapshot:
    """File the programme's open and overdue plan actions and its outstanding and overdue
    information requests under ``day``; taking it again the same day rewrites the same row.
    Three queries."""
    actions = plan_actions_with_status(today=day).aggregate(
        open=Count("pk", filter=~Q(status__in=PlanAction.CLOSED_STATUSES)),
        overdue=Count("pk", filter=Q(is_overdue=True)),
    )
    requests = information_requests_with_status(today=day).aggregate(
        outstanding=Count("pk", filter=Q(status__in=InformationRequest.OUTSTANDING)),
        overdue=Count("pk", filter=Q(is_overdue=True)),
    )
    snapshot = GovernanceSnapshot(
        day=day,
        plan_actions_open=actions["open"],
        plan_actions_overdue=actions["overdue"],
        information_requests_outstanding=requests["outstanding"],
        information_requests_overdue=requests["overdue"],
    )
    GovernanceSnapshot.objects.upsert([snapshot])
    return snapshot
