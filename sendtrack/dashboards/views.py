"""The directors' dashboards: the programme overview, performance, operational and data
quality. Each reads through the apps' selectors, in a fixed number of queries, narrowed to
what the user may see and to the filters in the URL."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, F, Min, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from governance.models import (
    InformationRequest,
    Meeting,
    Person,
    without_timestamps,
)
from governance.permissions import people_visible_to, plan_actions_visible_to
from governance.selectors import (
    ACTION_COUNT_RULE,
    ActionCounts,
    area_action_counts,
    areas_with_current_assessment,
    information_requests_with_status,
    plan_actions_with_areas,
    plan_actions_with_status,
)
from indicators.models import Benchmark, Measurement
from indicators.permissions import indicator_records_visible_to, indicators_visible_to
from indicators.selectors import (
    NEW_FIGURES_WINDOW_MONTHS,
    indicators_missing_return,
    indicators_with_latest,
    latest_benchmarks,
    measurements_entered_since,
    recent_figures,
)
from projects.finance import finance_rows, finance_years, safety_valve_targets
from projects.models import Milestone, Risk
from projects.models.finance import financial_year_of
from projects.permissions import project_records_visible_to, projects_visible_to
from projects.selectors import (
    RED_RISK_SCORE,
    MilestoneStatus,
    milestones_slipped_since,
    milestones_with_status,
    month_add,
    project_reporting_counts,
    projects_missing_report,
    projects_rag_changes_since,
    projects_with_latest_rag,
    reporting_due,
    risk_band,
    risks_open,
    risks_turned_red_since,
    risks_with_review_status,
)
from sendtrack.assurance.selectors import (
    actions_awaiting_sign_off,
    actions_complete_without_impact,
    plan_actions_without_area,
)
from sendtrack.boards.permissions import board_actions_visible_to, bodies_visible_to
from sendtrack.boards.selectors import actions_overdue
from sendtrack.derivations import Parts
from sendtrack.kernel.rag import RAG
from sendtrack.kernel.roles import is_partner_officer

from .filters import FORTNIGHT, DashboardFilters, SinceForm

RAG_COLUMNS = [RAG.RED, RAG.AMBER, RAG.GREEN, RAG.BLUE]
DASHBOARD_PERMISSION = "projects.view_project"


def _context(request, filters: DashboardFilters, **extra) -> dict:
    return {
        "filters": filters,
        "filter_query": filters.query(),
        "today": timezone.localdate(),
        **extra,
    }


def _scoped(request, filters: DashboardFilters):
    """The querysets the user may see, narrowed by the filters, without the records'
    timestamps, which no dashboard shows (see ``without_timestamps``)."""
    user = request.user
    scoped = {
        "projects": filters.projects(projects_visible_to(user=user)),
        "milestones": filters.project_records(
            project_records_visible_to(user=user, queryset=Milestone.objects.all())
        ),
        "risks": filters.project_records(
            project_records_visible_to(user=user, queryset=Risk.objects.all())
        ),
        "indicators": filters.indicators(indicators_visible_to(user=user)),
        "measurements": indicator_records_visible_to(user=user, queryset=Measurement.objects.all()),
    }
    return {name: without_timestamps(queryset) for name, queryset in scoped.items()}


# How many rows a list on the overview shows; each links to the page that lists them all.
OVERVIEW_ROWS = 10


@dataclass(frozen=True)
class Shortlist:
    """The first rows of a list, how many it has, and where all of them are listed."""

    rows: list
    total: int
    link: str | None

    @property
    def more(self) -> int:
        return self.total - len(self.rows)

    def __len__(self) -> int:
        """How many the list has (not how many are shown): what "open red risks: 12" says."""
        return self.total


def shortlist(rows: list, *, link: str | None) -> Shortlist:
    """The overview's first ``OVERVIEW_ROWS`` of ``rows``, with the link to all of them."""
    return Shortlist(rows=rows[:OVERVIEW_ROWS], total=len(rows), link=link)


