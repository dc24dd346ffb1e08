"""Reads of board business: a body's meetings, a meeting's agenda, decisions and action log
brought forward, the overdue actions (for the operational dashboard), and the escalations
gathered for a meeting. Each read takes an optional ``moment``: given one, the records are read
as their history recorded them then (for a pack built from a locked period); without, as they
are now."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from governance.models import Body, Meeting
from projects.history import end_of_day
from projects.models import Project, Risk, StatusReport

from .models import AgendaItem, BoardAction, Decision, EscalationResponse

OPEN_RISK = Q(closed_on__isnull=True) & ~Q(status=Risk.Status.CLOSED)


def as_recorded(model: type[models.Model], moment: datetime | None) -> QuerySet:
    """``model``'s rows as they are now (``moment`` None), or as their history recorded them
    just before ``moment``: each row's latest historical row, rows deleted by then left out."""
    if moment is None:
        return model._default_manager.all()
    latest = (
        model.history.filter(id=OuterRef("id"), history_date__lt=moment)
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return model.history.filter(history_id=Subquery(latest)).exclude(history_type="-").order_by()


def body_meetings(*, body: Body) -> QuerySet[Meeting]:
    """A body's meetings, latest first, with how many agenda items, decisions and actions each
    has (one query)."""
    return (
        Meeting.objects.filter(body=body)
        .select_related("minutes_approved_at")
        .annotate(
            agenda_count=Count("agenda_items", distinct=True),
            decision_count=Count("decisions", distinct=True),
            action_count=Count("actions_raised", distinct=True),
        )
        .order_by("-date", "pk")
    )


def meetings_as_recorded(*, body_id: int, moment: datetime | None) -> dict[int, Meeting]:
    """The body's meetings by id, as they are now (``moment`` None) or as recorded just before
    ``moment``: a meeting moved or renamed since keeps its date and title then."""
    return {
        m.id: m for m in as_recorded(Meeting, moment).filter(body_id=body_id).select_related("body")
    }


def _meeting_before(meetings: dict[int, Meeting], meeting: Meeting) -> Meeting | None:
    # The body's last meeting before this one that was not cancelled, among those read.
    earlier = [
        m
        for m in meetings.values()
        if m.date < meeting.date and m.status != Meeting.Status.CANCELLED
    ]
    return max(earlier, key=lambda m: m.date, default=None)


def agenda(*, meeting: Meeting) -> list[AgendaItem]:
    """The meeting's agenda in order, with each item's owner and what it concerns."""
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("owner")
        .prefetch_related(
            Prefetch("projects", Project.objects.only("pk", "code", "title").order_by("code")),
            "areas",
            Prefetch("risks", Risk.objects.only("pk", "reference", "title")),
        )
        .order_by("number", "pk")
    )


def decisions(*, meeting: Meeting) -> list[Decision]:
    """What the meeting decided, in order of reference."""
    return list(
        Decision.objects.filter(meeting=meeting)
        .select_related("agenda_item")
        .order_by("reference", "pk")
    )


def actions_with_due(queryset: QuerySet[BoardAction]) -> QuerySet[BoardAction]:
    """Actions with the day each is due (its date, or its due meeting's) as ``due_on``."""
    return queryset.annotate(due_on=Coalesce("due_date", "due_meeting__date"))


