"""Reads for governance: information requests and plan actions with their derived due dates and
overdue flags (a blank due date means "by the body's next meeting"), and areas of weakness with
their current self-assessment."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from .models import (
    AreaAssessment,
    AreaOfWeakness,
    Body,
    GovernanceSnapshot,
    InformationRequest,
    Meeting,
    PlanAction,
)
from .sign_offs import awaiting_sign_off


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


def bodies_of_member(*, user: AbstractBaseUser | AnonymousUser, today: date) -> QuerySet[Body]:
    """The bodies the user sits on today, in any role, as the person their login acts as."""
    if not user.is_authenticated:
        return Body.objects.none()
    current = Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=today)
    return (
        Body.objects.filter(Q(memberships__person__user=user) & current).distinct().order_by("name")
    )


def bodies_with_requests() -> QuerySet[Body]:
    """Every body whose meetings have information requests logged."""
    asked = InformationRequest.objects.filter(meeting__body=OuterRef("pk"))
    return Body.objects.filter(Exists(asked)).order_by("name")


def information_requests_of_bodies(
    *, today: date, bodies: Iterable[Body]
) -> QuerySet[InformationRequest]:
    """The requests made at the bodies' meetings, outstanding ones first and each by its due
    date, with their status, and the meeting they are due at: the body's first meeting (not
    cancelled) on or after the effective due date, which for a request with no date set is the
    meeting after the one that asked."""
    due_at = (
        Meeting.objects.filter(
            body=OuterRef("meeting__body"), date__gte=OuterRef("effective_due_date")
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("date")
    )
    return (
        information_requests_with_status(
            today=today, queryset=InformationRequest.objects.filter(meeting__body__in=bodies)
        )
        .annotate(
            due_meeting_date=Subquery(due_at.values("date")[:1]),
            is_outstanding=Case(
                When(status__in=InformationRequest.OUTSTANDING, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by(
            "-is_outstanding",
            F("effective_due_date").asc(nulls_last=True),
            "meeting__date",
            "reference",
            "pk",
        )
    )


def meetings_ahead(*, today: date, bodies: Iterable[Body]) -> QuerySet[Meeting]:
    """The bodies' meetings from today on that are not cancelled, soonest first."""
    return (
        Meeting.objects.filter(body__in=bodies, date__gte=today)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
        .order_by("date", "body__name")
    )


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
    earlier inspection's areas rather than finding its own). Of two inspections starting the
    same day, the one recorded later counts, so every page picks the same one."""
    latest = AreaOfWeakness.objects.order_by("-inspection__start_date", "-inspection_id").values(
        "inspection"
    )[:1]
    return AreaOfWeakness.objects.filter(inspection__in=Subquery(latest))


def areas_with_page(
    *, queryset: QuerySet[AreaOfWeakness] | None = None
) -> QuerySet[AreaOfWeakness]:
    """Areas of weakness by number, each with ``has_page``: whether it is a current area, the
    one its number's assurance page shows (an earlier inspection's area has no page)."""
    qs = AreaOfWeakness.objects.all() if queryset is None else queryset
    return qs.annotate(has_page=Exists(current_areas().filter(pk=OuterRef("pk")))).order_by(
        "number", "pk"
    )


def plan_actions_with_areas(
    *, queryset: QuerySet[PlanAction] | None = None
) -> QuerySet[PlanAction]:
    """Plan actions with their plan and their areas (``linked_areas``, by number, each with
    ``has_page``), so that a list can link each action to the area page that rates it. Three
    queries."""
    qs = PlanAction.objects.all() if queryset is None else queryset
    return qs.select_related("plan").prefetch_related(
        Prefetch("areas", queryset=areas_with_page(), to_attr="linked_areas")
    )


def area_by_number(number: int) -> AreaOfWeakness | None:
    """The current area with this number, or None."""
    return current_areas().filter(number=number).select_related("inspection").first()


# Counting an area's plan actions --------------------------------------------------------------

ACTION_COUNT_RULE = (
    "Actions are counted once, in the plan that carries them now: an action carried forward "
    "to a later plan is not counted (the action that continues it is), nor is a withdrawn "
    "one. An action counts from the date its plan was submitted; it is complete from the date "
    "it was completed (an action owned jointly with other organisations, once each owning "
    "organisation has signed it off: until then it is open, awaiting sign-off), and overdue "
    "when still open after its due date."
)


class ActionState:
    """What an action was on a day, for counting."""

    COMPLETE = "complete"
    # Marked complete, jointly owned, and not yet signed off by every owning organisation:
    # counted as open, never as complete or overdue.
    AWAITING_SIGN_OFF = "awaiting_sign_off"
    OPEN = "open"
    CARRIED_FORWARD = "carried_forward"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class ActionCounts:
    """An area's plan actions as every page, report, publication and the API count them."""

    counted: int = 0
    complete: int = 0
    open: int = 0  # not complete, overdue or not, or awaiting sign-off
    overdue: int = 0
    awaiting_sign_off: int = 0  # of the open: marked complete, not yet signed off by all
    carried_forward: int = 0  # not counted: followed through the action that continues it
    withdrawn: int = 0  # not counted

    @property
    def due(self) -> int:
        """Open and not yet overdue."""
        return self.open - self.overdue

    @property
    def not_counted(self) -> int:
        return self.carried_forward + self.withdrawn

    @property
    def percent_complete(self) -> int | None:
        """Complete as a whole-number share of those counted (halves up); None with none."""
        return int(100 * self.complete / self.counted + 0.5) if self.counted else None

    def as_dict(self) -> dict[str, int | None]:
        return {
            "counted": self.counted,
            "complete": self.complete,
            "open": self.open,
            "due": self.due,
            "overdue": self.overdue,
            "awaiting_sign_off": self.awaiting_sign_off,
            "percent_complete": self.percent_complete,
            "carried_forward": self.carried_forward,
            "withdrawn": self.withdrawn,
        }


