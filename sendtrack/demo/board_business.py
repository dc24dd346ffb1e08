"""Board business for the demonstration: for the real meetings in the seeds (the SEND Scrutiny
Sub-Committee of 22 March, 6 June and 19 July 2023, the Kent SEND Strategic Improvement and
Assurance Board of 18 January, 22 February and 15 March 2023) and the Strategic Board's last
invented meetings, agendas, decisions and actions. The meetings' dates are real where the
seeds give them; their business is invented and marked as demonstration data, except the
short-term actions the 22 March 2023 report promised "by the next meeting", which cite it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from governance.models import Body, Meeting, Membership, Person
from projects.models import Project
from sendtrack.boards.models import AgendaItem, BoardAction, Decision

from .boards import ASSURANCE_BOARD, STRATEGIC_BOARD, SUB_COMMITTEE
from .sources import REPORT, cite

# The 22 March 2023 report, para 6.3: what would be done by the Sub-Committee's next meeting.
PROMISED = (
    "Drafting of the SEND sufficiency strategy",
    "Establishment of the Enquiries Hub",
    "Completion of comms materials",
    "Establishment of SEND Assurance Delivery Group",
)
AGENDA = (
    "Minutes and matters arising",
    "Action log",
    "Escalations from the projects",
    "Progress against the areas of weakness",
    "Risks escalated to the board",
)


def _keep(model, defaults: dict, **lookup):
    """The record found by ``lookup`` with ``defaults``, saved only if new or changed, so that
    loading the demonstration again adds nothing to the records' history."""
    found = model.objects.filter(**lookup).first()
    if found is None:
        created = model.objects.create(**lookup, **defaults)
        # Entered the week before its meeting (or at the meeting that set it), as a secretariat
        # would, so that a pack read as at the eve of the meeting holds it.
        meeting = lookup.get("meeting") or lookup.get("raised_at")
        day = meeting.date - timedelta(days=7) if "meeting" in lookup else meeting.date
        moment = timezone.make_aware(datetime.combine(day, time(12)))
        model.history.filter(id=created.pk).update(history_date=moment)
        return created, True
    changed = [k for k, v in defaults.items() if getattr(found, k) != v]
    for k in changed:
        setattr(found, k, defaults[k])
    if changed:
        found.save()
    return found, False


def _owner(body: Body) -> Person:
    membership = (
        Membership.objects.filter(body=body).select_related("person").order_by("role", "pk").first()
    )
    return membership.person if membership else Person.objects.order_by("pk").first()


def _meeting(body: Body, day: date) -> Meeting | None:
    return Meeting.objects.filter(body=body, date=day).first()


def _agenda(meeting: Meeting, owner: Person, projects: list[Project]) -> None:
    for number, title in enumerate(AGENDA, start=1):
        item, _ = _keep(
            AgendaItem,
            meeting=meeting,
            number=number,
            defaults={"title": title, "owner": owner, "is_demo": True},
        )
        if number == 3 and projects:
            item.projects.set(projects)