def board_actions_with_status(
    *, today: date, queryset: QuerySet[BoardAction] | None = None
) -> QuerySet[BoardAction]:
    """The action log across meetings: each action with its due day (``due_on``) and whether
    it is overdue today (``is_overdue``: not done nor dropped, and its due day has passed),
    with its owner, its meeting and body and its due meeting loaded (one query)."""
    qs = BoardAction.objects.all() if queryset is None else queryset
    return (
        actions_with_due(qs)
        .annotate(
            is_overdue=Case(
                When(Q(status__in=BoardAction.OUTSTANDING) & Q(due_on__lt=today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related("owner", "raised_at__body", "due_meeting")
    )


def actions_overdue(*, today: date, queryset: QuerySet[BoardAction] | None = None):
    """Actions not done nor dropped whose due day (date or meeting) has passed: the one
    truth of "overdue" for the dashboard, the meeting page and the pack."""
    qs = BoardAction.objects.all() if queryset is None else queryset
    return (
        actions_with_due(qs.outstanding())
        .filter(due_on__lt=today)
        .select_related("owner", "raised_at__body", "due_meeting")
        .order_by("due_on", "raised_at__body__name", "reference", "pk")
    )


def action_log(*, meeting: Meeting, moment: datetime | None = None) -> list:
    """The body's action log as the meeting takes it: the actions set at earlier meetings
    still open (or done or dropped since the meeting before), then those set at this one.
    Each carries ``due_on`` and ``is_overdue`` (due before the meeting and not done)."""
    meetings = meetings_as_recorded(body_id=meeting.body_id, moment=moment)
    this = meetings.get(meeting.pk, meeting)
    before = _meeting_before(meetings, this)
    since = before.date if before else date.min
    rows = as_recorded(BoardAction, moment).filter(
        raised_at_id__in=[i for i, m in meetings.items() if m.date <= this.date]
    )
    rows = rows.filter(
        Q(raised_at=meeting.pk)
        | Q(status__in=BoardAction.OUTSTANDING)
        | Q(completed_on__gt=since)
        | (Q(status=BoardAction.Status.DROPPED) & Q(completed_on__isnull=True))
    ).select_related("owner")
    found = []
    for action in rows:
        # ``set_at`` is the meeting as recorded then; read as now, it is also ``raised_at``.
        action.set_at = meetings[action.raised_at_id]
        if moment is None:
            action.raised_at = action.set_at
        action.due_meeting_obj = meetings.get(action.due_meeting_id)
        due = action.due_date or (action.due_meeting_obj.date if action.due_meeting_obj else None)
        action.due_on = due
        action.brought_forward = action.raised_at_id != meeting.pk
        action.is_overdue = (
            action.status in BoardAction.OUTSTANDING and due is not None and due < this.date
        )
        # A dropped action without a date is shown once, at the next meeting.
        if (
            action.brought_forward
            and action.status == BoardAction.Status.DROPPED
            and action.completed_on is None
            and action.set_at.date < since
        ):
            continue
        found.append(action)
    found.sort(key=lambda a: (not a.brought_forward, a.set_at.date, a.reference, a.id))
    return found


@dataclass
class Escalation:
    """Something a project asked its board to decide or unblock, with the body's responses."""

    kind: str  # "report" or "risk"
    record_id: int
    project: Project | None
    title: str
    text: str
    raised_on: date | None
    responses: list[EscalationResponse] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.record_id}"

    @property
    def kind_label(self) -> str:
        return "Monthly report" if self.kind == "report" else "Risk escalated"


def escalations_for_meeting(*, meeting: Meeting, moment: datetime | None = None):
    """What reaches the meeting: the "decisions or escalations needed" of the monthly reports
    of projects the body oversees, filed since the body's last meeting and before this one's
    day, and the open risks escalated to the body by then. Each comes with the responses
    recorded at this meeting or earlier ones (as recorded at ``moment``, when given)."""
    meetings = meetings_as_recorded(body_id=meeting.body_id, moment=moment)
    this = meetings.get(meeting.pk, meeting)
    before = _meeting_before(meetings, this)
    start = end_of_day(before.date) if before else None
    stop = end_of_day(this.date - timedelta(days=1))
    # The projects the body oversaw then (a project moved to another board since is still
    # this meeting's business, in a pack read as at an earlier day).
    overseen = as_recorded(Project, moment).filter(overseeing_body_id=meeting.body_id)
    reports = (
        as_recorded(StatusReport, moment)
        .filter(project_id__in=overseen.values("id"))
        .exclude(decisions_needed="")
        .annotate(filed_at=Coalesce("submitted_at", "created_at"))
        .filter(filed_at__lt=stop)
    )
    if start is not None:
        reports = reports.filter(filed_at__gte=start)
    reports = reports.select_related("project").order_by("project__code", "period")
    risks = (
        as_recorded(Risk, moment)
        .filter(OPEN_RISK, escalated_to_id=meeting.body_id, raised_on__lte=this.date)
        .select_related("project")
        .order_by("reference", "id")
    )
    found = [
        Escalation(
            kind="report",
            record_id=r.id,
            project=r.project,
            title=f"{r.project.code} report for {r.period:%B %Y}",
            text=r.decisions_needed,
            raised_on=r.filed_at.date() if r.filed_at else None,
        )
        for r in reports
    ]
    found += [
        Escalation(
            kind="risk",
            record_id=r.id,
            project=r.project,
            title=f"{r.reference or 'Risk'}: {r.title} (score {r.likelihood * r.impact})",
            text=r.mitigation or r.description,
            raised_on=r.raised_on,
        )
        for r in risks
    ]
    responses = (
        as_recorded(EscalationResponse, moment)
        .filter(meeting_id__in=[i for i, m in meetings.items() if m.date <= this.date])
        .filter(
            Q(status_report_id__in=[e.record_id for e in found if e.kind == "report"])
            | Q(risk_id__in=[e.record_id for e in found if e.kind == "risk"])
        )
        .select_related("meeting", "responded_by")
    )
    by_key = {e.key: e for e in found}
    # In the order of the meetings' days as recorded then (``response.meeting`` is as now).
    for response in sorted(responses, key=lambda r: (meetings[r.meeting_id].date, r.id)):
        response.meeting_date = meetings[response.meeting_id].date
        kind = "report" if response.status_report_id else "risk"
        record = response.status_report_id or response.risk_id
        by_key[f"{kind}-{record}"].responses.append(response)
    return found


def responses_for_project(*, project: Project) -> list[EscalationResponse]:
    """The responses boards gave to the project's reports and risks, latest meeting first."""
    return list(
        EscalationResponse.objects.filter(
            Q(status_report__project=project) | Q(risk__project=project)
        )
        .select_related("meeting__body", "responded_by", "status_report", "risk")
        .order_by("-meeting__date", "-pk")
    )