def first_rows(queryset, *, link: str | None, every: bool = False) -> Shortlist:
    """The first ``OVERVIEW_ROWS`` of ``queryset`` (all of them with ``every``) and how many it
    has, in one query whatever the number: the total is counted in the same statement (a
    window over every row, worked out before the limit), so only the rows shown are read."""
    if every:
        rows = list(queryset)
        return Shortlist(rows=rows, total=len(rows), link=None)
    rows = list(queryset.annotate(rows_in_list=Window(Count("pk")))[:OVERVIEW_ROWS])
    return Shortlist(rows=rows, total=rows[0].rows_in_list if rows else 0, link=link)


def rag_by_workstream(projects) -> list[dict]:
    """Rows of the "projects by RAG" table: one per workstream, with a count per RAG. One
    query: each project's workstream and latest RAG, counted here."""
    rows: dict = {}
    pairs = (
        projects_with_latest_rag(queryset=projects)
        .order_by()
        .values_list("workstream__number", "workstream__name", "latest_rag")
    )
    for number, name, rag in pairs:
        row = rows.setdefault(
            number,
            {"workstream": {"number": number, "name": name}, "counts": Counter(), "total": 0},
        )
        row["counts"][rag or "none"] += 1
        row["total"] += 1
    return [
        {
            **row,
            "cells": [row["counts"][rag] for rag in [*RAG_COLUMNS, "none"]],
        }
        for _, row in sorted(rows.items())
    ]


OFF_TARGET_FIELDS = (
    "code",
    "title",
    "unit",
    "period_type",
    "latest_value",
    "latest_period",
    "target_value",
    "rag",
)


