"""Reads for published summaries: building a publication's snapshot (every figure it shows,
worked out by the apps' selectors and reports, stored as display text and as raw numbers so
that the pages, the PDF and the API render from the snapshot alone), and the published
versions the public pages read."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.fields.json import KT

from governance.models import AreaAssessment, InformationRequest, Meeting, PlanAction
from governance.selectors import (
    ACTION_COUNT_RULE,
    ActionCounts,
    ActionState,
    area_action_counts,
    areas_with_current_assessment,
    information_requests_with_status,
    plan_actions_as_at,
)
from governance.sign_offs import AWAITING_RULE, awaiting_text, sign_offs_awaited
from indicators.models import Indicator
from indicators.numbers import direction_text
from indicators.reports import kpi_report
from projects.finance import finance_rows, finance_years, safety_valve_targets
from projects.models import Milestone, Project, StatusReport
from projects.reports import Month, programme_summary
from projects.selectors import MilestoneStatus, milestones_as_at, month_add
from sendtrack.coproduction.selectors import published_entries_by_area
from sendtrack.kernel.rag import RAG
from sendtrack.templatetags.sendtrack import figure, pounds

from .models import Publication, PublicationVersion, Section, WorkforceFigure

SCHEMA = 1
RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Complete"}
RAG_ORDER = [RAG.RED, RAG.AMBER, RAG.GREEN, RAG.BLUE]
RATINGS = dict(AreaAssessment.Rating.choices)
# Without a next meeting in the calendar, "by the next meeting" looks this far ahead.
NEXT_MEETING_FALLBACK = timedelta(weeks=8)


def day_text(day: date | None) -> str:
    """A date as people write it: 22 March 2023; empty without one."""
    return f"{day:%-d %B %Y}" if day else ""


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def publication_as_at(*, publication: Publication, today: date) -> date:
    """The day a publication's figures are read as at: its own "as at" date (the meeting's
    date unless the programme office chose another), never later than ``today``."""
    return min(publication.as_at or publication.meeting.date, today)


AS_AT_NOTE = (
    "Figures as at {day}: each indicator's latest figure for a period on or before that day, "
    "projects' reports for {month}, milestones and plan actions as they stood that day, and "
    "the information requests raised by then."
)


def publication_content(*, publication: Publication, today: date) -> dict[str, Any]:
    """The snapshot of ``publication`` built from the records as they stood on its "as at"
    date (see ``publication_as_at``): its chosen sections."""
    meeting = publication.meeting
    as_at = publication_as_at(publication=publication, today=today)
    # Reports: the last month that had ended by the as-at day. Figures: the latest period on
    # or before it.
    month = Month(start=month_add(as_at, -1), today=as_at)
    figures_month = Month(start=month_add(as_at, 0), today=as_at)
    builders = {
        Section.AREAS: lambda: areas_section(today=as_at),
        Section.KPIS: lambda: kpis_section(month=figures_month),
        Section.PORTFOLIO: lambda: portfolio_section(month=month),
        Section.PROMISES: lambda: promises_section(meeting=meeting, today=as_at),
        Section.REQUESTS: lambda: requests_section(meeting=meeting, today=as_at),
        Section.YOUSAID: lambda: yousaid_section(today=as_at),
        Section.WORKFORCE: lambda: workforce_section(today=as_at),
        Section.FINANCE: lambda: finance_section(today=as_at),
    }
    content: dict[str, Any] = {
        "schema": SCHEMA,
        "title": publication.title,
        "summary": publication.summary,
        "local_area": settings.SENDTRACK_LOCAL_AREA,
        "meeting": {
            "date": meeting.date.isoformat(),
            "date_display": day_text(meeting.date),
            "body": meeting.body.name,
            "title": meeting.title,
        },
        "as_at": as_at.isoformat(),
        "as_at_display": day_text(as_at),
        "as_at_note": AS_AT_NOTE.format(day=day_text(as_at), month=f"{month.start:%B %Y}"),
        "built_on": today.isoformat(),
        "month": f"{month.start:%Y-%m}",
        "month_display": f"{month.start:%B %Y}",
        "sections": [
            {
                "key": key,
                "title": Section(key).label,
                "summary": publication.section_summary(key),
            }
            for key in publication.sections
        ],
    }
    for key in publication.sections:
        content[key] = builders[key]()
    return content


# Areas of weakness ----------------------------------------------------------------------------


def areas_section(*, today: date) -> dict[str, Any]:
    """Each area's self-assessment as at ``today`` and its plan actions as they stood then,
    counted as every page counts them (``area_action_counts``): complete, open and due,
    overdue, awaiting sign-off (and by whom), with the evidence recorded for the completed
    ones."""
    counts = area_action_counts(as_at=today)
    awaiting = _awaiting_by_area(today=today)
    areas = (
        areas_with_current_assessment()
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=AreaAssessment.objects.filter(assessed_on__lte=today).order_by(
                    "-assessed_on"
                ),
                to_attr="assessed",
            ),
            Prefetch(
                "plan_actions",
                queryset=PlanAction.objects.filter(
                    status=PlanAction.Status.COMPLETE, completed_on__lte=today
                )
                .exclude(evidence_of_completion="")
                .select_related("plan")
                .order_by("-completed_on", "reference"),
                to_attr="evidenced",
            ),
        )
        .order_by("inspection__start_date", "number")
    )
    rows = []
    for area in areas:
        latest = area.assessed[0] if area.assessed else None
        actions = counts.get(area.pk, ActionCounts())
        rows.append(
            {
                "number": area.number,
                "title": area.title,
                "wording_confirmed": area.wording_confirmed,
                "rating": latest.rating if latest else None,
                "rating_display": RATINGS.get(latest.rating, "") if latest else "Not assessed",
                "assessed_on": latest.assessed_on.isoformat() if latest else None,
                "assessed_on_display": day_text(latest.assessed_on) if latest else "",
                "rationale": latest.rationale if latest else "",
                "actions_total": actions.counted,
                "actions_complete": actions.complete,
                "actions_due": actions.due,
                "actions_overdue": actions.overdue,
                "actions_carried_forward": actions.carried_forward,
                "actions_withdrawn": actions.withdrawn,
                "percent_complete": actions.percent_complete,
                "actions_awaiting_sign_off": actions.awaiting_sign_off,
                "awaiting_sign_off": [
                    {"action": text, "awaiting_display": by}
                    for text, by in awaiting["by_area"].get(area.pk, [])
                ],
                "evidence": [
                    {
                        "action": f"{action.reference} {action.title}",
                        "plan": action.plan.title,
                        "completed_on_display": day_text(action.completed_on),
                        "evidence": action.evidence_of_completion,
                        "awaiting_display": awaiting["by_action"].get(action.pk, ""),
                    }
                    for action in area.evidenced
                ],
            }
        )
    return {"rows": rows, "count_rule": f"{ACTION_COUNT_RULE} {AWAITING_RULE}"}


def _awaiting_by_area(*, today: date) -> dict[str, dict]:
    """The actions awaiting sign-off on ``today``, by area (their text and "awaiting sign-off
    by …") and by action id. One query; two when there are any."""
    rows = list(
        plan_actions_as_at(as_at=today)
        .filter(state_then=ActionState.AWAITING_SIGN_OFF, areas__isnull=False)
        .values_list("pk", "reference", "title", "areas")
        .order_by("reference", "pk")
    )
    names = sign_offs_awaited(action_ids=[pk for pk, *_ in rows], as_at=today)
    by_action = {pk: awaiting_text(names.get(pk, [])) for pk, *_ in rows}
    by_area: dict[int, list[tuple[str, str]]] = {}
    for pk, reference, title, area_id in rows:
        by_area.setdefault(area_id, []).append((f"{reference} {title}", by_action[pk]))
    return {"by_area": by_area, "by_action": by_action}


# KPIs -----------------------------------------------------------------------------------------


def kpis_section(*, month: Month) -> dict[str, Any]:
    """The scorecard of the indicators marked public as at the month: each one's latest figure
    for a period on or before it (as the performance page reads it), target, RAG, direction of
    travel, a year before, England and statistical neighbours, and its rank among local
    authorities for the same period."""
    report = kpi_report(
        month=month, indicators=Indicator.objects.filter(is_public=True), covering=False
    )
    rows = []
    for row in report.rows:
        unit = row["unit"]
        rows.append(
            {
                "code": row["code"],
                "title": row["title"],
                "unit": unit,
                "period_type": row["period_type"],
                "period_display": row["value_period_label"],
                "provisional": row["value_status"] == "provisional",
                "value": _number(row["value"]),
                "value_display": figure(row["value"], row),
                "target": _number(row["target"]),
                "target_display": figure(row["target"], row),
                "rag": row["rag"],
                "rag_display": RAG_LABELS.get(row["rag"] or "", "Not rated"),
                "direction": row["direction"],
                "direction_display": " ".join(
                    filter(
                        None,
                        [direction_text(row["direction"]), row["direction_compares"]],
                    )
                ),
                "last_year": _number(row["last_year_value"]),
                "last_year_display": figure(row["last_year_value"], row),
                "last_year_period_display": row["last_year_period_label"],
                "england": _number(row["england"]),
                "england_display": figure(row["england"], row),
                "statistical_neighbours": _number(row["statistical_neighbours"]),
                "statistical_neighbours_display": figure(row["statistical_neighbours"], row),
                "rank": row["rank"],
                "ranked": row["ranked"],
            }
        )
    return {"rows": rows, "summary": report.summary}


# Projects ------------------------------------------------------------------------------------


def portfolio_section(*, month: Month) -> dict[str, Any]:
    """Projects by RAG per workstream for the month, each workstream's highlights (what its
    complete and on-track projects achieved) and every red project with its commentary."""
    summary = programme_summary(month=month, projects=Project.objects.all())
    reports = list(
        StatusReport.objects.filter(period=month.start)
        .select_related("project__workstream")
        .order_by("project__workstream__number", "project__code")
    )
    highlights: dict[str, list[str]] = {}
    for report in reports:
        if report.rag in (RAG.GREEN, RAG.BLUE) and report.achievements.strip():
            items = highlights.setdefault(report.project.workstream.name, [])
            if len(items) < 3:
                items.append(f"{report.project.title}: {report.achievements.strip()}")
    workstreams = [
        {
            "number": row["workstream_number"],
            "name": row["workstream"],
            "counts": [
                {"rag": rag, "label": RAG_LABELS[rag], "count": row[rag]} for rag in RAG_ORDER
            ],
            "missing": row["missing"],
            "projects": row["projects"],
            "highlights": highlights.get(row["workstream"], []),
        }
        for row in summary.tables["workstreams"]
    ]
    red = [
        {
            "code": report.project.code,
            "title": report.project.title,
            "workstream": report.project.workstream.name,
            "commentary": report.commentary,
            "next_steps": report.next_steps,
        }
        for report in reports
        if report.rag == RAG.RED
    ]
    return {
        "workstreams": workstreams,
        "totals": [
            {"rag": rag, "label": RAG_LABELS[rag], "count": summary.summary[rag]}
            for rag in RAG_ORDER
        ],
        "missing": summary.summary["missing"],
        "reported": summary.summary["reported"],
        "projects": summary.summary["projects"],
        "red": red,
    }


# Promises ------------------------------------------------------------------------------------


def _previous_and_next(meeting: Meeting) -> tuple[Meeting | None, date]:
    meetings = Meeting.objects.filter(body=meeting.body_id).exclude(status=Meeting.Status.CANCELLED)
    previous = meetings.filter(date__lt=meeting.date).order_by("-date").first()
    following = meetings.filter(date__gt=meeting.date).order_by("date").first()
    return previous, following.date if following else meeting.date + NEXT_MEETING_FALLBACK


def _outcome(*, completed: date | None, due: date | None, today: date) -> tuple[str, str]:
    if completed is not None and completed <= today:
        if due is None or completed <= due:
            return "met", "Met"
        return "met_late", f"Met late, on {day_text(completed)}"
    if due is not None and due < today:
        return "not_met", "Not met"
    return "open", "Not yet due"


def promises_section(*, meeting: Meeting, today: date) -> dict[str, Any]:
    """Actions promised to this body "by the next meeting" (at this meeting or the one before)
    and key milestones falling due before its next meeting, each with whether it was met by
    ``today`` (the as-at day), as they stood then: milestones' dates from their history."""
    previous, next_date = _previous_and_next(meeting)
    promised_at = [meeting.pk] + ([previous.pk] if previous else [])
    actions = plan_actions_as_at(
        as_at=today, queryset=PlanAction.objects.filter(promised_at__in=promised_at)
    ).order_by("promised_at__date", "reference", "pk")
    actions = list(actions)
    awaited = sign_offs_awaited(
        action_ids=[a.pk for a in actions if a.state_then == ActionState.AWAITING_SIGN_OFF],
        as_at=today,
    )
    action_rows = []
    for action in actions:
        outcome, outcome_display = _outcome(
            completed=action.completed_on, due=action.effective_due_date, today=today
        )
        if action.state_then == ActionState.AWAITING_SIGN_OFF:
            status_display = f"Complete, {awaiting_text(awaited.get(action.pk, []))}"
            outcome, outcome_display = "awaiting_sign_off", "Not yet signed off by every owner"
        elif action.state_then == ActionState.OPEN and action.status in PlanAction.CLOSED_STATUSES:
            status_display = "Open"  # closed since the as-at day
        else:
            status_display = action.get_status_display()
        action_rows.append(
            {
                "reference": action.reference,
                "title": action.title,
                "promised_on_display": day_text(action.promised_at.date),
                "due": action.effective_due_date.isoformat() if action.effective_due_date else None,
                "due_display": day_text(action.effective_due_date) or "By the next meeting",
                "status_display": status_display,
                "outcome": outcome,
                "outcome_display": outcome_display,
            }
        )
    window_start = previous.date if previous else meeting.date
    milestones = (
        milestones_as_at(as_at=today, queryset=Milestone.objects.filter(is_key=True))
        .filter(due_date__gt=window_start, due_date__lte=next_date)
        .select_related("project")
        .order_by("due_date", "project__code", "pk")
    )
    milestone_rows = []
    for milestone in milestones:
        outcome, outcome_display = _outcome(
            completed=milestone.completed_then,
            due=milestone.baseline_then or milestone.due_date,
            today=today,
        )
        milestone_rows.append(
            {
                "project": f"{milestone.project.code} {milestone.project.title}",
                "title": milestone.title,
                "due": milestone.due_date.isoformat(),
                "due_display": day_text(milestone.due_date),
                "status_display": dict(MilestoneStatus.choices)[milestone.status],
                "outcome": outcome,
                "outcome_display": outcome_display,
            }
        )
    return {
        "previous_meeting_display": day_text(previous.date) if previous else "",
        "next_meeting_display": day_text(next_date),
        "actions": action_rows,
        "milestones": milestone_rows,
    }


# Information requests ------------------------------------------------------------------------


def _request_row(request: InformationRequest, *, today: date) -> dict[str, Any]:
    # A request answered after the as-at day was still outstanding then, without its answer.
    provided = request.provided_on is not None and request.provided_on <= today
    later = request.status == InformationRequest.Status.PROVIDED and not provided
    status = InformationRequest.Status.OPEN if later else request.status
    due = request.effective_due_date
    return {
        "reference": request.reference,
        "asked_on_display": day_text(request.meeting.date),
        "request": request.request,
        "recurring": request.recurring,
        "status": status,
        "status_display": InformationRequest.Status(status).label,
        "overdue": status in InformationRequest.OUTSTANDING and due is not None and due < today,
        "due_display": day_text(due),
        "response": "" if later else request.response,
        "provided_on_display": day_text(request.provided_on) if provided else "",
    }


def requests_section(*, meeting: Meeting, today: date) -> dict[str, Any]:
    """Every request members of this body raised at its meetings up to ``today`` (the as-at
    day): what was asked, and its status and response as they stood that day."""
    requests = information_requests_with_status(
        today=today,
        queryset=InformationRequest.objects.filter(
            meeting__body=meeting.body_id, meeting__date__lte=today
        ),
    ).order_by("meeting__date", "reference", "pk")
    return {"rows": [_request_row(request, today=today) for request in requests]}


# You said, we did ----------------------------------------------------------------------------


def yousaid_section(*, today: date) -> dict[str, Any]:
    """What families said on or before ``today`` (the as-at day) and what was done, as the
    public “You said, we did” page shows it: the entries approved for publication, by area of
    weakness, the latest first, as they stand when the snapshot is taken."""
    groups = published_entries_by_area(said_by=today)
    return {"groups": groups, "count": sum(len(group["entries"]) for group in groups)}


# Workforce -----------------------------------------------------------------------------------


def workforce_section(*, today: date) -> dict[str, Any]:
    """The latest workforce figures on or before ``today``: staff in post and vacancies per
    team, with totals and the vacancy rate."""
    latest = WorkforceFigure.objects.filter(as_at__lte=today).order_by("-as_at").values("as_at")[:1]
    figures = list(WorkforceFigure.objects.filter(as_at__in=latest).order_by("team", "pk"))
    posts = sum(f.posts_established for f in figures)
    in_post = sum(f.staff_in_post for f in figures)
    vacancies = sum(f.vacancies for f in figures)
    return {
        "as_at_display": day_text(figures[0].as_at) if figures else "",
        "rows": [
            {
                "team": f.team,
                "posts_established": f.posts_established,
                "staff_in_post": f.staff_in_post,
                "vacancies": f.vacancies,
                "vacancy_rate_display": _rate(f.vacancies, f.posts_established),
                "source": f.source,
            }
            for f in figures
        ],
        "totals": {
            "posts_established": posts,
            "staff_in_post": in_post,
            "vacancies": vacancies,
            "vacancy_rate_display": _rate(vacancies, posts),
        },
    }


# Safety Valve savings -------------------------------------------------------------------------


def finance_section(*, today: date) -> dict[str, Any]:
    """The programme's Safety Valve savings per financial year as they stood at the end of
    ``today``, against the year's target: totals only, and beside them the figures of the
    projects the programme office made public. Sums are frozen as text in pounds."""
    rows = finance_rows(as_at=today)
    years = finance_years(rows, targets=safety_valve_targets(as_at=today))
    return {
        "years": [
            {
                "label": y["financial_year_label"],
                **{
                    name: pounds(y[name]) for name in ("planned", "delivered", "forecast", "target")
                },
            }
            for y in years
        ],
        "projects": [
            {
                "project": f"{r['project_code']} {r['project_title']}",
                "year": r["financial_year_label"],
                **{name: pounds(r[name]) for name in ("planned", "delivered", "forecast")},
            }
            for r in rows
            if r["public"]
        ],
    }


def _rate(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


# What the public reads -----------------------------------------------------------------------


def versions_published() -> QuerySet[PublicationVersion]:
    """Every published version, with its publication; the only rows public pages read."""
    return PublicationVersion.objects.select_related("publication")


def version_for_public(*, slug: str, number: int | None = None) -> PublicationVersion | None:
    """A publication's version by number, or its latest; none if it has not been published."""
    versions = versions_published().filter(publication__slug=slug).order_by("-number")
    if number is not None:
        versions = versions.filter(number=number)
    return versions.first()


def versions_of(*, publication_id: int) -> QuerySet[PublicationVersion]:
    """A publication's versions, newest first, without their snapshots (for the list of them)."""
    return (
        PublicationVersion.objects.filter(publication_id=publication_id)
        .only("pk", "number", "published_at", "correction_note", "publication_id")
        .order_by("-number")
    )


def latest_versions() -> QuerySet[PublicationVersion]:
    """The latest version of every published publication, newest meeting first, with what
    the index shows read from the snapshot (title, meeting date and body)."""
    newest = PublicationVersion.objects.filter(publication=OuterRef("publication")).order_by(
        "-number"
    )
    return (
        versions_published()
        .filter(pk=Subquery(newest.values("pk")[:1]))
        .annotate(
            title=KT("content__title"),
            meeting_date=KT("content__meeting__date"),
            meeting_date_display=KT("content__meeting__date_display"),
            body=KT("content__meeting__body"),
        )
        .defer("content")
        .order_by("-meeting_date", "body", "pk")
    )


def area_history(*, number: int) -> list[dict[str, Any]]:
    """How area ``number`` stood in each publication that reported it, oldest meeting first,
    from the latest version of each."""
    history = []
    for version in latest_versions().defer(None).order_by("meeting_date", "pk"):
        for row in (version.content.get("areas") or {}).get("rows", []):
            if row["number"] == number:
                history.append({"version": version, "content": version.content, "area": row})
    return history


def pdfs_to_build(*, publications: QuerySet[Publication]) -> list[int]:
    """Ids of the published versions of ``publications`` whose PDF is missing or failed."""
    return list(
        PublicationVersion.objects.filter(publication__in=publications)
        .exclude(pdf_status=PublicationVersion.PdfStatus.READY)
        .values_list("pk", flat=True)
    )