def load_board_business(*, as_of: date) -> None:
    """Agendas, decisions and actions for the seeds' meetings and the Strategic Board's
    latest, idempotently (loading again updates the same records)."""
    bodies = {
        b.name: b
        for b in Body.objects.filter(name__in=[SUB_COMMITTEE, ASSURANCE_BOARD, STRATEGIC_BOARD])
    }
    if len(bodies) < 3:
        return
    # The Sub-Committee: the short-term actions promised on 22 March 2023 for 6 June 2023.
    march, june = (
        _meeting(bodies[SUB_COMMITTEE], d) for d in (date(2023, 3, 22), date(2023, 6, 6))
    )
    if march and june:
        owner = _owner(bodies[SUB_COMMITTEE])
        _agenda(march, owner, [])
        for n, text in enumerate(PROMISED, start=1):
            _keep(
                BoardAction,
                raised_at=march,
                reference=f"A{n}",
                defaults={
                    "action": text,
                    "owner": owner,
                    "due_meeting": june,
                    # invented: which were done by June
                    "status": BoardAction.Status.DONE if n % 2 else BoardAction.Status.OPEN,
                    "completed_on": date(2023, 5, 31) if n % 2 else None,
                    "is_demo": False,
                    "source_citation": cite(
                        REPORT,
                        "para 6.3",
                        "By the next meeting of the SEND Scrutiny Sub-Committee, actions include:",
                        text,
                    )
                    + " The status is invented for the demonstration.",
                },
            )
        _keep(
            Decision,
            meeting=march,
            reference="D1",
            defaults={
                "decision": "Noted the report and asked for key data at each meeting "
                "(demonstration wording).",
                "decided_by": "The Sub-Committee",
                "is_demo": True,
            },
        )
    # The Assurance Board's first meetings: minutes approved at the next, an action carried.
    days = [date(2023, 1, 18), date(2023, 2, 22), date(2023, 3, 15)]
    meetings = [m for m in (_meeting(bodies[ASSURANCE_BOARD], d) for d in days) if m]
    owner = _owner(bodies[ASSURANCE_BOARD])
    for earlier, later in zip(meetings, meetings[1:], strict=False):
        _agenda(later, owner, [])
        _keep(
            BoardAction,
            raised_at=earlier,
            reference="A1",
            defaults={
                "action": "Map participation and engagement opportunities with children and "
                "young people (demonstration data).",
                "owner": owner,
                "due_meeting": later,
                "status": BoardAction.Status.IN_PROGRESS,
                "is_demo": True,
            },
        )
        _keep(
            Decision,
            meeting=later,
            reference="D1",
            defaults={
                "decision": "Agreed the terms of reference and the risks to track (demonstration "
                "data).",
                "decided_by": "The Board",
                "is_demo": True,
            },
        )
    # The Strategic Board's last three invented meetings held, with one overdue action.
    held = list(
        Meeting.objects.filter(body=bodies[STRATEGIC_BOARD], date__lte=as_of, is_demo=True)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-date")[:3]
    )[::-1]
    owner = _owner(bodies[STRATEGIC_BOARD])
    projects = list(
        Project.objects.filter(overseeing_body=bodies[STRATEGIC_BOARD]).order_by("code")[:3]
    )
    for n, meeting in enumerate(held, start=1):
        _agenda(meeting, owner, projects)
        _keep(
            Decision,
            meeting=meeting,
            reference="D1",
            defaults={
                "decision": "Agreed the month's escalations and the programme's priorities "
                "(demonstration data).",
                "decided_by": "The Board",
                "is_demo": True,
            },
        )
        _keep(
            BoardAction,
            raised_at=meeting,
            reference="A1",
            defaults={
                "action": f"Bring a recovery plan for the red projects, round {n} "
                "(demonstration data).",
                "owner": owner,
                "due_date": meeting.date.replace(day=1) if n == 1 else None,
                "due_meeting": None,
                "status": BoardAction.Status.OPEN,
                "is_demo": True,
            },
        )
    for earlier, later in zip(held, held[1:], strict=False):
        if earlier.minutes_approved_at_id is None:
            earlier.minutes_approved_at, earlier.minutes_approved_by = later, owner
            earlier.save(update_fields=["minutes_approved_at", "minutes_approved_by"])


def date_history_for_packs() -> None:
    """Give the demonstration's records loaded in bulk (without history) one history row,
    dated when each would have been entered, so that a meeting's pack, which reads records as
    their history recorded them, finds them: a project or indicator from the programme's start
    (1 October 2022), a report when it was filed (or five days after its month), a figure
    forty days after its period. Records that have history keep it; loading again adds none."""
    from indicators.models import Indicator, Measurement, Target
    from projects.models import Milestone, Risk, StatusReport
    from projects.selectors import month_add

    def at(day: date) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(9)))

    start = at(date(2022, 10, 1))
    when = {
        Project: lambda o: start,
        Indicator: lambda o: start,
        Target: lambda o: start,
        Milestone: lambda o: start,
        Risk: lambda o: at(o.raised_on),
        StatusReport: lambda o: o.submitted_at or at(month_add(o.period, 1) + timedelta(days=4)),
        Measurement: lambda o: at(o.period + timedelta(days=40)),
    }
    for model, dated in when.items():
        # An indicator's projects, set as the demonstration loads, leave it a history row of
        # that day: it is still given its first row, from the programme's start.
        recorded = model.history.all()
        if model is Indicator:
            recorded = recorded.filter(history_date__lte=start)
        missing = list(model.objects.exclude(pk__in=recorded.values("id")))
        for obj in missing:
            obj._history_date = dated(obj)
        if missing:
            created = model.history.bulk_history_create(missing, batch_size=500)
            if model is Indicator:
                _record_projects(created)


def _record_projects(history: list) -> None:
    """The projects each indicator belongs to, on its first history row (which a bulk
    history write leaves without them)."""
    from indicators.models import Indicator

    rows = Indicator.history.model._meta.get_field("historicalindicator_projects").related_model
    belongs: dict[int, list[int]] = {}
    for indicator_id, project_id in Indicator.projects.through.objects.filter(
        indicator_id__in=[h.id for h in history]
    ).values_list("indicator_id", "project_id"):
        belongs.setdefault(indicator_id, []).append(project_id)
    rows.objects.bulk_create(
        [
            rows(history_id=h.history_id, indicator_id=h.id, project_id=project_id)
            for h in history
            for project_id in belongs.get(h.id, [])
        ],
        batch_size=500,
    )