@login_required
@permission_required(DASHBOARD_PERMISSION, raise_exception=True)
def overview(request):
    """The programme at a glance, and what changed since a fortnight ago (or a chosen day).
    Each part is kept under the versions of what it reads (``sendtrack.derivations``): after a
    write, only the parts that read what was written are worked out afresh."""
    today = timezone.localdate()
    filters = DashboardFilters(request.GET or None, user=request.user)
    since_form = SinceForm(request.GET or None)
    since_form.is_valid()
    since = (since_form.cleaned_data or {}).get("since") if since_form.is_bound else None
    since = since or today - FORTNIGHT
    scoped = _scoped(request, filters)
    actions_seen = filters.plan_actions(plan_actions_visible_to(user=request.user))
    user = request.user
    query = filters.query()
    part = Parts(request)

    def since_query(**extra) -> str:
        return filters.query(since=since.isoformat(), **extra)

    def rags() -> dict:
        return {
            "rows": rag_by_workstream(scoped["projects"]),
            "changes": projects_rag_changes_since(since=since, queryset=scoped["projects"]),
        }

    def off_target() -> list[dict]:
        # Rows rather than records: what the list and the figures' units and places need.
        indicators = (
            indicators_with_latest(queryset=scoped["indicators"])
            .order_by("code")
            .values(*OFF_TARGET_FIELDS, places=F("decimal_places"))
        )
        # Red before amber, each by code.
        return sorted(
            (i for i in indicators if i["rag"] in (RAG.RED, RAG.AMBER)),
            key=lambda i: i["rag"] != RAG.RED,
        )

    def milestones() -> dict:
        return {
            # Counted in the same query: only the rows shown are read.
            "overdue": first_rows(
                milestones_with_status(today=today, queryset=scoped["milestones"])
                .filter(is_overdue=True)
                .select_related("project__lead")
                .order_by("due_date", "pk"),
                link=f"{reverse('operational')}?{query}#milestones",
            ),
            # The first rows of the longer lists, counted in the same query; each in full
            # with ?all=<its name>.
            "slipped": first_rows(
                milestones_slipped_since(since=since, today=today, queryset=scoped["milestones"]),
                link=f"{reverse('overview')}?{since_query(all='slipped')}#slipped-heading",
                every=request.GET.get("all") == "slipped",
            ),
        }

    def risks() -> dict:
        return {
            "turned_red": list(risks_turned_red_since(since=since, queryset=scoped["risks"])),
            # Counted in the same query: only the rows shown are read.
            "red": first_rows(
                risks_open(queryset=scoped["risks"].filter(score__gte=RED_RISK_SCORE)),
                link=f"{reverse('operational')}?{filters.query(band='red')}#cell-risks",
            ),
        }

    def new_figures() -> Shortlist:
        return first_rows(
            measurements_entered_since(
                since=since,
                today=today,
                queryset=scoped["measurements"].filter(indicator__in=scoped["indicators"]),
            ),
            link=f"{reverse('performance')}?{query}",
        )

    def plan_actions() -> dict:
        return {
            "overdue": list(
                plan_actions_with_areas(
                    queryset=plan_actions_with_status(today=today, queryset=actions_seen)
                )
                .filter(is_overdue=True)
                .order_by("effective_due_date", "pk")
            ),
            "without_impact": actions_complete_without_impact(today=today, queryset=actions_seen),
            "awaiting": actions_awaiting_sign_off(today=today, queryset=actions_seen),
        }

    def requests() -> list | None:
        if not user.has_perm("governance.view_informationrequest"):
            return None
        return list(
            information_requests_with_status(
                today=today,
                queryset=filters.meetings(
                    InformationRequest.objects.outstanding(), body_path="meeting__body"
                ),
            ).order_by("effective_due_date", "pk")
        )

    def finance() -> dict:
        # This financial year's Safety Valve savings; the target only for the whole programme.
        this_year = financial_year_of(today)
        return finance_years(
            [
                r
                for r in finance_rows(projects=scoped["projects"])
                if r["financial_year"] == this_year
            ],
            targets={
                this_year: None
                if filters.active or is_partner_officer(user)
                else safety_valve_targets().get(this_year)
            },
        )[0]

    rag = part("rag", reads=["status_reports", "milestones"], compute=rags)
    off = part("off-target", reads=["figures"], compute=off_target)
    dated = part("milestones", reads=["milestones"], compute=milestones)
    red = part("risks", reads=["risks"], compute=risks)
    figures = part("new-figures", reads=["figures"], compute=new_figures)
    actions = part("plan-actions", reads=["figures"], compute=plan_actions)
    outstanding = part("information-requests", reads=[], compute=requests)
    rag_rows = rag["rows"]
    changes = {
        "rag": rag["changes"],
        "slipped": dated["slipped"],
        "red_risks": red["turned_red"],
        "figures": figures,
    }
    short = {
        "off_target": shortlist(off, link=f"{reverse('performance')}?{query}"),
        "red_risks": red["red"],
        "overdue": dated["overdue"],
        "actions": shortlist(
            actions["overdue"],
            link=f"{reverse('admin:governance_planaction_changelist')}?overdue=yes"
            if user.has_perm("governance.view_planaction")
            else None,
        ),
        "requests": shortlist(
            outstanding or [],
            link=reverse("admin:governance_informationrequest_changelist")
            if user.has_perm("governance.view_informationrequest")
            else None,
        ),
        "figures": figures,
    }
    return render(
        request,
        "dashboards/overview.html",
        _context(
            request,
            filters,
            section="overview",
            parts=part,
            finance_year=part("finance", reads=[], compute=finance),
            since=since,
            since_form=since_form,
            rag_rows=rag_rows,
            rag_totals=[
                sum(row["cells"][i] for row in rag_rows) for i in range(len(RAG_COLUMNS) + 1)
            ],
            off_target=off,
            overdue=dated["overdue"],
            actions=actions["overdue"],
            red_risks=red["red"],
            requests=outstanding,
            changes=changes,
            short=short,
            new_figures_months=NEW_FIGURES_WINDOW_MONTHS,
            without_impact=actions["without_impact"],
            awaiting=actions["awaiting"],
        ),
    )


def _performance_comparisons() -> dict:
    """The comparators' figures the performance page shows: each one's latest benchmark and its
    period, and how many neighbours were averaged (where each came from is on the indicator's
    page, so it is not read here)."""
    return {
        **latest_benchmarks(
            comparators={
                "england": Benchmark.Comparator.ENGLAND,
                "region": Benchmark.Comparator.REGION,
            }
        ),
        **latest_benchmarks(
            comparators={"statistical_neighbours": Benchmark.Comparator.STATISTICAL_NEIGHBOURS},
            details=("figures_used", "figures_expected"),
        ),
    }


