"""Reads for the sign-off of jointly owned plan actions: which owning organisations a plan
action marked complete still awaits a sign-off from, as things stood on a day. One rule, said
twice over the same rows: as a database expression (``awaiting_sign_off``, for counting in the
query) and as the organisations' names (``sign_offs_awaited``, for the pages), so that the
counts and the names cannot disagree.

A sign-off counts on a day when it was given by the end of that day, not before the action's
completion date, and not withdrawn by then. A jointly owned action (one with co-owners) marked
complete is complete only once every owning organisation (the lead and each co-owner) has a
sign-off that counts; until then it is awaiting sign-off."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, F, IntegerField, OuterRef, Q, QuerySet, Value
from django.utils import timezone

from .models import Organisation, PlanAction, PlanActionSignOff

AWAITING_RULE = (
    "An action owned jointly by more than one organisation is complete only once a named "
    "owner in each owning organisation has signed it off (who, when and a statement). Until "
    "then it is awaiting sign-off, and counts as open, not complete. A withdrawn sign-off "
    "no longer counts."
)


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def sign_offs_counting(*, as_at: date) -> QuerySet[PlanActionSignOff]:
    """The sign-offs that count on ``as_at``: given by the end of that day, on or after the
    action's completion date, and not withdrawn by then."""
    end = _end_of(as_at)
    return PlanActionSignOff.objects.filter(
        signed_at__lt=end, signed_at__date__gte=F("plan_action__completed_on")
    ).filter(Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=end))


def _co_owners() -> QuerySet:
    return PlanAction.co_owners.through.objects.all()


def _unsigned_co_owners(*, as_at: date, action: OuterRef) -> QuerySet:
    signed = sign_offs_counting(as_at=as_at).filter(
        plan_action=OuterRef("planaction_id"), organisation=OuterRef("organisation_id")
    )
    return _co_owners().filter(planaction=action).filter(~Exists(signed))


def awaiting_sign_off(*, as_at: date) -> Q:
    """For plan action rows: jointly owned, and some owning organisation without a sign-off
    that counts on ``as_at`` (whatever the status: callers add "complete by then")."""
    lead_signed = sign_offs_counting(as_at=as_at).filter(
        plan_action=OuterRef("pk"), organisation=OuterRef("organisation_id")
    )
    jointly_owned = Exists(_co_owners().filter(planaction=OuterRef("pk")))
    return Q(jointly_owned) & (
        ~Q(Exists(lead_signed)) | Q(Exists(_unsigned_co_owners(as_at=as_at, action=OuterRef("pk"))))
    )


def sign_offs_awaited(*, action_ids: Iterable[int], as_at: date) -> dict[int, list[str]]:
    """For each of ``action_ids`` that is jointly owned, the names of the owning organisations
    without a sign-off that counts on ``as_at`` (the lead first, then the co-owners by name);
    actions awaiting no one are absent. One query (none for no actions)."""
    ids = sorted(set(action_ids))
    if not ids:
        return {}
    counting = sign_offs_counting(as_at=as_at)
    co_owners = (
        _co_owners()
        .filter(planaction__in=ids)
        .filter(
            ~Exists(
                counting.filter(
                    plan_action=OuterRef("planaction_id"),
                    organisation=OuterRef("organisation_id"),
                )
            )
        )
        .annotate(rank=Value(1, output_field=IntegerField()))
        .values_list("planaction_id", "organisation__name", "organisation__short_name", "rank")
        .order_by()
    )
    leads = (
        PlanAction.objects.filter(pk__in=ids)
        .filter(Exists(_co_owners().filter(planaction=OuterRef("pk"))))
        .filter(
            ~Exists(
                counting.filter(
                    plan_action=OuterRef("pk"), organisation=OuterRef("organisation_id")
                )
            )
        )
        .annotate(rank=Value(0, output_field=IntegerField()))
        .values_list("pk", "organisation__name", "organisation__short_name", "rank")
        .order_by()
    )
    awaited: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for action_id, name, short_name, rank in leads.union(co_owners, all=True):
        awaited[action_id].append((rank, short_name or name))
    # the lead (rank 0) before the co-owners, each by name
    return {action_id: [n for _, n in sorted(names)] for action_id, names in awaited.items()}


def awaiting_text(names: Iterable[str]) -> str:
    """The words for who is awaited: "awaiting sign-off by NHS Kent and Medway ICB and Kent
    PACT" (empty for no names)."""
    names = list(names)
    if not names:
        return ""
    joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"awaiting sign-off by {joined}"


def organisations_owning(action: PlanAction) -> list[Organisation]:
    """The action's owning organisations, lead first (from prefetched co-owners if any)."""
    return [action.organisation, *sorted(action.co_owners.all(), key=str)]
