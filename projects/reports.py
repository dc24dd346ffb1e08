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
from sendtrack.rag import RAG

from .history import recorded_on, value_on
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
    the projects it oversees and those escalated to it at the month's end."""
    as_at, before = month.as_at, month.start - timedelta(days=1)
    qs = (
        without_timestamps(risks, "project", "project__workstream", "owner")
        .filter(_open_on(as_at))
        .select_related("project__workstream", "owner")
        .annotate(
            likelihood_then=value_on(Risk, "likelihood", as_at),
            impact_then=value_on(Risk, "impact", as_at),
            review_then=value_on(Risk, "review_date", as_at),
            escalated_then=value_on(Risk, "escalated_to", as_at),
            likelihood_before=recorded_on(Risk, "likelihood", before),
            impact_before=recorded_on(Risk, "impact", before),
            open_before=_flag(_open_on(before)),
        )
        .annotate(
            escalated_to_name=Subquery(
                Body.objects.filter(pk=OuterRef("escalated_then")).values("name")[:1]
            )
        )
        .order_by("reference", "pk")
    )
    if body is not None:
        qs = qs.filter(Q(project__overseeing_body=body) | Q(escalated_then=body.pk))
    rows = [_risk_row(risk, as_at=as_at) for risk in qs]
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


def _risk_row(risk: Risk, *, as_at: date) -> dict[str, Any]:
    score = risk.likelihood_then * risk.impact_then
    previous = None
    if risk.open_before:
        # Without history for the month before, the risk is taken as it stood at month end.
        previous = (risk.likelihood_before or risk.likelihood_then) * (
            risk.impact_before or risk.impact_then
        )
    if previous is None:
        movement = "new"
    else:
        movement = "up" if score > previous else "down" if score < previous else "same"
    return {
        "reference": risk.reference,
        "kind": risk.kind,
        "level": risk.level,
        "project_code": risk.project.code if risk.project else None,
        "workstream": risk.project.workstream.name if risk.project else None,
        "title": risk.title,
        "owner": risk.owner.name,
        "raised_on": risk.raised_on,
        "likelihood": risk.likelihood_then,
        "impact": risk.impact_then,
        "score": score,
        "previous_score": previous,
        "movement": movement,
        "escalated": risk.escalated_then is not None,
        "escalated_to": risk.escalated_to_name,
        "review_date": risk.review_then,
        "past_review": risk.review_then is not None and risk.review_then < as_at,
        "mitigation": risk.mitigation,
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
