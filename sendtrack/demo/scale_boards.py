"""Board business at scale: per unit of scale beyond the demonstration, a delivery group that
has met monthly for ten years, each meeting with its agenda, decisions and actions. Most
actions are done by the next meeting; some run late and some are still open, so that each
meeting's action log carries actions brought forward as a real one does. Drawn from random
generators with fixed seeds and written in bulk, each record with the first history row a
pack reads."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from governance.models import Body, Meeting, Membership, Organisation, Person
from projects.models import Project
from projects.selectors import month_add
from sendtrack.boards.models import AgendaItem, BoardAction, Decision

from .board_business import AGENDA
from .people import KCC
from .projects import _historical

MEETINGS_PER_UNIT = 120  # ten years, monthly
MEMBERS_PER_BODY = 6
DECISIONS_PER_MEETING = 2
ACTIONS_PER_MEETING = 3
# Meetings this close to the data's day still have their actions open.
RECENT_MEETINGS = 3
BATCH = 2000
ACTIONS = (
    "Bring a recovery plan for the slipped milestones",
    "Report the waiting list by locality",
    "Confirm the funding route with finance",
    "Share the draft strategy with the parent carer forum",
    "Review the risk register's red risks",
)
DECISIONS = (
    "Approved the highlight report.",
    "Agreed to escalate the sufficiency risk to the Strategic Board.",
    "Noted the update and asked for a recovery plan.",
)


def add_board_business(
    *, extra: float, leads: list[Person], projects: list[Project], as_of: date
) -> None:
    """``extra`` units of board business: ``MEETINGS_PER_UNIT`` monthly meetings a unit, a
    delivery group for each ten years of them, the latest meetings ending in the month
    before ``as_of`` and one scheduled after."""
    total = round(MEETINGS_PER_UNIT * extra)
    if total == 0:
        return
    council = Organisation.objects.get(name=KCC)
    bodies = Body.objects.bulk_create(
        [
            Body(
                name=f"SEND delivery group {n + 1:03d}",
                short_name=f"Delivery group {n + 1:03d}",
                kind=Body.Kind.GROUP,
                organisation=council,
                purpose="Oversees the delivery of its projects (generated).",
                cadence=Body.Cadence.MONTHLY,
                is_demo=True,
            )
            for n in range(math.ceil(total / MEETINGS_PER_UNIT))
        ]
    )
    people = leads or list(Person.objects.order_by("pk")[:MEMBERS_PER_BODY])
    Membership.objects.bulk_create(
        [
            Membership(
                body=body,
                person=people[(n * MEMBERS_PER_BODY + i) % len(people)],
                role=Membership.Role.CHAIR if i == 0 else Membership.Role.MEMBER,
            )
            for n, body in enumerate(bodies)
            for i in range(min(MEMBERS_PER_BODY, len(people)))
        ],
        batch_size=BATCH,
    )
    meetings = []
    for n, body in enumerate(bodies):
        count = min(MEETINGS_PER_UNIT, total - n * MEETINGS_PER_UNIT)
        for k in range(-count, 1):
            day = month_add(as_of, k).replace(day=14)
            meetings.append(
                Meeting(
                    body=body,
                    date=day,
                    title=f"{body.short_name}, {day:%B %Y}",
                    status=Meeting.Status.HELD if day < as_of else Meeting.Status.SCHEDULED,
                    is_demo=True,
                )
            )
    meetings = Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    _add_business(meetings=meetings, people=people, projects=projects, as_of=as_of)


def _add_business(*, meetings, people, projects, as_of: date) -> None:
    by_body: dict[int, list[Meeting]] = {}
    for meeting in meetings:
        by_body.setdefault(meeting.body_id, []).append(meeting)
    items, decisions, actions, concerns = [], [], [], []
    for held in by_body.values():
        for index, meeting in enumerate(held):
            if meeting.status != Meeting.Status.HELD:
                continue
            rng = random.Random(f"sendtrack-scale-board-{meeting.body_id}-{meeting.date}")  # noqa: S311
            owner = people[index % len(people)]
            for number, title in enumerate(AGENDA, start=1):
                items.append(
                    AgendaItem(
                        meeting=meeting, number=number, title=title, owner=owner, is_demo=True
                    )
                )
                concerns.append(rng.sample(projects, min(2, len(projects))) if number == 3 else [])
            for number in range(1, DECISIONS_PER_MEETING + 1):
                decisions.append(
                    Decision(
                        meeting=meeting,
                        reference=f"D{number}",
                        decision=rng.choice(DECISIONS),
                        decided_by="The group",
                        is_demo=True,
                    )
                )
            following = held[index + 1] if index + 1 < len(held) else None
            recent = index >= len(held) - 1 - RECENT_MEETINGS
            for number in range(1, ACTIONS_PER_MEETING + 1):
                actions.append(
                    _action(rng, meeting, following, number, people=people, recent=recent)
                )
    items = AgendaItem.objects.bulk_create(items, batch_size=BATCH)
    AgendaItem.projects.through.objects.bulk_create(
        [
            AgendaItem.projects.through(agendaitem_id=item.pk, project_id=project.pk)
            for item, chosen in zip(items, concerns, strict=True)
            for project in chosen
        ],
        batch_size=BATCH,
    )
    decisions = Decision.objects.bulk_create(decisions, batch_size=BATCH)
    actions = BoardAction.objects.bulk_create(actions, batch_size=BATCH)
    # Each entered the week before its meeting (actions at the meeting that set them).
    for model, rows, before in (
        (AgendaItem, items, 7),
        (Decision, decisions, 0),
        (BoardAction, actions, 0),
    ):
        dated = {m.pk: m.date for m in meetings}
        model.history.bulk_create(
            [
                _historical(
                    model,
                    row,
                    dated[getattr(row, "meeting_id", None) or row.raised_at_id]
                    - timedelta(days=before),
                    "+",
                )
                for row in rows
            ],
            batch_size=BATCH,
        )


def _action(rng, meeting, following, number: int, *, people, recent: bool) -> BoardAction:
    """An action due by the next meeting: open if set lately (or, one in ten, still open
    long after), else done by it or a little late, or now and then dropped."""
    roll = rng.random()
    status, completed = BoardAction.Status.OPEN, None
    if not recent and roll < 0.85:
        status = BoardAction.Status.DONE
        completed = (following.date if following else meeting.date) + timedelta(
            days=rng.randrange(-10, 20)
        )
        completed = max(completed, meeting.date)
    elif not recent and roll < 0.9:
        status = BoardAction.Status.DROPPED
    elif roll < 0.5:
        status = BoardAction.Status.IN_PROGRESS
    return BoardAction(
        raised_at=meeting,
        reference=f"A{number}",
        action=rng.choice(ACTIONS),
        owner=people[rng.randrange(len(people))],
        due_meeting=following,
        status=status,
        completed_on=completed,
        is_demo=True,
    )
