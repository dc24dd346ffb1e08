"""The monthly delivery reports: milestones, risks and the programme summary, each for one
month and worked out as things stood at the month's end (or today, for the month in progress).
The API serves them as JSON, CSV and XLSX; dashboards and board packs read the same functions.

Each report takes the querysets already narrowed to what the reader may see and to the
workstream or body asked for, and returns plain rows: one code path, whatever the door."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)

from governance.models import Body, without_timestamps
from sendtrack.kernel.rag import RAG

from .history import end_of_day, history_until
from .models import Milestone, Project, Risk, StatusReport
from .selectors import milestones_with_status, month_add, projects_reporting


@dataclass(frozen=True)
class Month:
    """A reporting month: its first and last days, and the day it is judged on (its last day,
    or today while it is still running)."""

    start: date
    today: date

    @property
    def end(self) -> date:
        return month_add(self.start, 1) - timedelta(days=1)

    @property
    def as_at(self) -> date:
        return min(self.end, self.today)

    @property
    def previous(self) -> Month:
        return Month(start=month_add(self.start, -1), today=self.today)


@dataclass
class Report:
    """A report's rows (its main table) and its summaries."""

    rows: list[dict[str, Any]]
    summary: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


# Milestones -----------------------------------------------------------------------------------

MILESTONE_SECTIONS = {
    "due": "Due this month",
    "completed": "Completed this month",
    "slipped": "Slipped",
    "upcoming": "Due in the next two months",
}


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def milestone_report(*, month: Month, projects: QuerySet[Project]) -> Report:
    """Milestones of ``projects`` due in the month, completed in it, slipped against their
    baseline (still open at the month's end and later than first agreed) and due in the two
    months that follow, grouped per project. A milestone can fall in more than one section."""
    as_at, start, end = month.as_at, month.start, month.end
    horizon = month_add(start, 3) - timedelta(days=1)
    done = Q(completed_date__isnull=False, completed_date__lte=as_at)
    related = ("project", "project__workstream", "project__lead", "project__overseeing_body")
    milestones = (
        milestones_with_status(
            today=as_at,
            queryset=without_timestamps(Milestone.objects.filter(project__in=projects), *related),
        )
        .select_related(*related[1:])
        .annotate(
            in_due=_flag(Q(due_date__gte=start, due_date__lte=end)),
            in_completed=_flag(Q(completed_date__gte=start, completed_date__lte=end)),
            in_slipped=_flag(~done & Q(baseline_date__isnull=False, slippage__gt=timedelta(0))),
            in_upcoming=_flag(~done & Q(due_date__gt=end, due_date__lte=horizon)),
        )
        .filter(Q(in_due=True) | Q(in_completed=True) | Q(in_slipped=True) | Q(in_upcoming=True))
        .order_by("project__code", F("due_date").asc(nulls_last=True), "title", "pk")
    )
    rows, per_project = [], defaultdict(Counter)
    for milestone in milestones:
        for section in MILESTONE_SECTIONS:
            if getattr(milestone, f"in_{section}"):
                rows.append(_milestone_row(milestone, section))
                per_project[milestone.project][section] += 1
    projects_table = [
        {
            **_project_columns(project),
            **{section: counts[section] for section in MILESTONE_SECTIONS},
        }
        for project, counts in per_project.items()
    ]
    totals = Counter(row["section"] for row in rows)
    return Report(
        rows=rows,
        summary={section: totals[section] for section in MILESTONE_SECTIONS},
        tables={"projects": projects_table},
    )


def _project_columns(project: Project) -> dict[str, Any]:
    return {
        "project_code": project.code,
        "project_title": project.title,
        "workstream": project.workstream.name,
        "lead": project.lead.name,
        "overseeing_body": project.overseeing_body.name,
    }


def _milestone_row(milestone: Milestone, section: str) -> dict[str, Any]:
    return {
        **_project_columns(milestone.project),
        "section": section,
        "milestone": milestone.title,
        "is_key": milestone.is_key,
        "baseline_date": milestone.baseline_date,
        "forecast_date": milestone.forecast_date,
        "completed_date": milestone.completed_date,
        "due_date": milestone.due_date,
        "slippage_days": milestone.slippage.days if milestone.slippage is not None else None,
        "status": milestone.status,
    }


# Risks ----------------------------------------------------------------------------------------


def _open_on(day: date) -> Q:
    return Q(raised_on__lte=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))


