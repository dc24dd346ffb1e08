"""A programme N times the demonstration's size, for measuring speed as the data grows.

The demonstration is loaded first; each further unit of scale adds, on the demonstration's own
workstreams, boards, areas of weakness and plan actions, 60 projects with up to ten years of
monthly reports, 10 milestones and 5 risks each (with their history), 18 project leads and 20
monthly indicators with ten years of figures, targets and England and statistical-neighbour
benchmarks, and a delivery group's ten years of monthly meetings with their agendas, decisions
and actions (``scale_boards``). Everything is drawn from random generators with fixed seeds,
so the same scale and date always give the same records, and written with ``bulk_create`` in
batches.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from governance.models import AreaOfWeakness, Body, Organisation, Person, PlanAction
from indicators.models import Benchmark, Indicator, Measurement, Target
from indicators.periods import PeriodType
from projects.models import Milestone, Project, Risk, StatusReport, Workstream
from projects.selectors import month_add
from sendtrack.kernel.rag import RAG

from . import demo_counts, load_demo
from .governance import STRATEGIC_BOARD
from .indicators import _date_new_figures
from .people import KCC, LEAD_TITLES, email_for
from .projects import (
    ACHIEVEMENTS,
    COMMENTARY,
    MILESTONES,
    NEXT_STEPS,
    PREFIX,
    RISK_TITLES,
    _copy,
    _historical,
    _next_rag,
    _record_risk_history,
    _submitted_at,
)
from .scale_boards import add_board_business
from .store import months_between

# What one unit of scale adds beyond the demonstration.
PROJECTS_PER_UNIT = 60
LEADS_PER_UNIT = 18
INDICATORS_PER_UNIT = 20
MILESTONES_PER_PROJECT = 10
RISKS_PER_PROJECT = 5
YEARS_OF_HISTORY = 10
BATCH = 2000
# Codes of generated records start here, clear of the demonstration's two-digit numbers.
FIRST_NUMBER = 100
# Bumped whenever the generated data changes shape, so that a stored data set is rebuilt.
VERSION = 2

FIRST_NAMES = [
    "Amara", "Ben", "Chen", "Dara", "Elif", "Femi", "Gita", "Hugo", "Ines", "Jonah", "Kiran",
    "Lena", "Milo", "Nadia", "Oscar", "Pia", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera",
]  # fmt: skip
LAST_NAMES = [
    "Ashby", "Bose", "Costa", "Dunn", "Evans", "Frost", "Gill", "Hale", "Iqbal", "Jones",
    "Kerr", "Lowe", "Mistry", "Nash", "Owusu", "Price", "Quayle", "Reyes", "Singh", "Tate",
]  # fmt: skip
INDICATOR_TOPICS = [
    ("EHC plans reviewed on time", Indicator.Unit.PERCENT, Indicator.Polarity.HIGHER),
    ("Children waiting over 18 weeks for therapy", Indicator.Unit.COUNT, Indicator.Polarity.LOWER),
    ("Average days to a decision to assess", Indicator.Unit.DAYS, Indicator.Polarity.LOWER),
    ("Families satisfied with the service", Indicator.Unit.PERCENT, Indicator.Polarity.HIGHER),
    ("Pupils with SEND on a reduced timetable", Indicator.Unit.COUNT, Indicator.Polarity.LOWER),
    ("Requests for assessment received", Indicator.Unit.COUNT, Indicator.Polarity.NEUTRAL),
]


def generate_scale_data(*, scale: float, as_of: date) -> dict[str, int]:
    """Load the demonstration and grow it to ``scale`` times its size as it stands on
    ``as_of``, all or nothing; returns the number of records of each kind."""
    if scale < 1:
        raise ValueError("The scale is at least 1 (the demonstration itself).")
    with transaction.atomic():
        if Project.objects.filter(code__endswith=f"-{FIRST_NUMBER}").exists():
            raise ValueError("This database already holds generated data: use a fresh one.")
        load_demo(as_of=as_of)
        extra = scale - 1
        leads = _add_leads(count=round(LEADS_PER_UNIT * extra))
        projects = _add_projects(count=round(PROJECTS_PER_UNIT * extra), leads=leads, as_of=as_of)
        _add_indicators(
            count=round(INDICATORS_PER_UNIT * extra), leads=leads, projects=projects, as_of=as_of
        )
        add_board_business(extra=extra, leads=leads, projects=projects, as_of=as_of)
    return demo_counts()


def _add_leads(*, count: int) -> list[Person]:
    council = Organisation.objects.get(name=KCC)
    people = [
        Person(
            name=f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[n // len(FIRST_NAMES) % 20]}"
            f" {n + 1:03d}",
            job_title=LEAD_TITLES[n % len(LEAD_TITLES)],
            organisation=council,
            email=email_for(f"lead {n + 1:03d}"),
            is_demo=True,
        )
        for n in range(count)
    ]
    return Person.objects.bulk_create(people, batch_size=BATCH)


def _add_projects(*, count: int, leads: list[Person], as_of: date) -> list[Project]:
    workstreams = list(Workstream.objects.order_by("number"))
    strategic = Body.objects.get(name=STRATEGIC_BOARD)
    areas = list(AreaOfWeakness.objects.order_by("number"))
    actions_by_area = {
        area.pk: list(PlanAction.objects.filter(areas=area).order_by("pk")[:6]) for area in areas
    }
    if not leads:
        leads = list(Person.objects.filter(projects_led__isnull=False).distinct().order_by("pk"))
    first_month = month_add(as_of, -12 * YEARS_OF_HISTORY)
    projects, areas_wanted, actions_wanted = [], [], []
    for n in range(count):
        workstream = workstreams[n % len(workstreams)]
        code = f"{PREFIX[workstream.number]}-{FIRST_NUMBER + n // len(workstreams):03d}"
        rng = random.Random(f"sendtrack-scale-{code}")  # noqa: S311 - demonstration data
        # Every tenth project runs the full ten years; the rest started within three years.
        start = month_add(first_month, 0 if n % 10 == 0 else rng.randrange(0, 36))
        closed = rng.random() < 0.1
        end = month_add(as_of, -rng.randrange(2, 24) if closed else rng.randrange(3, 24))
        savings = rng.choice([None] * 5 + [500_000, 1_000_000])
        projects.append(
            Project(
                code=code,
                title=f"{rng.choice(MILESTONES).split(' ')[0]} programme {code}",
                purpose=f"Part of the {workstream.name.lower()} workstream (generated).",
                workstream=workstream,
                lead=leads[n % len(leads)],
                organisation_id=leads[n % len(leads)].organisation_id,
                sponsor_id=workstream.director_id,
                overseeing_body_id=strategic.pk if savings else workstream.overseeing_body_id,
                safety_valve=savings is not None,
                savings_target=savings,
                priority_tier=rng.choice([1, 2, 2, 3]),
                stage=Project.Stage.CLOSED
                if closed
                else rng.choice([Project.Stage.DELIVERY] * 4 + [Project.Stage.PLANNING]),
                start_date=start,
                planned_end_date=end - timedelta(days=1),
                actual_end_date=end - timedelta(days=1) if closed else None,
                is_demo=True,
            )
        )
        chosen = rng.sample(areas, rng.randrange(1, 3))
        areas_wanted.append(chosen)
        actions_wanted.append([a for area in chosen for a in actions_by_area[area.pk][:1]])
    projects = Project.objects.bulk_create(projects, batch_size=BATCH)
    _bulk_m2m(Project.areas.through, "project", "areaofweakness", projects, areas_wanted)
    _bulk_m2m(Project.plan_actions.through, "project", "planaction", projects, actions_wanted)
    _add_reports(projects=projects, as_of=as_of)
    _add_milestones(projects=projects, as_of=as_of)
    _add_risks(projects=projects, as_of=as_of)
    return projects


def _bulk_m2m(through, left: str, right: str, objects: list, wanted: list[list]) -> None:
    through.objects.bulk_create(
        [
            through(**{f"{left}_id": obj.pk, f"{right}_id": other.pk})
            for obj, others in zip(objects, wanted, strict=True)
            for other in others
        ],
        batch_size=BATCH,
    )


def _add_reports(*, projects: list[Project], as_of: date) -> None:
    last_complete = month_add(as_of, -1)
    reports = []
    for project in projects:
        rng = random.Random(f"sendtrack-scale-{project.code}-reports")  # noqa: S311
        rag = rng.choice([RAG.GREEN, RAG.GREEN, RAG.AMBER, RAG.AMBER, RAG.RED])
        late = rng.random() < 0.08
        last = min(last_complete, month_add(project.actual_end_date or last_complete, 0))
        for month in months_between(project.start_date, last):
            if month == last_complete and late:
                continue
            rag = _next_rag(rng, rag)
            if project.actual_end_date and month == last:
                rag = RAG.BLUE
            reports.append(
                StatusReport(
                    project=project,
                    period=month,
                    rag=rag,
                    commentary=rng.choice(COMMENTARY[rag]),
                    achievements=rng.choice(ACHIEVEMENTS),
                    next_steps=rng.choice(NEXT_STEPS),
                    decisions_needed="Decision needed on resourcing." if rag == RAG.RED else "",
                    submitted_at=_submitted_at(rng, month=month, as_of=as_of),
                    is_demo=True,
                )
            )
    StatusReport.objects.bulk_create(reports, batch_size=BATCH)


def _add_milestones(*, projects: list[Project], as_of: date) -> None:
    """Ten milestones a project, spread over its life, some moved and most of the past ones
    done; each with the history a register would have (agreed, moved, completed)."""
    milestones, plans = [], []
    for project in projects:
        rng = random.Random(f"sendtrack-scale-{project.code}-milestones")  # noqa: S311
        span = (project.planned_end_date - project.start_date).days
        for i in range(MILESTONES_PER_PROJECT):
            baseline = project.start_date + timedelta(days=span * (i + 1) // MILESTONES_PER_PROJECT)
            forecast, completed = baseline, None
            if rng.random() < 0.35:
                forecast = baseline + timedelta(days=rng.choice([14, 30, 45, 60, 90, 120]))
            done = rng.random() < 0.8 or forecast < as_of - timedelta(days=180)
            if forecast < as_of - timedelta(days=20) and done:
                completed = forecast - timedelta(days=rng.randrange(0, 10))
            undated = rng.random() < 0.02
            milestones.append(
                Milestone(
                    project=project,
                    title=f"{MILESTONES[i % len(MILESTONES)]} (stage {i // len(MILESTONES) + 1})",
                    baseline_date=None if undated else baseline,
                    forecast_date=None if undated else forecast,
                    completed_date=completed,
                    is_key=i in (0, MILESTONES_PER_PROJECT - 1) or rng.random() < 0.2,
                    is_demo=True,
                )
            )
            plans.append((project.start_date, rng.choice([3, 9, 12, 25, 40, 75, 120])))
    milestones = Milestone.objects.bulk_create(milestones, batch_size=BATCH)
    history = []
    for milestone, (start, days_before) in zip(milestones, plans, strict=True):
        agreed = min(start, as_of)
        first = _copy(milestone, forecast_date=milestone.baseline_date, completed_date=None)
        history.append(_historical(Milestone, first, agreed, "+"))
        if milestone.forecast_date != milestone.baseline_date:
            latest = min(milestone.completed_date or as_of, as_of)
            day = max(agreed, latest - timedelta(days=days_before))
            history.append(_historical(Milestone, _copy(milestone, completed_date=None), day, "~"))
        if milestone.completed_date:
            history.append(_historical(Milestone, milestone, milestone.completed_date, "~"))
    Milestone.history.bulk_create(history, batch_size=BATCH)


def _add_risks(*, projects: list[Project], as_of: date) -> None:
    """Five risks a project, a quarter of them closed, each reviewed every few months (the
    same history as the demonstration's risks)."""
    risks = []
    for project in projects:
        rng = random.Random(f"sendtrack-scale-{project.code}-risks")  # noqa: S311
        for n in range(1, RISKS_PER_PROJECT + 1):
            title, mitigation = RISK_TITLES[(n + rng.randrange(8)) % len(RISK_TITLES)]
            likelihood, impact = rng.randrange(1, 6), rng.randrange(2, 6)
            raised = min(project.start_date + timedelta(days=rng.randrange(10, 400)), as_of)
            closed = rng.random() < 0.25 or bool(project.actual_end_date)
            closed_on = min(raised + timedelta(days=rng.randrange(60, 900)), as_of)
            risks.append(
                Risk(
                    reference=f"{project.code}-R{n}",
                    kind=Risk.Kind.ISSUE if likelihood == 5 else Risk.Kind.RISK,
                    level=Risk.Level.PROJECT,
                    project=project,
                    title=title,
                    likelihood=likelihood,
                    impact=impact,
                    owner_id=project.lead_id,
                    organisation_id=project.organisation_id,
                    mitigation=mitigation,
                    status=Risk.Status.CLOSED if closed else Risk.Status.OPEN,
                    raised_on=raised,
                    closed_on=closed_on if closed else None,
                    review_date=as_of + timedelta(days=rng.randrange(-45, 60)),
                    escalated_to_id=project.overseeing_body_id
                    if likelihood * impact >= 20
                    else None,
                    is_demo=True,
                )
            )
    risks = Risk.objects.bulk_create(risks, batch_size=BATCH)
    _record_risk_history(as_of=as_of, risks=risks)


def _add_indicators(
    *, count: int, leads: list[Person], projects: list[Project], as_of: date
) -> None:
    """Monthly indicators with a figure every month for ten years (the last one provisional),
    a target, and England and statistical-neighbour benchmarks."""
    areas = list(AreaOfWeakness.objects.order_by("number"))
    owners = leads or list(Person.objects.filter(indicators_owned__isnull=False).distinct())
    last_complete = month_add(as_of, -1)
    months = months_between(month_add(as_of, -12 * YEARS_OF_HISTORY), last_complete)
    indicators, specs = [], []
    for n in range(count):
        code = f"KPI-{FIRST_NUMBER + n:03d}"
        rng = random.Random(f"sendtrack-scale-{code}")  # noqa: S311 - demonstration data
        topic, unit, polarity = INDICATOR_TOPICS[n % len(INDICATOR_TOPICS)]
        indicators.append(
            Indicator(
                code=code,
                title=f"{topic} ({code})",
                definition=f"{topic}, counted each month (generated).",
                unit=unit,
                polarity=polarity,
                frequency=Indicator.Frequency.MONTHLY,
                period_type=PeriodType.MONTH,
                level=Indicator.Level.PROGRAMME,
                layer=rng.choice([Indicator.Layer.PERFORMANCE] * 3 + [Indicator.Layer.OPERATIONAL]),
                owner=owners[n % len(owners)],
                organisation_id=owners[n % len(owners)].organisation_id,
                source="Synergy (SEND case management system)",
                is_public=rng.random() < 0.3,
                is_demo=True,
            )
        )
        start = rng.uniform(20, 60) if unit == Indicator.Unit.PERCENT else rng.uniform(50, 900)
        specs.append((rng, start, start * rng.uniform(0.6, 1.5)))
    indicators = Indicator.objects.bulk_create(indicators, batch_size=BATCH)
    _bulk_m2m(
        Indicator.areas.through,
        "indicator",
        "areaofweakness",
        indicators,
        [[areas[n % len(areas)]] for n in range(count)],
    )
    if projects:
        _bulk_m2m(
            Indicator.projects.through,
            "indicator",
            "project",
            indicators,
            [[projects[(3 * n + k) % len(projects)] for k in range(2)] for n in range(count)],
        )
    measurements, targets, benchmarks = [], [], []
    for indicator, (rng, start, end) in zip(indicators, specs, strict=True):
        percent = indicator.unit == Indicator.Unit.PERCENT
        for i, month in enumerate(months):
            trend = start + (end - start) * i / max(len(months) - 1, 1)
            value = _figure(trend * (1 + rng.uniform(-0.04, 0.04)), percent=percent)
            measurements.append(
                Measurement(
                    indicator=indicator,
                    period=month,
                    period_type=PeriodType.MONTH,
                    value=value,
                    status=Measurement.Status.PROVISIONAL
                    if month == last_complete
                    else Measurement.Status.FINAL,
                    is_demo=True,
                )
            )
            for comparator, factor in (
                (Benchmark.Comparator.ENGLAND, 1.1),
                (Benchmark.Comparator.STATISTICAL_NEIGHBOURS, 1.05),
            ):
                benchmarks.append(
                    Benchmark(
                        indicator=indicator,
                        period=month,
                        period_type=PeriodType.MONTH,
                        comparator=comparator,
                        value=_figure(trend * factor, percent=percent),
                        source="Demonstration benchmark",
                        is_demo=True,
                    )
                )
        if indicator.polarity != Indicator.Polarity.NEUTRAL:
            better = 1.1 if indicator.polarity == Indicator.Polarity.HIGHER else 0.9
            for applies_from, aim in ((months[0], start), (months[len(months) // 2], end)):
                targets.append(
                    Target(
                        indicator=indicator,
                        applies_from=applies_from,
                        value=_figure(aim * better, percent=percent),
                        tolerance=_figure(aim * 0.05, percent=percent),
                        source="Accelerated Progress Plan",
                        is_demo=True,
                    )
                )
    loading_since = timezone.now()
    Measurement.objects.bulk_create(measurements, batch_size=BATCH)
    _date_new_figures(as_of=as_of, since=loading_since)
    Benchmark.objects.bulk_create(benchmarks, batch_size=BATCH)
    Target.objects.bulk_create(targets, batch_size=BATCH)


def _figure(value: float, *, percent: bool) -> Decimal:
    if percent:
        return Decimal(str(round(min(max(value, 0), 100), 1)))
    return Decimal(round(max(value, 0)))