def plan_actions_as_at(
    *, as_at: date, queryset: QuerySet[PlanAction] | None = None
) -> QuerySet[PlanAction]:
    """Plan actions that existed on ``as_at`` (their plan submitted by then, or undated), each
    with ``state_then`` (complete, awaiting sign-off, open, carried forward or withdrawn as it
    stood that day) and ``is_overdue`` (open and past its due date that day). An action
    completed later was open then; one carried forward to a plan submitted later was still
    open then; a jointly owned one marked complete by then and not yet signed off by every
    owning organisation (``governance.sign_offs``) was awaiting sign-off."""
    qs = PlanAction.objects.all() if queryset is None else queryset
    continued_later = PlanAction.objects.filter(
        carried_forward_from=OuterRef("pk"), plan__submitted_on__gt=as_at
    )
    return (
        plan_actions_with_status(
            today=as_at,
            queryset=qs.filter(
                Q(plan__submitted_on__isnull=True) | Q(plan__submitted_on__lte=as_at)
            ),
        )
        .annotate(
            state_then=Case(
                When(
                    Q(status=PlanAction.Status.COMPLETE, completed_on__lte=as_at)
                    & awaiting_sign_off(as_at=as_at),
                    then=Value(ActionState.AWAITING_SIGN_OFF),
                ),
                When(
                    status=PlanAction.Status.COMPLETE,
                    completed_on__lte=as_at,
                    then=Value(ActionState.COMPLETE),
                ),
                When(status=PlanAction.Status.WITHDRAWN, then=Value(ActionState.WITHDRAWN)),
                When(
                    Q(status=PlanAction.Status.CARRIED_FORWARD) & ~Exists(continued_later),
                    then=Value(ActionState.CARRIED_FORWARD),
                ),
                default=Value(ActionState.OPEN),
                output_field=CharField(),
            )
        )
        .annotate(
            is_overdue=Case(
                When(
                    Q(state_then=ActionState.OPEN) & Q(effective_due_date__lt=as_at),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def _counts(tally: Counter) -> ActionCounts:
    return ActionCounts(
        counted=tally[ActionState.COMPLETE]
        + tally[ActionState.OPEN]
        + tally[ActionState.AWAITING_SIGN_OFF],
        complete=tally[ActionState.COMPLETE],
        open=tally[ActionState.OPEN] + tally[ActionState.AWAITING_SIGN_OFF],
        overdue=tally["overdue"],
        awaiting_sign_off=tally[ActionState.AWAITING_SIGN_OFF],
        carried_forward=tally[ActionState.CARRIED_FORWARD],
        withdrawn=tally[ActionState.WITHDRAWN],
    )


def action_counts(actions: Iterable[PlanAction]) -> ActionCounts:
    """Actions read through ``plan_actions_as_at``, counted by ``ACTION_COUNT_RULE`` (for a
    page that has already loaded them)."""
    tally: Counter = Counter()
    for action in actions:
        tally[action.state_then] += 1
        tally["overdue"] += bool(action.is_overdue)
    return _counts(tally)


def area_action_counts(
    *, as_at: date, actions: QuerySet[PlanAction] | None = None
) -> dict[int, ActionCounts]:
    """Each area's plan actions as they stood on ``as_at``, counted by ``ACTION_COUNT_RULE``:
    keyed by the area's id (an area with no actions is absent: use ``ActionCounts()``).
    ``actions`` narrows what is counted (a workstream's, say). One query."""
    rows = (
        plan_actions_as_at(as_at=as_at, queryset=actions)
        .filter(areas__isnull=False)
        .values_list("pk", "areas", "state_then", "is_overdue")
        .order_by()
    )
    tallies: dict[int, Counter] = defaultdict(Counter)
    seen: set[tuple[int, int]] = set()
    for pk, area_id, state, overdue in rows:
        if (pk, area_id) in seen:
            continue
        seen.add((pk, area_id))
        tallies[area_id][state] += 1
        tallies[area_id]["overdue"] += bool(overdue)
    return {area_id: _counts(tally) for area_id, tally in tallies.items()}