@login_required
@permission_required(DASHBOARD_PERMISSION, raise_exception=True)
def performance(request):
    """Every indicator: latest figure of its own period type (the period named as a person
    says it), target, RAG, direction of travel and what it compares with, a year's trend, and
    England, region and statistical neighbours (with a gap only where the two are alike). Where
    a figure came from is on the indicator's page, not in the figure's cell."""
    filters = DashboardFilters(request.GET or None, user=request.user)
    scoped = _scoped(request, filters)
    part = Parts(request)
    names = _performance_comparisons()

    def comparisons() -> dict[int, dict]:
        # Read from the benchmarks alone, so kept while only figures are written.
        rows = scoped["indicators"].order_by().annotate(**names).values("pk", *names)
        return {row.pop("pk"): row for row in rows}

    compared = part("comparisons", reads=[], compute=comparisons)
    indicators = list(indicators_with_latest(queryset=scoped["indicators"]).order_by("code"))
    for indicator in indicators:
        row = compared.get(indicator.pk, {})
        for name in names:
            setattr(indicator, name, row.get(name))
    # The trend lines' figures in one query, asked even when no indicator matches, so that the
    # page asks the same number of questions whatever the filters.
    recent = recent_figures(indicators=scoped["indicators"])
    layers = defaultdict(list)
    for indicator in indicators:
        indicator.recent = recent.get(indicator.pk, [])
        layers[indicator.get_layer_display()].append(indicator)
    return render(
        request,
        "dashboards/performance.html",
        _context(
            request,
            filters,
            section="performance",
            parts=part,
            indicators=indicators,
            layers=dict(layers),
        ),
    )


HEAT_IMPACT = [5, 4, 3, 2, 1]
# The operational dashboard lists this many of the longest overdue board actions (with every
# body's count); a body's page lists all of its own.
OVERDUE_ACTIONS_SHOWN = 25
HEAT_LIKELIHOOD = [1, 2, 3, 4, 5]


