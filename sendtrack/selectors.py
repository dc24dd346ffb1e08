"""Reads across the apps for the background work: what is owed for a month and by whom (for
reminders), who the programme office is (for the digest), and what needs fixing in the data
(the digest's lines, and later the data quality dashboard's)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet

from governance.models import Person
from indicators.models import Indicator
from indicators.selectors import indicators_missing_return
from projects.models import Milestone, Project, Risk
from projects.selectors import (
    MilestoneStatus,
    milestones_with_status,
    previous_month,
    projects_missing_report,
    reporting_due,
    risks_with_review_status,
)
from sendtrack.kernel.roles import PROGRAMME_OFFICE

from .emails import Recipient, admin_link, admin_list_link


@dataclass(frozen=True)
class Owed:
    """A project's report or an indicator's figure missing for a month: who owes it, and who
    a second reminder is copied to."""

    thing: Project | Indicator
    owner: Person
    directors: tuple[Recipient, ...]

    @property
    def is_project(self) -> bool:
        return isinstance(self.thing, Project)

    @property
    def what(self) -> str:
        return "monthly report" if self.is_project else "figure"


def programme_office_recipients() -> list[Recipient]:
    """The active members of the programme office, each at their login's email or else their
    person record's (blank if they have neither). One query."""
    users = (
        get_user_model()
        .objects.filter(groups__name=PROGRAMME_OFFICE, is_active=True)
        .select_related("person")
        .order_by("username")
    )
    return [_user_recipient(user) for user in users]


def _user_recipient(user) -> Recipient:
    person = getattr(user, "person", None)
    email = (user.email or (person.email if person else "")).strip().lower()
    name = person.name if person else (user.get_full_name() or user.get_username())
    return Recipient(name=name, email=email, person=person, role="programme office")


def _directors(people: list[Person | None], *, role: str) -> tuple[Recipient, ...]:
    seen, directors = set(), []
    for person in people:
        if person is not None and person.pk not in seen:
            seen.add(person.pk)
            directors.append(Recipient.of(person, role=role))
    return tuple(directors)


def returns_owed(*, period: date) -> list[Owed]:
    """Every project report and monthly indicator figure still missing for the month that
    ``period`` starts, with its lead or owner and the directors a second reminder is copied
    to: a project's sponsor (else its workstream's director); for an indicator, the directors
    of its projects' workstreams, else the programme office. Four queries."""
    projects = projects_missing_report(period=period).select_related(
        "lead", "sponsor", "workstream__director"
    )
    owed = [
        Owed(
            thing=project,
            owner=project.lead,
            directors=_directors([project.sponsor], role="sponsoring director")
            or _directors([project.workstream.director], role="workstream director"),
        )
        for project in projects.order_by("code")
    ]
    indicators = indicators_missing_return(period=period).select_related("owner")
    indicators = indicators.prefetch_related(
        Prefetch(
            "projects",
            queryset=Project.objects.select_related("workstream__director").order_by(
                "workstream__number"
            ),
        )
    )
    office: tuple[Recipient, ...] | None = None
    for indicator in indicators.order_by("code"):
        directors = _directors(
            [p.workstream.director for p in indicator.projects.all()], role="workstream director"
        )
        if not directors:
            if office is None:
                office = tuple(r for r in programme_office_recipients() if r.email)
            directors = office
        owed.append(Owed(thing=indicator, owner=indicator.owner, directors=directors))
    return owed


# The data-quality digest ----------------------------------------------------------------------

# How many lines a section lists; its link to the admin list shows the rest.
LINES_PER_SECTION = 40


@dataclass(frozen=True)
class Line:
    text: str
    link: str


@dataclass
class Section:
    """One kind of problem in the data: how many, the first few, and the list that shows them
    all, filtered."""

    title: str
    fix: str
    list_link: str
    lines: list[Line] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.lines)

    @property
    def shown(self) -> list[Line]:
        return self.lines[:LINES_PER_SECTION]

    @property
    def more(self) -> int:
        return max(0, self.total - LINES_PER_SECTION)


def _day(value: date) -> str:
    return f"{value:%-d %B %Y}"