def risk_report(*, month: Month, risks: QuerySet[Risk], body: Body | None = None) -> Report:
    """Risks and issues open at the month's end with their score then, their score at the end
    of the month before and the movement between (new, up, down, same), whether they are
    escalated and whether their review date had passed. Scores come from each risk's history;
    a risk with no recorded history is taken as it stands now. With a ``body``, the risks of
    the projects it oversees and those escalated to it at the month's end.

    Two queries: the risks as they are, and the history rows they stood at either month's end
    (rather than a subquery per field and month, each a lookup of the risk's history)."""
    as_at, before = month.as_at, month.start - timedelta(days=1)
    open_risks = risks.filter(_open_on(as_at))
    risk_rows = list(
        open_risks.annotate(open_before=_flag(_open_on(before)))
        .order_by("reference", "pk")
        .values(
            *RISK_STATE,
            *RISK_NOW,
            "open_before",
            project_code=F("project__code"),
            workstream=F("project__workstream__name"),
            owner_name=F("owner__name"),
            project_body=F("project__overseeing_body_id"),
            escalated_to_name=F("escalated_to__name"),
        )
    )

    def latest_on(day: date) -> QuerySet:
        return (
            open_risks.annotate(
                history_id=Subquery(history_until(Risk, day).values("history_id")[:1])
            )
            .order_by()
            .values("history_id")
        )

    # Each open risk's latest history row at either month's end, oldest first: the latest by
    # the month's end is how it stood then, and the one recorded by the end of the month before
    # (the same row, if nothing changed in the month) how it stood before.
    then, earlier = {}, {}
    before_ends = end_of_day(before)
    for row in (
        Risk.history.filter(history_id__in=latest_on(as_at).union(latest_on(before), all=True))
        .order_by("history_date", "history_id")
        .values("id", "history_date", *RISK_STATE, escalated_to_name=F("escalated_to__name"))
    ):
        then[row["id"]] = row
        if row["history_date"] < before_ends:
            earlier[row["id"]] = row
    rows = []
    for risk in risk_rows:
        # As it stands now if its history does not reach back to the month's end.
        state = then.get(risk["pk"], risk)
        if body is not None and body.pk not in (risk["project_body"], state["escalated_to"]):
            continue
        rows.append(_risk_row(risk, state, earlier.get(risk["pk"]), as_at=as_at))
    rows.sort(key=lambda row: (-row["score"], row["reference"] or ""))
    movement = Counter(row["movement"] for row in rows)
    return Report(
        rows=rows,
        summary={
            "open": len(rows),
            "risks": sum(row["kind"] == Risk.Kind.RISK for row in rows),
            "issues": sum(row["kind"] == Risk.Kind.ISSUE for row in rows),
            "escalated": sum(row["escalated"] for row in rows),
            "past_review": sum(row["past_review"] for row in rows),
            "new": movement["new"],
            "increased": movement["up"],
            "decreased": movement["down"],
            "unchanged": movement["same"],
        },
    )


# What a risk's row reads as it stood at a month's end (from its history), and as it is now.
RISK_STATE = ("likelihood", "impact", "review_date", "escalated_to")
RISK_NOW = ("pk", "reference", "kind", "level", "title", "raised_on", "mitigation")


def _risk_row(
    risk: dict[str, Any], then: dict[str, Any], before: dict[str, Any] | None, *, as_at: date
) -> dict[str, Any]:
    score = then["likelihood"] * then["impact"]
    previous = None
    if risk["open_before"]:
        # Without history for the month before, the risk is taken as it stood at month end.
        previous = ((before and before["likelihood"]) or then["likelihood"]) * (
            (before and before["impact"]) or then["impact"]
        )
    if previous is None:
        movement = "new"
    else:
        movement = "up" if score > previous else "down" if score < previous else "same"
    review = then["review_date"]
    return {
        "reference": risk["reference"],
        "kind": risk["kind"],
        "level": risk["level"],
        "project_code": risk["project_code"],
        "workstream": risk["workstream"],
        "title": risk["title"],
        "owner": risk["owner_name"],
        "raised_on": risk["raised_on"],
        "likelihood": then["likelihood"],
        "impact": then["impact"],
        "score": score,
        "previous_score": previous,
        "movement": movement,
        "escalated": then["escalated_to"] is not None,
        "escalated_to": then["escalated_to_name"],
        "review_date": review,
        "past_review": review is not None and review < as_at,
        "mitigation": risk["mitigation"],
    }


# Programme summary -----------------------------------------------------------------------------

RAG_COLUMNS = [RAG.RED, RAG.AMBER, RAG.GREEN, RAG.BLUE]


def programme_summary(*, month: Month, projects: QuerySet[Project]) -> Report:
    """Every project that owed a report for the month, with the RAG it reported (and the month
    before's), and per workstream the count of projects by RAG and of reports missing."""
    reports = StatusReport.objects.filter(project=OuterRef("pk"))
    qs = (
        projects_reporting(
            period=month.start,
            queryset=without_timestamps(projects, "workstream", "lead", "overseeing_body"),
        )
        .select_related("workstream", "lead", "overseeing_body")
        .annotate(
            rag=Subquery(reports.filter(period=month.start).values("rag")[:1]),
            submitted_at=Subquery(reports.filter(period=month.start).values("submitted_at")[:1]),
            previous_rag=Subquery(reports.filter(period=month.previous.start).values("rag")[:1]),
        )
        .order_by("workstream__number", "code")
    )
    rows = [
        {
            "workstream_number": project.workstream.number,
            **_project_columns(project),
            "stage": project.stage,
            "rag": project.rag,
            "previous_rag": project.previous_rag,
            "report_filed": project.reported,
            "submitted_at": project.submitted_at,
        }
        for project in qs
    ]
    by_workstream: dict[tuple[int, str], Counter] = defaultdict(Counter)
    for row in rows:
        counts = by_workstream[(row["workstream_number"], row["workstream"])]
        counts[row["rag"] if row["report_filed"] else "missing"] += 1
    workstreams = [
        {
            "workstream_number": number,
            "workstream": name,
            **{rag: counts[rag] for rag in RAG_COLUMNS},
            "missing": counts["missing"],
            "reported": sum(counts.values()) - counts["missing"],
            "projects": sum(counts.values()),
        }
        for (number, name), counts in sorted(by_workstream.items())
    ]
    totals = Counter()
    for workstream in workstreams:
        totals.update(
            {k: v for k, v in workstream.items() if isinstance(v, int) and k != "workstream_number"}
        )
    return Report(
        rows=rows,
        summary={key: totals[key] for key in [*RAG_COLUMNS, "reported", "missing", "projects"]},
        tables={
            "workstreams": workstreams,
            "missing_reports": [row for row in rows if not row["report_filed"]],
        },
    )
