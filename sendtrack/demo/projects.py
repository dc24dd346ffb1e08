"""The programme's six workstreams and 56 projects with two years of monthly reports, their
milestones and their risks. Projects the council's report names are real; their codes, leads
and history, and the other projects, are invented and marked as demonstration data."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from governance.models import Organisation, Person
from projects.models import Milestone, Project, Risk, StatusReport, Workstream
from projects.selectors import month_add
from sendtrack.kernel.rag import RAG

from .governance import OPERATIONAL_GROUPS, STRATEGIC_BOARD, Governance
from .people import ICB, LEADS
from .sources import REPORT, cite
from .store import months_between, set_related, upsert

# number, name, description, operational group, director
WORKSTREAMS = [
    (
        1,
        "Sufficiency",
        "Enough high quality places in early years and education, including "
        "post-16 and up to the age of 25.",
        0,
        "Helen Marsh",
    ),
    (
        2,
        "Inclusion capacity in mainstream settings",
        "Consistent SEND inclusion practice in early years settings and mainstream schools.",
        0,
        "Helen Marsh",
    ),
    (
        3,
        "Access to specialist services",
        "Timely access to services such as speech and language "
        "therapy, physiotherapy and occupational therapy.",
        1,
        "David Okoro",
    ),
    (
        4,
        "Improving statutory processes",
        "Statutory assessment, issuing EHC plans, annual reviews and phase transfer.",
        1,
        "David Okoro",
    ),
    (
        5,
        "Developing systems",
        "Robust systems and accurate data underpinning the SEND service.",
        2,
        "Samir Patel",
    ),
    (
        6,
        "Engagement and communication",
        "Participation of children, young people and families, and clear information for them.",
        2,
        "Fiona Clarke",
    ),
]
PREFIX = {1: "SUF", 2: "INC", 3: "ACC", 4: "STA", 5: "SYS", 6: "ENG"}
# The report's headings for the workstreams (section 4). Their directors and operational
# groups are invented, so the workstreams are demonstration data citing their heading.
WORKSTREAM_SOURCES = {
    1: cite(
        REPORT,
        "para 4.2",
        "ensuring sufficient high quality places are available in early years and education "
        "provision including post 16 and up to the age of 25",
    ),
    2: cite(
        REPORT, "para 4.3", "Development of inclusion capacity in mainstream education settings"
    ),
    3: cite(REPORT, "para 4.4", "Access to specialist services"),
    4: cite(REPORT, "para 4.5", "Improving statutory processes"),
    5: cite(REPORT, "para 4.6", "Developing systems"),
    6: cite(REPORT, "para 4.7", "Engagement and communication"),
}

# workstream, title, named in the council's report, areas, Safety Valve savings target (£)
PROJECTS = [
    (1, "SEND sufficiency strategy", True, [2, 4], None),
    (1, "Special educational needs planning tool and evidence base", True, [4], None),
    (1, "Pathways to Independence", True, [5], None),
    (1, "Post-16 reform: Pathways for All", True, [5], 1_200_000),
    (1, "Specialist Resource Provision expansion", False, [2, 4], 2_500_000),
    (1, "Special school satellite places", False, [4], 1_800_000),
    (1, "Early years SEND places", False, [4], None),
    (1, "Independent sector placements review", False, [4], 3_000_000),
    (1, "Alternative Provision commissioning", False, [4, 8], None),
    (2, "Inclusive Leadership programme", True, [2], None),
    (2, "Whole School Approaches to Nurture", True, [2, 8], None),
    (2, "Mainstream inclusion expectations for all schools", True, [2], 900_000),
    (2, "Evidence-based practice in education", True, [2, 5], None),
    (2, "Early years inclusion support", False, [2], None),
    (2, "Locality-based resources for schools", False, [2, 5], 1_500_000),
    (2, "SENCo network and training", False, [2, 5], None),
    (2, "Reducing reduced timetables", False, [8], None),
    (2, "Inclusion outcomes dashboard", True, [5, 7], None),
    (3, "Speech and language therapy waiting times", False, [9], None),
    (3, "Occupational therapy pathway", False, [9], None),
    (3, "Physiotherapy access", False, [9], None),
    (3, "Health input to EHC plans with the Designated Clinical Officer", True, [6, 9], None),
    (3, "Neurodevelopmental assessment pathway", False, [9], None),
    (3, "Emotional wellbeing and mental health support in schools", False, [9, 2], None),
    (3, "Joint therapies commissioning", False, [4, 9], None),
    (3, "Equipment and sensory support", False, [9], None),
    (3, "Short breaks for disabled children", False, [4], None),
    (4, "EHC needs assessment: request triage", True, [6], None),
    (4, "EHC needs assessment: decision-making panels", True, [6], None),
    (4, "EHC needs assessment: plan drafting and issue", True, [6], None),
    (4, "Annual review backlog", True, [6], None),
    (4, "EHC plan quality assurance", True, [6], None),
    (4, "Phase transfer: Year 6 to 7 through Fair Access", True, [6, 2], None),
    (4, "Tribunals, placement finding and case holding teams", True, [6], None),
    (4, "SEND casework recruitment and retention", True, [6, 7], None),
    (4, "Culture change review", True, [7], None),
    (4, "Skills for Growth and reverse mentoring", True, [7], None),
    (5, "SEND Enquiries Hub", True, [1, 3], None),
    (5, "Synergy system enhancements", True, [6, 7], None),
    (5, "SEND Quality Assurance Framework", True, [6, 7], None),
    (5, "Performance, operational and data quality dashboards", True, [7], None),
    (5, "Data entry training for SEND staff", True, [6, 7], None),
    (5, "Complaints and enquiries handover", True, [1], None),
    (5, "EHC plan outcomes monitoring", True, [5, 6], None),
    (5, "Exit interview pilot", True, [7], None),
    (5, "Transport data integration", False, [7], 600_000),
    (6, "SEND Communications and Engagement Strategy", True, [1, 3], None),
    (6, "Inclusion communications and website information", True, [1, 2], None),
    (6, "Framework for Lived Experience", True, [3], None),
    (6, "Participation in SEND transition review", True, [3, 5], None),
    (6, "Pathways for Life", True, [5], None),
    (6, "Participation with the Council for Disabled Children", True, [3], None),
    (6, "Co-production with Kent PACT", True, [1, 3], None),
    (6, "Local offer refresh", False, [1], None),
    (6, "You said, we did: feedback to families", False, [1, 3], None),
    (6, "Young people's SEND forum", False, [3], None),
]

LONDON = ZoneInfo("Europe/London")

# The demo project lead ("lead" login) leads these, so that the login shows several projects.
DEMO_LEAD = LEADS[0]
DEMO_LEAD_PROJECTS = {"SUF-01", "SUF-05", "STA-04"}
# Projects whose lead has not yet reported on the last complete month.
LATE_REPORTERS = {"INC-04", "ACC-03", "STA-06", "SYS-07", "ENG-09"}
CLOSED_PROJECTS = {"SYS-01", "ENG-02"}

ACHIEVEMENTS = [
    "Workshop held with school leaders and Kent PACT.",
    "Business case agreed by the Operational Group.",
    "Recruitment completed for two posts.",
    "Data cleansed and first report produced.",
    "Consultation closed with strong response from families.",
    "Pilot started in two districts.",
    "Training delivered to staff across all areas.",
    "Specification signed off with health partners.",
]
NEXT_STEPS = [
    "Report findings to the Operational Group.",
    "Start the next phase of the pilot.",
    "Agree the evaluation approach with Analytics.",
    "Present options to the Strategic Board.",
    "Complete the procurement.",
    "Roll out to the remaining districts.",
]
COMMENTARY = {
    RAG.GREEN: [
        "On track. Milestones this month met and benefits being tracked.",
        "Delivery on plan; partners engaged and resourcing in place.",
        "Good progress. The pilot is showing early improvement for families.",
    ],
    RAG.AMBER: [
        "Some slippage on the next milestone because of staff vacancies; recovery plan agreed.",
        "Dependency on health partners is delaying the specification; being escalated locally.",
        "Demand is higher than planned; reprioritising the team's work to hold the timetable.",
    ],
    RAG.RED: [
        "Off track: key milestone missed and no recovery date agreed. Board decision needed.",
        "Recruitment has failed twice and delivery has stopped. Escalated to the Strategic Board.",
        "Funding not confirmed; the project cannot start the next phase without a decision.",
    ],
    RAG.BLUE: ["Complete. Closure report and lessons learned submitted."],
}
MILESTONES = [
    "Project initiation document agreed",
    "Baseline data and evidence review complete",
    "Engagement with families and schools complete",
    "Options appraisal to Operational Group",
    "Pilot launched",
    "Pilot evaluation reported",
    "Roll-out across all districts",
    "Closure and benefits review",
]
RISK_TITLES = [
    ("Vacancies in the project team delay delivery", "Interim cover and recruitment campaign."),
    ("Schools do not engage in time", "Head teacher champions and termly briefings."),
    ("Health partner capacity limits progress", "Escalation through the partnership board."),
    ("Data quality undermines the evidence of impact", "Data cleansing sprint and training."),
    ("Costs exceed the agreed budget", "Monthly budget review with Finance."),
    ("Families lose confidence if timescales slip", "Regular updates through Kent PACT."),
    ("System changes not ready for go-live", "Joint testing plan with ICT."),
    ("Demand for assessments rises faster than planned", "Weekly demand forecasting."),
]

PROGRAMME_RISKS = [
    (
        "PRG-R01",
        "Recruitment and retention of SEND casework staff",
        4,
        5,
        "Permanent establishment recruited by September 2023; temporary staff for the backlog.",
    ),
    (
        "PRG-R02",
        "Demand for EHC needs assessments keeps rising",
        5,
        4,
        "Demand modelling; inclusion work with schools; triage of requests.",
    ),
    (
        "PRG-R03",
        "High Needs deficit and the Safety Valve agreement",
        4,
        5,
        "Safety Valve projects tracked monthly with savings targets.",
    ),
    (
        "PRG-R04",
        "Pace of improvement not fast enough for the DfE's reviews",
        3,
        5,
        "Accelerated Progress Plan tracked at every board.",
    ),
    (
        "PRG-R05",
        "Culture and leadership change does not embed",
        3,
        4,
        "Culture change review, Skills for Growth and reverse mentoring.",
    ),
    (
        "PRG-R06",
        "Data quality in Synergy weakens performance reporting",
        3,
        3,
        "Data quality dashboards and training.",
    ),
    ("PRG-R07", "Complaints rise while changes are made", 3, 3, "Enquiries Hub and feedback loop."),
    (
        "PRG-R08",
        "Programme office capacity to support 50+ projects",
        2,
        3,
        "Project support officer and self-service reporting.",
    ),
]
PARTNERSHIP_RISKS = [
    (
        "PTN-R01",
        "Therapy waiting times across health providers",
        5,
        4,
        "Joint commissioning review with the ICB.",
    ),
    (
        "PTN-R02",
        "Schools and academies not working with the inclusion agenda",
        4,
        4,
        "Regional DfE Director's support; Ofsted inspection framework.",
    ),
    (
        "PTN-R03",
        "Health advice for EHC needs assessments returned late",
        4,
        3,
        "Designated Clinical Officer quality assurance.",
    ),
    (
        "PTN-R04",
        "Parent carer confidence does not recover",
        4,
        5,
        "Co-production with Kent PACT; published you said, we did.",
    ),
    (
        "PTN-R05",
        "Placements for phase transfer not named in time",
        3,
        4,
        "Fair Access process and early placement planning.",
    ),
]


# Partnership risks about health services: led by the Integrated Care Board.
ICB_LED_RISKS = {"PTN-R01", "PTN-R03"}


def load_projects(*, as_of: date, gov: Governance, people: dict[str, Person]) -> dict:
    """Workstreams, projects, milestones, risks and reports; returns projects by code."""
    groups = [gov.bodies[name] for name in OPERATIONAL_GROUPS]
    workstreams = upsert(
        Workstream,
        [
            {
                "number": number,
                "name": name,
                "description": description,
                "overseeing_body_id": groups[group].pk,
                "director_id": people[director].pk,
                "is_demo": True,
                "source_citation": WORKSTREAM_SOURCES[number],
            }
            for number, name, description, group, director in WORKSTREAMS
        ],
        keys=["number"],
    )
    workstream_by_number = {key[0]: ws for key, ws in workstreams.items()}
    directors = {n: people[d] for n, _, _, _, d in WORKSTREAMS}

    rows, areas_wanted, counters = [], {}, {}
    other_leads = [name for name in LEADS if name != DEMO_LEAD]
    for index, (number, title, _named, area_numbers, savings) in enumerate(PROJECTS):
        counters[number] = counters.get(number, 0) + 1
        code = f"{PREFIX[number]}-{counters[number]:02d}"
        rng = random.Random(f"sendtrack-{code}")  # noqa: S311 - demonstration data
        start = month_add(date(2022, 10, 1), rng.randrange(0, 7))
        lead = DEMO_LEAD if code in DEMO_LEAD_PROJECTS else other_leads[index % len(other_leads)]
        closed = code in CLOSED_PROJECTS
        rows.append(
            {
                "code": code,
                "title": title,
                "purpose": f"{title}: part of the {WORKSTREAMS[number - 1][1].lower()} "
                "workstream of SEND Transformation.",
                "workstream_id": workstream_by_number[number].pk,
                "lead_id": people[lead].pk,
                "organisation_id": people[lead].organisation_id,
                "sponsor_id": directors[number].pk,
                "overseeing_body_id": (
                    gov.bodies[STRATEGIC_BOARD].pk
                    if savings
                    else workstream_by_number[number].overseeing_body_id
                ),
                "safety_valve": savings is not None,
                "savings_target": savings,
                "priority_tier": 1 if savings or number == 4 else rng.choice([2, 2, 3]),
                "stage": Project.Stage.CLOSED
                if closed
                else rng.choice(
                    [Project.Stage.DELIVERY] * 5 + [Project.Stage.PLANNING, Project.Stage.CLOSING]
                ),
                "start_date": start,
                # The programme has been re-planned as it went: open projects run on past the
                # demo's date, so their later milestones are still to come.
                "planned_end_date": _planned_end(rng, start=start, as_of=as_of, closed=closed),
                "actual_end_date": _closed_on(as_of) if closed else None,
                # Titles of named projects come from the report; codes, leads, dates and
                # history are invented, so every project record is demonstration data.
                "is_demo": True,
            }
        )
        areas_wanted[(code,)] = [gov.areas[n] for n in area_numbers]
    projects = upsert(Project, rows, keys=["code"])
    set_related(projects, "areas", areas_wanted)
    set_related(
        projects,
        "plan_actions",
        {
            key: [
                action
                for ref, action in gov.actions.items()
                if ref.startswith("app:")
                and {a.number for a in areas_wanted[key]} & {int(ref.split()[-1].split(".")[0])}
            ][:3]
            for key in projects
        },
    )
    by_code = {key[0]: project for key, project in projects.items()}
    _load_reports(as_of=as_of, projects=by_code)
    _load_milestones(as_of=as_of, projects=by_code)
    _load_risks(as_of=as_of, projects=by_code, gov=gov, people=people)
    return by_code


def _closed_on(as_of: date) -> date:
    # The two closed projects finished at the end of March 2025 (or, for a demo dated
    # earlier, at the end of the month before the demo's date).
    return min(date(2025, 3, 31), month_add(as_of, 0) - timedelta(days=1))


def _planned_end(rng: random.Random, *, start: date, as_of: date, closed: bool) -> date:
    months = rng.randrange(3, 19)
    if closed:
        return max(start, month_add(_closed_on(as_of), -months))
    return month_add(as_of, months) - timedelta(days=1)


def _load_reports(*, as_of: date, projects: dict[str, Project]) -> None:
    last_complete = month_add(as_of, -1)
    months = months_between(month_add(last_complete, -23), last_complete)
    rows = []
    for code, project in projects.items():
        rng = random.Random(f"sendtrack-{code}-reports")  # noqa: S311 - demonstration data
        rag = rng.choice([RAG.GREEN, RAG.GREEN, RAG.AMBER, RAG.AMBER, RAG.RED])
        for month in months:
            if project.actual_end_date and month > project.actual_end_date:
                break
            if month == last_complete and code in LATE_REPORTERS:
                continue
            rag = _next_rag(rng, rag)
            if project.actual_end_date and month == month_add(project.actual_end_date, 0):
                rag = RAG.BLUE
            rows.append(
                {
                    "project_id": project.pk,
                    "period": month,
                    "rag": rag,
                    "commentary": rng.choice(COMMENTARY[rag]),
                    "achievements": rng.choice(ACHIEVEMENTS),
                    "next_steps": rng.choice(NEXT_STEPS),
                    "decisions_needed": (
                        "Decision needed on resourcing." if rag == RAG.RED else ""
                    ),
                    "submitted_at": _submitted_at(rng, month=month, as_of=as_of),
                    "is_demo": True,
                }
            )
    upsert(StatusReport, rows, keys=["project_id", "period"])


def _submitted_at(rng: random.Random, *, month: date, as_of: date) -> datetime:
    # Reports are due in the first working days of the following month; some come in late.
    day = min(month_add(month, 1) + timedelta(days=rng.choice([1, 2, 3, 4, 6, 8, 13])), as_of)
    return datetime.combine(day, time(9 + rng.randrange(8)), tzinfo=LONDON)


def _next_rag(rng: random.Random, rag: str) -> str:
    # Reports mostly repeat last month's RAG; when they change, they move one step.
    roll = rng.random()
    if roll < 0.8:
        return rag
    ladder = [RAG.RED, RAG.AMBER, RAG.GREEN]
    position = ladder.index(rag) if rag in ladder else 2
    step = 1 if roll < 0.92 else -1
    return ladder[min(max(position + step, 0), 2)]


def _load_milestones(*, as_of: date, projects: dict[str, Project]) -> None:
    rows = []
    for code, project in projects.items():
        rng = random.Random(f"sendtrack-{code}-milestones")  # noqa: S311 - demonstration data
        count = rng.randrange(4, 8)
        span = (project.planned_end_date - project.start_date).days
        for i, title in enumerate(MILESTONES[:count]):
            # Spread over the project's life; the last one closes it at its planned end.
            baseline = project.start_date + timedelta(days=span * (i + 1) // count)
            forecast, completed = baseline, None
            roll = rng.random()
            if roll < 0.35:
                forecast = baseline + timedelta(days=rng.choice([14, 30, 45, 60, 90, 120]))
            # Long-past milestones are done; some of the last half-year's are running late.
            done = rng.random() < 0.75 or forecast < as_of - timedelta(days=180)
            if forecast < as_of - timedelta(days=20) and done:
                completed = forecast - timedelta(days=rng.randrange(0, 10))
            undated = i == count - 2 and rng.random() < 0.25
            rows.append(
                {
                    "project_id": project.pk,
                    "title": title,
                    "baseline_date": None if undated else baseline,
                    "forecast_date": None if undated else forecast,
                    "completed_date": completed,
                    "is_key": i in (0, count - 1) or rng.random() < 0.2,
                    "is_demo": True,
                }
            )
    milestones = upsert(Milestone, rows, keys=["project_id", "title"])
    _record_milestone_history(
        as_of=as_of, projects=projects, milestones=[m for m in milestones.values() if m.pk]
    )


def _record_milestone_history(*, as_of: date, projects, milestones: list[Milestone]) -> None:
    """Give each demo milestone its history: agreed at the project's start with the forecast on
    the baseline, the forecast moved later for those running late (some of them in the last
    few weeks), and marked complete on the day it was done. Milestones that already have
    history are left alone."""
    recorded = set(
        Milestone.history.filter(id__in=[m.pk for m in milestones])
        .values_list("id", flat=True)
        .distinct()
    )
    starts = {project.pk: project.start_date for project in projects.values()}
    entries = []
    for milestone in milestones:
        if milestone.pk in recorded:
            continue
        rng = random.Random(f"sendtrack-{milestone.project_id}-{milestone.title}-history")  # noqa: S311
        agreed = min(starts[milestone.project_id], as_of)
        first = _copy(milestone, forecast_date=milestone.baseline_date, completed_date=None)
        entries.append((first, agreed, "+"))
        moved = milestone.forecast_date != milestone.baseline_date
        if moved:
            latest = min(milestone.completed_date or as_of, as_of)
            day = max(agreed, latest - timedelta(days=rng.choice([3, 9, 12, 25, 40, 75, 120])))
            entries.append((_copy(milestone, completed_date=None), day, "~"))
        if milestone.completed_date:
            entries.append((_copy(milestone), milestone.completed_date, "~"))
    Milestone.history.bulk_create(
        [_historical(Milestone, obj, day, kind) for obj, day, kind in entries], batch_size=500
    )


def _copy(instance, **changes):
    """An unsaved copy of ``instance`` with some fields changed, to record as history."""
    copy = type(instance)(
        **{f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}
    )
    for name, value in changes.items():
        setattr(copy, name, value)
    return copy


def _historical(model, obj, day: date, kind: str):
    """A history row of ``model`` recording ``obj`` as it stood at nine on ``day``."""
    history = model.history.model
    tracked = {f.attname for f in history._meta.concrete_fields}
    return history(
        **{
            f.attname: getattr(obj, f.attname)
            for f in model._meta.concrete_fields
            if f.attname in tracked
        },
        history_date=_at_nine(day),
        history_type=kind,
        history_change_reason="Demonstration history",
    )


def _load_risks(*, as_of: date, projects, gov: Governance, people) -> None:
    rows = []
    owner = people["Hannah Okafor"]
    icb = Organisation.objects.get(name=ICB)
    for code, project in projects.items():
        rng = random.Random(f"sendtrack-{code}-risks")  # noqa: S311 - demonstration data
        for n, (title, mitigation) in enumerate(rng.sample(RISK_TITLES, rng.randrange(2, 5)), 1):
            likelihood, impact = rng.randrange(1, 6), rng.randrange(2, 6)
            raised = project.start_date + timedelta(days=rng.randrange(10, 200))
            closed = rng.random() < 0.25
            rows.append(
                {
                    "reference": f"{code}-R{n}",
                    "kind": Risk.Kind.ISSUE if likelihood == 5 else Risk.Kind.RISK,
                    "level": Risk.Level.PROJECT,
                    "project_id": project.pk,
                    "title": title,
                    "likelihood": likelihood,
                    "impact": impact,
                    "owner_id": project.lead_id,
                    "organisation_id": project.organisation_id,
                    "mitigation": mitigation,
                    "status": Risk.Status.CLOSED if closed else Risk.Status.OPEN,
                    "raised_on": min(raised, as_of),
                    "closed_on": min(raised + timedelta(days=120), as_of) if closed else None,
                    "review_date": as_of + timedelta(days=rng.randrange(-45, 60)),
                    "escalated_to_id": (
                        project.overseeing_body_id if likelihood * impact >= 20 else None
                    ),
                    "is_demo": True,
                }
            )
    for level, risks, body in [
        (Risk.Level.PROGRAMME, PROGRAMME_RISKS, gov.bodies[STRATEGIC_BOARD]),
        (Risk.Level.PARTNERSHIP, PARTNERSHIP_RISKS, gov.bodies["Partnership Delivery Group"]),
    ]:
        for i, (ref, title, likelihood, impact, mitigation) in enumerate(risks):
            rows.append(
                {
                    "reference": ref,
                    "kind": Risk.Kind.RISK,
                    "level": level,
                    "project_id": None,
                    "title": title,
                    "likelihood": likelihood,
                    "impact": impact,
                    "owner_id": owner.pk,
                    # Health's partnership risks are led by the ICB (invented assignment).
                    "organisation_id": (icb.pk if ref in ICB_LED_RISKS else owner.organisation_id),
                    "mitigation": mitigation,
                    "status": Risk.Status.OPEN,
                    "raised_on": date(2023, 1, 16) + timedelta(days=30 * i),
                    "closed_on": None,
                    "review_date": as_of + timedelta(days=14 * (i - 2)),
                    "escalated_to_id": body.pk if likelihood * impact >= 16 else None,
                    "is_demo": True,
                }
            )
    risks = upsert(Risk, rows, keys=["reference"])
    _record_risk_history(as_of=as_of, risks=[risk for risk in risks.values() if risk.pk])


def _record_risk_history(*, as_of: date, risks: list[Risk]) -> None:
    """Give each demo risk the history a register would have: scored when raised, then
    reviewed every two to four months, its score drifting until it reaches today's, each
    review setting the next review date. Monthly reports then show risks moving and reviews
    falling due. Risks that already have history (from an earlier load, or from real edits)
    are left alone."""
    recorded = set(
        Risk.history.filter(id__in=[r.pk for r in risks]).values_list("id", flat=True).distinct()
    )
    entries = []
    for risk in risks:
        if risk.pk in recorded:
            continue
        rng = random.Random(f"sendtrack-{risk.reference}-history")  # noqa: S311 - demonstration
        end = min(risk.closed_on or as_of, as_of)
        reviews = [risk.raised_on]
        while (next_review := reviews[-1] + timedelta(days=rng.randrange(60, 125))) < end:
            reviews.append(next_review)
        likelihood, impact = risk.likelihood, risk.impact
        # Walk back from today's score, so that the last review lands on it.
        scores = [(likelihood, impact)]
        for _ in reviews[1:]:
            likelihood = min(5, max(1, likelihood + rng.choice([-1, 0, 0, 1])))
            impact = min(5, max(1, impact + rng.choice([0, 0, 0, 1, -1])))
            scores.append((likelihood, impact))
        scores.reverse()
        for n, (day, (likelihood, impact)) in enumerate(zip(reviews, scores, strict=True)):
            state = _copy(
                risk,
                likelihood=likelihood,
                impact=impact,
                status=Risk.Status.OPEN,
                closed_on=None,
            )
            if n < len(reviews) - 1:
                state.review_date = reviews[n + 1] + timedelta(days=rng.choice([-7, 0, 14, 30]))
            entries.append((state, day, "+" if n == 0 else "~"))
        if risk.closed_on:
            entries.append((_copy(risk), risk.closed_on, "~"))
    Risk.history.bulk_create(
        [_historical(Risk, obj, day, kind) for obj, day, kind in entries], batch_size=500
    )


def _at_nine(day: date) -> datetime:
    return datetime.combine(day, time(9), tzinfo=LONDON)