def data_quality_sections(*, today: date) -> list[Section]:
    """What needs fixing in the programme's data on ``today``, each line linking to the page
    where it is fixed: projects whose monthly report is missing (for the latest month past its
    reporting deadline, as ``reporting_due`` has it), milestones overdue
    with no forecast, forecasts that have passed, milestones with no date, monthly indicators
    with no figure for the month just gone, open risks past their review date, and people
    sendtrack emails who have no address. Five queries."""
    month = previous_month(today)
    due = reporting_due(today=today)
    projects = Section(
        title=f"Projects with no report for {due.overdue:%B %Y}",
        fix=f"Each was due by {due.overdue_deadline:%-d %B %Y}: the lead adds the month's "
        "report on the project's page.",
        list_link=admin_list_link(Project, "reported=missing"),
        lines=[
            Line(f"{p.code} {p.title} (lead: {p.lead.name})", admin_link(p))
            for p in projects_missing_report(period=due.overdue)
            .select_related("lead")
            .order_by("code")
        ],
    )
    unforecast = Section(
        title="Milestones overdue with no forecast",
        fix="Give a forecast date, or the date it was completed.",
        list_link=admin_list_link(Milestone, f"status={MilestoneStatus.OVERDUE}"),
    )
    undated = Section(
        title="Milestones with no date",
        fix="Give a baseline or forecast date.",
        list_link=admin_list_link(Milestone, f"status={MilestoneStatus.UNDATED}"),
    )
    forecasts = Section(
        title="Milestone forecasts in the past",
        fix="Record the completion date, or move the forecast.",
        list_link=admin_list_link(Milestone, f"status={MilestoneStatus.OVERDUE}"),
    )
    milestones = (
        milestones_with_status(today=today)
        .filter(status__in=[MilestoneStatus.OVERDUE, MilestoneStatus.UNDATED])
        .select_related("project")
        .order_by("project__code", "due_date", "title")
    )
    for m in milestones:
        name = f"{m.project.code}: {m.title}"
        if m.status == MilestoneStatus.UNDATED:
            undated.lines.append(Line(f"{name} has no date", admin_link(m)))
        elif m.forecast_date is None:
            text = f"{name} was due on {_day(m.baseline_date)} and has no forecast"
            unforecast.lines.append(Line(text, admin_link(m)))
        else:
            text = f"{name} was forecast for {_day(m.forecast_date)}"
            forecasts.lines.append(Line(text, admin_link(m)))
    indicators = Section(
        title=f"Indicators with no figure for {month:%B %Y}",
        fix="The owner enters the month's figure on the indicator's page.",
        list_link=admin_list_link(Indicator, "returned=missing"),
        lines=[
            Line(f"{i.code} {i.title} (owner: {i.owner.name})", admin_link(i))
            for i in indicators_missing_return(period=month).select_related("owner")
        ],
    )
    risks = Section(
        title="Open risks past their review date",
        fix="Review the risk and set its next review date.",
        list_link=admin_list_link(Risk, "review=yes&status__exact=open"),
        lines=[
            Line(
                f"{f'{r.reference}: ' if r.reference else ''}{r.title} – review was due on "
                f"{_day(r.review_date)} (owner: {r.owner.name})",
                admin_link(r),
            )
            for r in risks_with_review_status(today=today)
            .filter(is_past_review=True)
            .select_related("owner")
            .order_by("review_date", "reference")
        ],
    )
    people = Section(
        title="People sendtrack emails who have no email address",
        fix="Add their address, so that reminders reach them.",
        list_link=admin_list_link(Person, "email=missing"),
        lines=[Line(str(person), admin_link(person)) for person in people_without_email()],
    )
    return [projects, unforecast, forecasts, undated, indicators, risks, people]


def people_without_email() -> QuerySet[Person]:
    """People who lead or sponsor a project, own an indicator or lead a workstream, and so
    are sent reminders or copies, but have no email address."""
    return (
        Person.objects.filter(email="")
        .filter(
            Q(projects_led__isnull=False)
            | Q(projects_sponsored__isnull=False)
            | Q(indicators_owned__isnull=False)
            | Q(workstreams_led__isnull=False)
        )
        .distinct()
        .order_by("name")
    )