@login_required
@permission_required(DASHBOARD_PERMISSION, raise_exception=True)
def operational(request):
    """Milestones due in the next fortnight and overdue, the risk heat map, progress on each area
    of weakness, and the meetings coming up with their open information requests."""
    today = timezone.localdate()
    filters = DashboardFilters(request.GET or None, user=request.user)
    scoped = _scoped(request, filters)
    actions_seen = filters.plan_actions(plan_actions_visible_to(user=request.user))
    part = Parts(request)

    def milestones() -> list:
        return list(
            milestones_with_status(today=today, queryset=scoped["milestones"])
            .filter(
                Q(is_overdue=True)
                | Q(
                    completed_date__isnull=True,
                    due_date__gte=today,
                    due_date__lte=today + FORTNIGHT,
                )
            )
            .select_related("project__workstream", "project__lead")
            .order_by("project__workstream__number", "project__lead__name", "due_date", "pk")
        )

    groups: dict = {}
    for milestone in part("milestones", reads=["milestones"], compute=milestones):
        key = (milestone.project.workstream, milestone.project.lead)
        groups.setdefault(key, {"workstream": key[0], "lead": key[1], "due": [], "overdue": []})
        groups[key]["overdue" if milestone.is_overdue else "due"].append(milestone)

    chosen = _chosen_cell(request)
    band = None if chosen else _chosen_band(request)

    def risks() -> dict:
        # The heat map counts open risks per cell from their likelihood and impact alone; the
        # risks themselves are read only when a cell or band is chosen.
        open_risks = risks_open(queryset=scoped["risks"])
        cells = Counter(open_risks.order_by().values_list("likelihood", "impact"))
        if chosen:
            shown = list(open_risks.filter(likelihood=chosen[0], impact=chosen[1]))
        else:
            shown = list(open_risks) if band else []
        return {"cells": cells, "shown": shown}

    open_risks = part("risks", reads=["risks"], compute=risks)
    cells, risks = open_risks["cells"], open_risks["shown"]
    heat_rows = [
        {
            "impact": impact,
            "cells": [
                {
                    "likelihood": likelihood,
                    "count": cells[(likelihood, impact)],
                    "band": risk_band(likelihood * impact),
                    "query": filters.query(likelihood=likelihood, impact=impact),
                    "chosen": chosen == (likelihood, impact),
                }
                for likelihood in HEAT_LIKELIHOOD
            ],
        }
        for impact in HEAT_IMPACT
    ]
    if chosen:
        cell_risks = [r for r in risks if (r.likelihood, r.impact) == chosen]
    elif band:
        cell_risks = [r for r in risks if risk_band(r.score) == band]
    else:
        cell_risks = None

    def areas() -> list:
        counts = area_action_counts(as_at=today, actions=actions_seen)
        found = list(areas_with_current_assessment().order_by("inspection__start_date", "number"))
        for area in found:
            area.actions = counts.get(area.pk, ActionCounts())
        return found

    def meetings() -> list:
        if not request.user.has_perm("governance.view_meeting"):
            return []
        open_requests = (
            InformationRequest.objects.outstanding()
            .filter(meeting__body=OuterRef("body"), meeting__date__lt=OuterRef("date"))
            .values("meeting__body")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return list(
            filters.meetings(
                Meeting.objects.filter(date__gte=today, date__lte=today + timedelta(weeks=8))
            )
            .exclude(status=Meeting.Status.CANCELLED)
            .select_related("body")
            .annotate(open_requests=Coalesce(Subquery(open_requests), 0))
            .order_by("date", "body__name")
        )

    def overdue_actions() -> dict:
        # Board and group actions past their day or meeting and not done (one selector, as the
        # meeting pages and packs read it), of the bodies the user may read or their own: how
        # many each body has and since when, and the longest overdue of them, so that the page
        # stays the same size however long the boards' logs grow (each body's page has all).
        overdue = actions_overdue(
            today=today,
            queryset=board_actions_visible_to(user=request.user).filter(
                raised_at__in=filters.meetings(Meeting.objects.all())
            ),
        )
        by_body = list(
            overdue.order_by()
            .values("raised_at__body_id", "raised_at__body__name")
            .annotate(count=Count("pk"), oldest=Min("due_on"))
            .order_by("oldest", "raised_at__body__name")
        )
        shown = list(overdue[:OVERDUE_ACTIONS_SHOWN])
        readable_bodies = set(bodies_visible_to(user=request.user).values_list("pk", flat=True))
        for action in shown:
            action.readable = action.raised_at.body_id in readable_bodies
        for body in by_body:
            body["readable"] = body["raised_at__body_id"] in readable_bodies
        return {
            "total": sum(body["count"] for body in by_body),
            "by_body": by_body,
            "shown": shown,
        }

    areas = part("areas", reads=[], compute=areas)
    meetings = part("meetings", reads=[], compute=meetings)
    overdue_actions = part("board-actions", reads=[], compute=overdue_actions)
    return render(
        request,
        "dashboards/operational.html",
        _context(
            request,
            filters,
            section="operational",
            parts=part,
            groups=list(groups.values()),
            due_count=sum(len(g["due"]) for g in groups.values()),
            overdue_count=sum(len(g["overdue"]) for g in groups.values()),
            heat_rows=heat_rows,
            heat_likelihood=HEAT_LIKELIHOOD,
            chosen=chosen,
            band=band,
            cell_risks=cell_risks,
            open_risks=sum(cells.values()),
            areas=areas,
            action_count_rule=ACTION_COUNT_RULE,
            meetings=meetings,
            overdue_actions=overdue_actions,
        ),
    )


RISK_BANDS = ("red", "amber", "green")


def _chosen_band(request) -> str | None:
    band = request.GET.get("band")
    return band if band in RISK_BANDS else None


def _chosen_cell(request) -> tuple[int, int] | None:
    try:
        likelihood = int(request.GET.get("likelihood", ""))
        impact = int(request.GET.get("impact", ""))
    except ValueError:
        return None
    if likelihood in HEAT_LIKELIHOOD and impact in HEAT_IMPACT:
        return likelihood, impact
    return None


def _report_sections(*, today, projects, listed) -> list[dict]:
    """The monthly reports not filed, as the reporting deadline has them (``reporting_due``):
    the month just ended first, due soon until its deadline passes and missing after; then,
    while it is only due soon, the month before, whose reports are missing. The month under
    way owes nothing yet."""
    due = reporting_due(today=today)
    months = [(due.month, due.deadline, due.due_soon is not None)]
    if due.due_soon is not None:
        months.append((due.overdue, due.overdue_deadline, False))
    return [
        {
            "month": period,
            "deadline": deadline,
            "due_soon": due_soon,
            "counts": project_reporting_counts(period=period, queryset=projects),
            "projects": listed(
                projects_missing_report(period=period, queryset=projects)
                .select_related("lead")
                .order_by("code"),
                f"no-report-{period:%Y-%m}",
            ),
        }
        for period, deadline, due_soon in months
    ]


@login_required
@permission_required(DASHBOARD_PERMISSION, raise_exception=True)
def data_quality(request):
    """What needs tidying, each line linking to the admin page where it is fixed. Each list
    shows its first rows and how many it has, and links to the page with that list in full
    (``?all=<its name>``; ``?all=all`` for every list in full)."""
    today = timezone.localdate()
    filters = DashboardFilters(request.GET or None, user=request.user)
    scoped = _scoped(request, filters)
    month = today.replace(day=1)
    last_month = month_add(month, -1)
    shown_in_full = request.GET.get("all", "")

    def listed(queryset, name: str) -> Shortlist:
        every = shown_in_full in ("all", name)
        link = f"{reverse('data-quality')}?{filters.query(all=name)}#{name}-heading"
        return first_rows(queryset, link=link, every=every)

    milestones = milestones_with_status(today=today, queryset=scoped["milestones"]).select_related(
        "project"
    )
    part = Parts(request)
    context = _context(
        request,
        filters,
        section="data-quality",
        parts=part,
        month=month,
        last_month=last_month,
        report_sections=part(
            "report-sections",
            reads=["status_reports"],
            compute=lambda: _report_sections(
                today=today, projects=scoped["projects"], listed=listed
            ),
        ),
        **part(
            "milestones",
            reads=["milestones"],
            compute=lambda: {
                "past_forecasts": listed(
                    milestones.filter(
                        completed_date__isnull=True, forecast_date__lt=today
                    ).order_by("forecast_date", "pk"),
                    "past-forecasts",
                ),
                "undated": listed(
                    milestones.filter(status=MilestoneStatus.UNDATED).order_by(
                        "project__code", "pk"
                    ),
                    "undated",
                ),
            },
        ),
        **part(
            "returns",
            reads=["figures"],
            compute=lambda: {
                "missing_returns": listed(
                    indicators_missing_return(period=last_month, queryset=scoped["indicators"])
                    .select_related("owner")
                    .order_by("code"),
                    "missing-returns",
                ),
                "late_returns": listed(
                    indicators_with_latest(queryset=scoped["indicators"])
                    .filter(frequency="monthly", latest_period__lt=month_add(last_month, -1))
                    .order_by("code"),
                    "late-returns",
                ),
            },
        ),
        past_review=part(
            "past-review",
            reads=["risks"],
            compute=lambda: listed(
                risks_with_review_status(today=today, queryset=scoped["risks"])
                .filter(is_past_review=True)
                .select_related("project", "owner")
                .order_by("review_date", "pk"),
                "past-review",
            ),
        ),
        **part(
            "other",
            reads=[],
            compute=lambda: {
                "without_area": listed(
                    plan_actions_visible_to(
                        user=request.user, queryset=plan_actions_without_area()
                    ),
                    "without-area",
                ),
                "no_email": listed(
                    people_visible_to(user=request.user, queryset=Person.objects.filter(email=""))
                    .select_related("organisation")
                    .order_by("name"),
                    "no-email",
                )
                if request.user.has_perm("governance.view_person")
                else None,
            },
        ),
    )
    return render(request, "dashboards/data_quality.html", context)
