"""Reads for assurance: plan actions with their derived delivery and impact ratings, one area
with everything its page shows, the assurance matrix and the contribution map. Every read is a
fixed number of queries whatever the number of areas, actions, projects or indicators; the
ratings are worked out here, in Python over the prefetched rows, by the rules in
``governance.assurance``, and are never stored."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from governance import assurance
from governance.assurance import IndicatorSignal
from governance.models import (
    AreaAssessment,
    AreaOfWeakness,
    EvidenceItem,
    InformationRequest,
    PlanAction,
)
from governance.selectors import (
    ActionCounts,
    ActionState,
    action_counts,
    areas_with_current_assessment,
    current_areas,
    information_requests_with_status,
    plan_actions_as_at,
    plan_actions_with_areas,
)
from governance.sign_offs import sign_offs_awaited
from indicators.models import Benchmark, Indicator
from indicators.selectors import (
    indicators_with_latest,
    latest_benchmarks,
    own_period_figures,
    recent_figures,
)
from projects.models import Project, Risk
from projects.selectors import RED_RISK_SCORE, projects_with_latest, risks_open
from sendtrack.kernel.rag import RAG

# Figures kept per indicator: a year, for the trend line; the impact rule reads those since
# the action's baseline.
RECENT_FIGURES = 12


def _recent_measurements() -> Prefetch:
    recent = own_period_figures().order_by("indicator_id", "-period")
    return Prefetch("measurements", queryset=recent[:RECENT_FIGURES], to_attr="recent")


def indicator_signals(*, queryset: QuerySet[Indicator] | None = None) -> QuerySet[Indicator]:
    """Indicators with what the impact rule reads: latest figure, target, RAG and their last
    twelve figures (newest first, as ``recent``)."""
    return (
        indicators_with_latest(queryset=queryset)
        .prefetch_related(_recent_measurements())
        .order_by("code")
    )


def indicators_for_assurance(*, queryset: QuerySet[Indicator] | None = None) -> QuerySet[Indicator]:
    """The indicator signals, with the England and neighbour benchmarks the area page shows."""
    return indicator_signals(queryset=queryset).annotate(
        **latest_benchmarks(
            comparators={
                "england": Benchmark.Comparator.ENGLAND,
                "neighbours": Benchmark.Comparator.STATISTICAL_NEIGHBOURS,
            }
        )
    )


def signal_of(indicator: Indicator, *, baseline: tuple[date, Decimal] | None) -> IndicatorSignal:
    """What an indicator (from ``indicator_signals``) says for the impact rule, measured from
    ``baseline`` (the period and figure when the action started)."""
    higher = {
        Indicator.Polarity.HIGHER: True,
        Indicator.Polarity.LOWER: False,
    }.get(indicator.polarity)
    since = [m for m in indicator.recent if baseline is None or m.period > baseline[0]]
    return IndicatorSignal(
        rag=indicator.rag,
        baseline=float(baseline[1]) if baseline else None,
        since_start=[float(m.value) for m in since if m.value is not None],
        higher_is_better=higher,
        target=None if indicator.target_value is None else float(indicator.target_value),
        tolerance=float(indicator.target_tolerance or 0),
    )


def action_baselines(actions: list[PlanAction]) -> dict[tuple[int, int], tuple[date, Decimal]]:
    """Each (action, indicator) link's baseline: the indicator's figure for the period the
    action started in or the last before it, else its first figure. One query."""
    links = Indicator.plan_actions.through.objects.filter(planaction__in=[a.pk for a in actions])
    # Figures of the indicator's own period type, forecasts left out, as its trend is read.
    figures = own_period_figures().filter(indicator=OuterRef("indicator_id"))
    before = figures.filter(
        period__lte=Coalesce(
            OuterRef("planaction__plan__approved_on"), OuterRef("planaction__plan__submitted_on")
        )
    ).order_by("-period")
    first = figures.order_by("period")
    rows = links.annotate(
        baseline_period=Coalesce(
            Subquery(before.values("period")[:1]), Subquery(first.values("period")[:1])
        ),
        baseline_value=Coalesce(
            Subquery(before.values("value")[:1]), Subquery(first.values("value")[:1])
        ),
    ).values_list("planaction_id", "indicator_id", "baseline_period", "baseline_value")
    return {
        (action_id, indicator_id): (period, value)
        for action_id, indicator_id, period, value in rows
        if period is not None
    }


def _rated(
    *, today: date, queryset: QuerySet[PlanAction], projects: bool = True
) -> list[PlanAction]:
    """Plan actions (oldest plan first) with their ratings; with ``projects``, their projects
    (with each one's latest RAG, which the delivery rule reads for an action still open) and
    the actions they were carried forward from and to."""
    reviewed = EvidenceItem.objects.filter(plan_action=OuterRef("pk"), reviewed_on__isnull=False)
    prefetches = [
        Prefetch("areas", queryset=AreaOfWeakness.objects.order_by("number")),
        # An action's indicators are read for their signal only, not their benchmarks; their
        # recent figures are read below, as rows.
        Prefetch("indicators", queryset=indicators_with_latest().order_by("code")),
    ]
    qs = plan_actions_as_at(as_at=today, queryset=queryset).annotate(
        has_reviewed_evidence=Exists(reviewed)
    )
    if projects:
        qs = qs.select_related(
            "carried_forward_from__plan", "carried_forward_from__carried_forward_from__plan"
        )
        prefetches += [
            Prefetch(
                "projects",
                queryset=projects_with_latest(queryset=Project.objects.order_by("code")),
            ),
            Prefetch("carried_forward_to", queryset=PlanAction.objects.select_related("plan")),
        ]
    actions = list(
        qs.prefetch_related(*prefetches).order_by("plan__submitted_on", "plan__title", "reference")
    )
    baselines = action_baselines(actions)
    # The impact rule's figures (what ``indicator_signals`` prefetches), in one query.
    recent = recent_figures(
        indicators=Indicator.objects.filter(
            pk__in={i.pk for action in actions for i in action.indicators.all()}
        ),
        count=RECENT_FIGURES,
    )
    # Who each action marked complete still awaits a sign-off from (one query, if any).
    awaited = sign_offs_awaited(
        action_ids=[a.pk for a in actions if a.state_then == ActionState.AWAITING_SIGN_OFF],
        as_at=today,
    )
    for action in actions:
        for indicator in action.indicators.all():
            indicator.recent = recent.get(indicator.pk, [])
        action.awaiting_sign_off_by = awaited.get(action.pk, [])
        action.delivery = assurance.delivery_rating(
            status=action.status,
            due=action.effective_due_date,
            today=today,
            # Read only for an action not complete (see ``actions_complete_without_impact``).
            project_rags=[p.latest_rag for p in action.projects.all()]
            if action.status != PlanAction.Status.COMPLETE
            else [],
            awaiting_sign_off=action.state_then == ActionState.AWAITING_SIGN_OFF,
        )
        action.impact = (
            assurance.impact_rating(
                signals=[
                    signal_of(i, baseline=baselines.get((action.pk, i.pk)))
                    for i in action.indicators.all()
                ],
                reviewed_evidence=action.has_reviewed_evidence,
            )
            if action.delivery
            else None
        )
        action.complete_without_impact = bool(action.delivery) and (
            assurance.complete_without_impact(delivery=action.delivery, impact=action.impact)
        )
    return actions


def rated_plan_actions(
    *, today: date, queryset: QuerySet[PlanAction] | None = None
) -> list[PlanAction]:
    """Plan actions (oldest plan first) each with ``delivery``, ``impact`` and
    ``complete_without_impact`` worked out from its status, due date, projects' latest RAG,
    indicators (measured from their baseline when the action started) and reviewed evidence;
    and its areas, projects and indicators. Seven queries."""
    qs = PlanAction.objects.all() if queryset is None else queryset
    return _rated(today=today, queryset=qs)


def actions_complete_without_impact(
    *, today: date, queryset: QuerySet[PlanAction] | None = None
) -> list[PlanAction]:
    """Actions complete whose impact is not yet evidenced or not measured (for the overview),
    rated as ``rated_plan_actions`` rates them. A complete action's delivery does not depend
    on its projects, so they are not read: five queries."""
    qs = PlanAction.objects.all() if queryset is None else queryset
    actions = _rated(
        today=today, queryset=qs.filter(status=PlanAction.Status.COMPLETE), projects=False
    )
    return [a for a in actions if a.complete_without_impact]


def actions_awaiting_sign_off(
    *, today: date, queryset: QuerySet[PlanAction] | None = None
) -> list[PlanAction]:
    """Jointly owned actions marked complete that an owning organisation has not yet signed off
    (for the overview), each with ``awaiting_sign_off_by`` (the organisations' names) and its
    areas, oldest plan first. One query; three when there are any."""
    qs = PlanAction.objects.all() if queryset is None else queryset
    actions = list(
        plan_actions_with_areas(
            queryset=plan_actions_as_at(as_at=today, queryset=qs).filter(
                state_then=ActionState.AWAITING_SIGN_OFF
            )
        ).order_by("plan__submitted_on", "plan__title", "reference")
    )
    awaited = sign_offs_awaited(action_ids=[a.pk for a in actions], as_at=today)
    for action in actions:
        action.awaiting_sign_off_by = awaited.get(action.pk, [])
    return actions


def plan_actions_without_area() -> QuerySet[PlanAction]:
    """Plan actions mapped to no area of weakness (a gap in the assurance chain)."""
    return (
        PlanAction.objects.filter(areas__isnull=True)
        .select_related("plan")
        .order_by("plan__submitted_on", "reference")
    )


@dataclass
class AreaFigures:
    """One row of the assurance matrix."""

    area: AreaOfWeakness
    actions: ActionCounts = field(default_factory=ActionCounts)
    rated_actions: int = 0
    delivered: int | None = None
    impact_evidenced: int | None = None
    on_target: int | None = None
    indicators_with_target: int = 0
    red_risks: int = 0
    overdue_actions: int = 0
    outstanding_requests: int = 0
    complete_without_impact: int = 0
    # The area's actions marked complete and awaiting an owner's sign-off, with whose.
    awaiting_sign_off: list = field(default_factory=list)
    confidence: str = assurance.Confidence.LOW
    projects: list = field(default_factory=list)
    indicators: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "rated_actions": self.rated_actions,
            "actions_complete": self.actions.complete,
            "actions_open": self.actions.open,
            "actions_carried_forward": self.actions.carried_forward,
            "actions_withdrawn": self.actions.withdrawn,
            "actions_delivered_percent": self.delivered,
            "impact_evidenced_percent": self.impact_evidenced,
            "indicators_on_target_percent": self.on_target,
            "indicators_with_target": self.indicators_with_target,
            "open_red_risks": self.red_risks,
            "overdue_actions": self.overdue_actions,
            "outstanding_information_requests": self.outstanding_requests,
            "complete_without_impact": self.complete_without_impact,
            "actions_awaiting_sign_off": [
                {"reference": a.reference, "awaiting_sign_off_by": a.awaiting_sign_off_by}
                for a in self.awaiting_sign_off
            ],
            "confidence": self.confidence,
        }


def _red_risks_per_area() -> Subquery:
    risks = (
        Risk.objects.open()
        .filter(score__gte=RED_RISK_SCORE, project__areas=OuterRef("pk"))
        .values("project__areas")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(risks), 0)


def _requests_per_area() -> Subquery:
    requests = (
        InformationRequest.objects.outstanding()
        .filter(areas=OuterRef("pk"))
        .values("areas")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(requests), 0)


def _figures(area: AreaOfWeakness, actions: list[PlanAction]) -> AreaFigures:
    """The matrix row: the area's actions counted as every page counts them (``action_counts``,
    the rule of ``area_action_counts``), and the ratings worked out over the same actions."""
    counts = action_counts(actions)
    rated = [a for a in actions if a.delivery]
    evidenced = sum(1 for a in rated if a.impact == assurance.Impact.EVIDENCED)
    with_target = [i for i in area.assured_indicators if i.rag]
    green = sum(1 for i in with_target if i.rag == RAG.GREEN)
    figures = AreaFigures(
        area=area,
        actions=counts,
        rated_actions=counts.counted,
        delivered=counts.percent_complete,
        impact_evidenced=assurance.percent(evidenced, counts.counted),
        on_target=assurance.percent(green, len(with_target)),
        indicators_with_target=len(with_target),
        red_risks=area.open_red_risks,
        overdue_actions=counts.overdue,
        outstanding_requests=area.outstanding_requests,
        complete_without_impact=sum(1 for a in rated if a.complete_without_impact),
        awaiting_sign_off=[a for a in actions if a.awaiting_sign_off_by],
        projects=list(area.assured_projects),
        indicators=list(area.assured_indicators),
    )
    figures.confidence = assurance.confidence_rating(
        delivered=figures.delivered,
        impact_evidenced=figures.impact_evidenced,
        on_target=figures.on_target,
        overdue_actions=figures.overdue_actions,
        red_risks=figures.red_risks,
    )
    return figures


def _areas(queryset: QuerySet[AreaOfWeakness] | None = None) -> QuerySet[AreaOfWeakness]:
    return (
        areas_with_current_assessment(queryset=queryset)
        .annotate(open_red_risks=_red_risks_per_area(), outstanding_requests=_requests_per_area())
        .prefetch_related(
            Prefetch(
                "projects",
                queryset=projects_with_latest(queryset=Project.objects.order_by("code")),
                to_attr="assured_projects",
            ),
            Prefetch(
                "indicators", queryset=indicators_for_assurance(), to_attr="assured_indicators"
            ),
        )
        .order_by("inspection__start_date", "number")
    )


def _actions_by_area(actions: list[PlanAction]) -> dict[int, list[PlanAction]]:
    by_area: dict[int, list[PlanAction]] = defaultdict(list)
    for action in actions:
        for area in action.areas.all():
            by_area[area.pk].append(action)
    return by_area


def assurance_matrix(*, today: date) -> list[AreaFigures]:
    """The assurance matrix: every area with its actions delivered and impact evidenced (%),
    indicators on target (%), open red risks, overdue actions, outstanding information
    requests and overall confidence; with the projects and indicators that feed it. A fixed
    number of queries."""
    areas = list(_areas(current_areas()))
    by_area = _actions_by_area(
        rated_plan_actions(
            today=today, queryset=PlanAction.objects.filter(areas__in=areas).distinct()
        )
    )
    return [_figures(area, by_area.get(area.pk, [])) for area in areas]


@dataclass
class PlanGroup:
    plan: object
    actions: list[PlanAction]


@dataclass
class AreaAssurance:
    """Everything an area's page, its API answer and its evidence pack show."""

    area: AreaOfWeakness
    figures: AreaFigures
    assessments: list[AreaAssessment]
    plans: list[PlanGroup]
    actions: list[PlanAction]
    evidence: list[EvidenceItem]
    requests: list[InformationRequest]
    as_at: date
    # The open risks and issues of the projects serving the area, worst first.
    risks: list[Risk] = field(default_factory=list)


def evidence_items(*, queryset: QuerySet[EvidenceItem] | None = None) -> QuerySet[EvidenceItem]:
    """Evidence items with their area, action and reviewer, newest first."""
    qs = EvidenceItem.objects.all() if queryset is None else queryset
    return qs.select_related("area", "plan_action__plan", "reviewed_by").order_by(
        "-dated", "title", "pk"
    )


def area_assurance(*, area: AreaOfWeakness, today: date) -> AreaAssurance:
    """One area's assurance as of ``today``: its figures, every self-assessment, its plan
    actions by plan with their ratings, its evidence (on the area and on its actions) and its
    outstanding information requests, and the open risks of the projects serving it. A fixed
    number of queries."""
    area = _areas(AreaOfWeakness.objects.filter(pk=area.pk)).get()
    actions = rated_plan_actions(today=today, queryset=PlanAction.objects.filter(areas=area))
    plans: dict[int, PlanGroup] = {}
    for action in actions:
        plans.setdefault(action.plan_id, PlanGroup(plan=action.plan, actions=[])).actions.append(
            action
        )
    return AreaAssurance(
        area=area,
        figures=_figures(area, actions),
        assessments=list(
            AreaAssessment.objects.filter(area=area)
            .select_related("assessed_by")
            .order_by("-assessed_on")
        ),
        plans=list(plans.values()),
        actions=actions,
        evidence=list(
            evidence_items(
                queryset=EvidenceItem.objects.filter(Q(area=area) | Q(plan_action__areas=area))
            ).distinct()
        ),
        requests=list(
            information_requests_with_status(
                today=today, queryset=InformationRequest.objects.outstanding().filter(areas=area)
            ).order_by("effective_due_date", "pk")
        ),
        as_at=today,
        risks=list(risks_open(queryset=Risk.objects.filter(project__areas=area))),
    )


def contribution_chart(rows: list[AreaFigures]) -> dict:
    """The contribution map as chart data: per area, the projects and indicators feeding it."""
    return {
        "kind": "contribution",
        "title": "Projects and indicators feeding each area of weakness",
        "labels": [f"Area {row.area.number}" for row in rows],
        "projects": [len(row.projects) for row in rows],
        "indicators": [len(row.indicators) for row in rows],
    }
