"""The 2019 inspection and its 2022 revisit, the nine areas of weakness with their
self-assessments, and the improvement plans with their actions, carried forward from the Written
Statement of Action through the Improvement Notice to the Accelerated Progress Plan."""

from __future__ import annotations

import random
from datetime import date, timedelta

from governance.models import (
    AreaAssessment,
    AreaOfWeakness,
    ImprovementPlan,
    Inspection,
    Meeting,
    PlanAction,
)
from projects.selectors import month_add

from .sources import MINUTES, REPORT, also, cite
from .store import set_related, upsert

AREAS = [
    (1, "Parents' confidence that the area can and will meet their children's needs", True),
    (
        2,
        "Quality of provision and commitment to inclusion in schools, and schools' willingness to "
        "take children with SEND",
        True,
    ),
    (3, "The limited role of parents and carers in reviewing and designing services", True),
    (4, "Joint commissioning that fails to close known gaps and long-standing weaknesses", True),
    (5, "Poor standards and progress of too many children and young people with SEND", True),
    (
        6,
        "Inconsistent quality of the EHC process: out-of-date assessments, thin health and care "
        "contributions and weak quality checks of plans",
        True,
    ),
    (
        7,
        "Weak governance of SEND arrangements across the EHC system, strategic and operational",
        True,
    ),
    (8, "Reduced timetables and exclusion of children with SEND", False),
    (9, "Waiting times for health assessments and therapies", False),
]
AREA_LEADS = [
    "Helen Marsh",
    "Helen Marsh",
    "Fiona Clarke",
    "Joanna Reid",
    "Helen Marsh",
    "Samir Patel",
    "David Okoro",
    "Helen Marsh",
    "Joanna Reid",
]

R = AreaAssessment.Rating
# Quarterly self-assessments from June 2023: each area's ratings, oldest first.
ASSESSMENT_PATHS = {
    1: [R.NO_PROGRESS, R.NO_PROGRESS, R.SOME_PROGRESS, R.SOME_PROGRESS],
    2: [R.NO_PROGRESS, R.SOME_PROGRESS, R.SOME_PROGRESS, R.SOME_PROGRESS],
    # Areas 2, 3 and 6 still have actions overdue: "good progress" would contradict them.
    3: [R.SOME_PROGRESS, R.SOME_PROGRESS, R.SOME_PROGRESS, R.SOME_PROGRESS],
    4: [R.NO_PROGRESS, R.NO_PROGRESS, R.SOME_PROGRESS, R.SOME_PROGRESS],
    5: [R.NO_PROGRESS, R.NO_PROGRESS, R.NO_PROGRESS, R.SOME_PROGRESS],
    6: [R.NO_PROGRESS, R.SOME_PROGRESS, R.SOME_PROGRESS, R.SOME_PROGRESS],
    # Nothing in the papers or the demo's figures says this weakness has been resolved.
    7: [R.SOME_PROGRESS, R.SOME_PROGRESS, R.SOME_PROGRESS, R.GOOD_PROGRESS],
    8: [R.NO_PROGRESS, R.NO_PROGRESS, R.SOME_PROGRESS, R.SOME_PROGRESS],
    9: [R.NO_PROGRESS, R.NO_PROGRESS, R.NO_PROGRESS, R.SOME_PROGRESS],
}
RATIONALE = {
    R.NO_PROGRESS: "Actions are under way but the indicators and what families tell us have not "
    "yet moved.",
    R.SOME_PROGRESS: "Key actions are complete and the first indicators are moving the right way; "
    "families' experience is not yet consistently better.",
    R.GOOD_PROGRESS: "Most actions are complete and the indicators have improved for several "
    "months, confirmed by audit and by parent carer feedback.",
    R.RESOLVED: "Improvement is sustained and evidenced; the partnership agrees the weakness is "
    "resolved.",
}

# What the papers say of the inspection and the revisit. Their exact dates are not in the
# papers: the records are demonstration data that cite what is real.
INSPECTION_SOURCE = cite(
    REPORT,
    "para 1.1",
    "In 2019, Ofsted and CQC carried out an inspection of Special Education Needs and "
    "Disability (SEND) services in the Kent Local Area, identifying nine areas of significant "
    "weakness.",
)
REVISIT_SOURCE = cite(
    REPORT,
    "para 1.2",
    "The Inspection Revisit was undertaken in September 2022.",
    "was published on 9th November 2022, which highlighted that Kent had failed to make "
    "sufficient progress in any of the nine areas of significant weakness.",
)
# Only the first area's wording is in the papers; the others' titles are working summaries.
AREA_SOURCES = {
    1: also(
        cite(
            MINUTES,
            "minute 7",
            "the 9 areas of significant weakness that were highlighted by the DfE. In "
            "particular, about the first one – the concern of parents that the local area was "
            "not able to meet their children’s needs.",
        ),
        REVISIT_SOURCE,
    )
}

P = ImprovementPlan
A = PlanAction.Status
T = PlanAction.Timescale


def load_inspection(*, as_of: date, people) -> dict[int, AreaOfWeakness]:
    """The inspection, the revisit, the nine areas and their assessments; areas by number."""
    inspections = upsert(
        Inspection,
        [
            {
                "kind": Inspection.Kind.INSPECTION,
                "start_date": date(2019, 1, 28),
                "title": "Joint local area SEND inspection in Kent",
                "local_area": "Kent",
                "end_date": date(2019, 2, 1),
                "letter_published_on": date(2019, 3, 29),
                "outcome": "Nine areas of significant weakness; a Written Statement of Action "
                "was required.",
                "is_demo": True,
                "source_citation": INSPECTION_SOURCE,
            }
        ],
        keys=["kind", "start_date"],
    )
    first = next(iter(inspections.values()))
    upsert(
        Inspection,
        [
            {
                "kind": Inspection.Kind.REVISIT,
                "start_date": date(2022, 9, 27),
                "title": "Revisit of the joint local area SEND inspection in Kent",
                "local_area": "Kent",
                "end_date": date(2022, 9, 29),
                "letter_published_on": date(2022, 11, 9),
                "outcome": "The local area had not made sufficient progress in any of the nine "
                "areas of significant weakness.",
                "revisit_of_id": first.pk,
                "is_demo": True,
                "source_citation": REVISIT_SOURCE,
            }
        ],
        keys=["kind", "start_date"],
    )
    areas = upsert(
        AreaOfWeakness,
        [
            {
                "inspection_id": first.pk,
                "number": number,
                "title": title,
                "wording_confirmed": confirmed,
                "revisit_judgement": AreaOfWeakness.RevisitJudgement.INSUFFICIENT,
                "lead_id": people[AREA_LEADS[number - 1]].pk,
                "is_demo": number not in AREA_SOURCES,
                "source_citation": AREA_SOURCES.get(number, REVISIT_SOURCE),
            }
            for number, title, confirmed in AREAS
        ],
        keys=["inspection_id", "number"],
    )
    by_number = {key[1]: area for key, area in areas.items()}

    rows = []
    for number, path in ASSESSMENT_PATHS.items():
        for i, rating in enumerate(path):
            assessed_on = date(2023, 6, 30) + timedelta(days=182 * i)
            if assessed_on > as_of:
                break
            rows.append(
                {
                    "area_id": by_number[number].pk,
                    "assessed_on": assessed_on,
                    "rating": rating,
                    "rationale": RATIONALE[rating],
                    "assessed_by_id": people["Samir Patel"].pk,
                    "is_demo": True,
                }
            )
    upsert(AreaAssessment, rows, keys=["area_id", "assessed_on"])
    return by_number


# Where the papers describe each plan. The Improvement Notice's dates and outcome and the APP's
# approval date are not in them, so those two plans are demonstration data.
PLAN_SOURCES = {
    "wsoa": cite(
        REPORT,
        "para 1.1",
        "KCC put in place an Improvement Board and Written Statement of Action Improvement Plan "
        "in response to the inspection findings.",
    ),
    "representation": cite(
        REPORT,
        "paras 1.10, 2.5 and 2.6",
        "KCC's response to the Minister for Children, Families and Wellbeing was submitted on "
        "8th February 2023 from the Leader and Chief Executive.",
        "actions we would take in the next 6 weeks, and 3-18 months, accountable owners and "
        "leads for actions and Key Performance Measures/Impact Measures where appropriate.",
        "The representation was approved by the Leader, Cabinet Member and Chief Executive.",
    ),
    "notice": also(
        cite(
            REPORT,
            "paras 1.9 and 1.11",
            "A draft Improvement Notice was shared with KCC and key partners",
            "The outcome is expected shortly",
        ),
        cite(
            MINUTES,
            "minute 11",
            "as this was a concern highlighted in the Improvement Notice.",
        ),
    ),
    "app": cite(
        MINUTES,
        "minute 2",
        "following the submission of the Accelerated Progress Plan (APP) on 29 June 2023, there "
        "were further requests – predominantly from NHS England – to make further amendments to "
        "the APP.",
        "The Government had given an assurance that in the next few days it would provide the "
        "final, approved version of Kent’s APP.",
    ),
}

# key, kind, title, status, submitted, approved, approved by, supersedes, summary, is_demo
PLANS = [
    (
        "wsoa",
        P.Kind.WSOA,
        "Written Statement of Action",
        P.Status.SUPERSEDED,
        None,
        None,
        "",
        None,
        "The local area's response to the 2019 inspection.",
        False,
    ),
    (
        "representation",
        P.Kind.REPRESENTATION,
        "Representation to the Minister for Children, Families and Wellbeing",
        P.Status.CLOSED,
        date(2023, 2, 8),
        None,
        "The Leader, Cabinet Member and Chief Executive",
        None,
        "Accepted the revisit's findings; set out progress since September 2022, actions for the "
        "next 6 weeks and 3 to 18 months, owners, leads and impact measures.",
        False,
    ),
    (
        "notice",
        P.Kind.IMPROVEMENT_NOTICE,
        "Improvement Notice",
        P.Status.CLOSED,
        date(2023, 3, 1),
        None,
        "",
        "wsoa",
        "A draft was shared with the council and its partners in January 2023 and the "
        "Department for Education's decision was awaited in March 2023. The dates and status "
        "shown are illustrative.",
        True,
    ),
    (
        "app",
        P.Kind.APP,
        "Accelerated Progress Plan",
        P.Status.APPROVED,
        date(2023, 6, 29),
        date(2023, 7, 31),
        "DfE and NHS England",
        "notice",
        "Submitted on 29 June 2023 and amended at the request of NHS England; the final "
        "approved version was expected within days of the Sub-Committee's meeting in July "
        "2023. The approval date shown is illustrative.",
        True,
    ),
]

# Short-term actions promised to the Sub-Committee on 22 March 2023 (report, section 6.3) and
# actions from the representation discussed in the minutes of July 2023. The papers say each
# was promised and, for some, that it was done, but not on which day: their completion dates
# are illustrative, so those actions are demonstration data citing what is real.
SHORT_TERM = "para 6.3, actions by the next meeting"
DONE = "minutes 4 and 5"
ACTION_SOURCES = {
    "ST1": (cite(REPORT, SHORT_TERM, "Drafting of the SEND sufficiency strategy"), True),
    "ST2": (
        also(
            cite(REPORT, SHORT_TERM, "Establishment of the Enquiries Hub"),
            cite(REPORT, "para 4.6", "ready to go live by April 2023"),
        ),
        True,
    ),
    "ST3": (cite(REPORT, SHORT_TERM, "Completion of comms materials"), True),
    "ST4": (cite(REPORT, SHORT_TERM, "Establishment of SEND Assurance Delivery Group."), True),
    "R-L1": (
        also(
            cite(
                REPORT,
                "para 1.6",
                "with formal ratification by the County Council expected on 23rd March",
            ),
            cite(
                MINUTES,
                DONE,
                "some of the actions – such as CYPE leadership changes ratified by County "
                "Council, and the new CYPE leadership model - were completed.",
            ),
        ),
        False,
    ),
    "R-L2": (
        also(
            cite(REPORT, "para 1.6", "to go live in April 2023"),
            cite(
                MINUTES,
                DONE,
                "some of the actions – such as CYPE leadership changes ratified by County "
                "Council, and the new CYPE leadership model - were completed.",
            ),
        ),
        True,
    ),
    "R-V1": (
        cite(
            MINUTES,
            "minutes 7 and 8",
            "an action that was planned to be completed in April 2023 – dedicated session on "
            "voice and lived experience at the Kent SEND Strategic Improvement and Assurance "
            "Board",
            "Sarah Hammond confirmed that the dedicated session took place.",
        ),
        True,
    ),
    "R-T1": (
        cite(
            MINUTES,
            "minute 17",
            "Sarah Hammond clarified that this action referred to the restructure of the service "
            "to create these new bespoke teams, and confirmed that that structure was in place.",
        ),
        True,
    ),
}
REPRESENTATION_ACTIONS = [
    (
        "ST1",
        "Draft the SEND sufficiency strategy",
        [2, 4],
        T.NEXT_MEETING,
        None,  # by the Sub-Committee's next meeting: 6 June 2023
        date(2023, 5, 26),
    ),
    (
        "ST2",
        "Establish the SEND Enquiries Hub",
        [1, 3],
        T.NEXT_MEETING,
        None,  # by the Sub-Committee's next meeting: 6 June 2023
        date(2023, 4, 3),
    ),
    (
        "ST3",
        "Complete the communications materials",
        [1, 3],
        T.NEXT_MEETING,
        None,  # by the Sub-Committee's next meeting: 6 June 2023
        date(2023, 5, 19),
    ),
    (
        "ST4",
        "Establish the SEND Assurance Delivery Group",
        [7],
        T.NEXT_MEETING,
        None,  # by the Sub-Committee's next meeting: 6 June 2023
        date(2023, 5, 10),
    ),
    (
        "R-L1",
        "CYPE leadership changes ratified by County Council",
        [7],
        T.SIX_WEEKS,
        None,  # the papers give no due date
        date(2023, 3, 23),
    ),
    (
        "R-L2",
        "New CYPE leadership model in place",
        [7],
        T.SIX_WEEKS,
        date(2023, 4, 30),
        date(2023, 4, 3),
    ),
    (
        "R-V1",
        "Dedicated session on voice and lived experience at the Kent SEND Strategic "
        "Improvement and Assurance Board",
        [1, 3],
        T.SIX_WEEKS,
        date(2023, 4, 30),
        date(2023, 4, 19),
    ),
    (
        "R-T1",
        "Assessment, tribunals, placement finding and case holding teams in place",
        [6],
        T.SIX_WEEKS,
        date(2023, 5, 31),
        # Minute 17 of 19 July 2023: the structure is in place; permanent recruitment to the
        # teams continues to September 2023 (carried into the APP).
        date(2023, 7, 19),
    ),
]

# Invented Accelerated Progress Plan actions, by area.
APP_ACTIONS = [
    (1, "Publish a local offer refresh co-produced with Kent PACT"),
    (1, "Run a quarterly parent carer confidence survey and publish the results"),
    (1, "Answer every Enquiries Hub contact within five working days"),
    (2, "Agree and publish the mainstream inclusion expectations for all schools"),
    (2, "Extend Whole School Approaches to Nurture to 300 schools"),
    (2, "Complete the Inclusive Leadership programme with the second cohort"),
    (3, "Set up the Framework for Lived Experience with paid Lived Experience Leads"),
    (3, "Co-produce the SEND Communications and Engagement Strategy action plans"),
    (4, "Agree a joint commissioning strategy for therapies with the ICB"),
    (4, "Commission additional Specialist Resource Provision places"),
    (5, "Targeted support for schools with the weakest outcomes for pupils with SEND"),
    (5, "Track attainment and progress of pupils with EHC plans each term"),
    (6, "Clear the EHC needs assessment backlog"),
    (6, "Issue 80% of new EHC plans within 20 weeks"),
    (6, "Clear the annual review backlog"),
    (6, "Quality assure health advice to EHC plans with the Designated Clinical Officer"),
    (6, "Recruit the permanent SEND casework establishment"),
    (7, "Refresh terms of reference and membership of all SEND boards and groups"),
    (7, "Publish an assurance report to each Sub-Committee meeting"),
    (7, "Embed the SEND Quality Assurance Framework audit cycle"),
    (8, "Reduce the use of reduced timetables for pupils with SEND"),
    (8, "Reduce suspensions and exclusions of pupils with EHC plans"),
    (9, "Reduce speech and language therapy waits to under 18 weeks"),
    (9, "Agree a neurodevelopmental assessment pathway with health partners"),
    (9, "Publish waiting times for therapies on the local offer"),
]


def load_plans(*, as_of: date, areas, people, promised_at: Meeting):
    """The four plans and their actions; plans by short key, actions by "plan:reference"."""
    plans: dict[str, ImprovementPlan] = {}
    for key, kind, title, status, submitted, approved, by, supersedes, summary, demo in PLANS:
        row = {
            "kind": kind,
            "title": title,
            "version": "1",
            "status": status,
            "submitted_on": submitted,
            "approved_on": approved,
            "approved_by": by,
            "supersedes_id": plans[supersedes].pk if supersedes else None,
            "summary": summary,
            "is_demo": demo,
            "source_citation": PLAN_SOURCES[key],
        }
        plans[key] = next(iter(upsert(ImprovementPlan, [row], keys=["kind", "title"]).values()))

    owner = people["Sarah Hammond"]
    area_ids: dict[str, list[int]] = {}
    actions: dict[str, PlanAction] = {}

    # Written Statement of Action (2019) and Improvement Notice (2023): one action per area,
    # each carried forward to the next plan.
    wsoa_rows, notice_rows = [], []
    for number in range(1, 10):
        area_title = AREAS[number - 1][1]
        wsoa_rows.append(
            _action(
                plans["wsoa"],
                f"WSoA {number}",
                f"Improve: {area_title.lower()}",
                status=A.CARRIED_FORWARD,
                due=date(2021, 3, 31),
                demo=True,
                lead=people[AREA_LEADS[number - 1]],
                owner=owner,
            )
        )
        notice_rows.append(
            _action(
                plans["notice"],
                f"IN {number}",
                f"Rapid improvement: {area_title.lower()}",
                status=A.CARRIED_FORWARD,
                due=date(2023, 9, 30),
                demo=True,
                lead=people[AREA_LEADS[number - 1]],
                owner=owner,
            )
        )
        area_ids[f"wsoa:WSoA {number}"] = [number]
        area_ids[f"notice:IN {number}"] = [number]
    wsoa = upsert(PlanAction, wsoa_rows, keys=["plan_id", "reference"])
    for row in notice_rows:
        number = int(row["reference"].split()[-1])
        row["carried_forward_from_id"] = wsoa[(plans["wsoa"].pk, f"WSoA {number}")].pk
    notice = upsert(PlanAction, notice_rows, keys=["plan_id", "reference"])
    actions.update({f"wsoa:{k[1]}": v for k, v in wsoa.items()})
    actions.update({f"notice:{k[1]}": v for k, v in notice.items()})

    rows = []
    for ref, title, numbers, timescale, due, completed in REPRESENTATION_ACTIONS:
        done = completed is not None and completed <= as_of
        source, invented = ACTION_SOURCES[ref]
        rows.append(
            _action(
                plans["representation"],
                ref,
                title,
                timescale=timescale,
                due=due,
                status=A.COMPLETE if done else A.CARRIED_FORWARD,
                completed=completed if done else None,
                demo=invented,
                owner=owner,
                lead=people["Hannah Okafor"],
            )
        )
        rows[-1]["source_citation"] = source
        if timescale == T.NEXT_MEETING:
            rows[-1]["promised_at_id"] = promised_at.pk
        if ref == "R-T1" and done:
            rows[-1]["evidence_of_completion"] = (
                "Confirmed to the SEND Scrutiny Sub-Committee on 19 July 2023: the new teams' "
                "structure is in place; recruiting their permanent workforce continues and is "
                "due to be complete by September 2023."
            )
        area_ids[f"representation:{ref}"] = numbers
    representation = upsert(PlanAction, rows, keys=["plan_id", "reference"])
    actions.update({f"representation:{k[1]}": v for k, v in representation.items()})

    rng = random.Random("sendtrack-app-actions")  # noqa: S311 - demonstration data
    rows, counters = [], {}
    for number, title in APP_ACTIONS:
        counters[number] = counters.get(number, 0) + 1
        ref = f"APP {number}.{counters[number]}"
        due = month_add(date(2023, 9, 1), rng.randrange(2, 30)) - timedelta(days=1)
        status, completed = _app_status(rng, due=due, as_of=as_of)
        row = _action(
            plans["app"],
            ref,
            title,
            timescale=rng.choice(
                [T.THREE_MONTHS, T.SIX_MONTHS, T.TWELVE_MONTHS, T.EIGHTEEN_MONTHS]
            ),
            due=due,
            status=status,
            completed=completed,
            demo=True,
            owner=owner,
            lead=people[AREA_LEADS[number - 1]],
        )
        row["impact_measure"] = "See the indicators linked to this action."
        if counters[number] == 1:
            row["carried_forward_from_id"] = notice[(plans["notice"].pk, f"IN {number}")].pk
        if title.startswith("Recruit the permanent"):
            row["carried_forward_from_id"] = representation[(plans["representation"].pk, "R-T1")].pk
        rows.append(row)
        area_ids[f"app:{ref}"] = [number]
    app = upsert(PlanAction, rows, keys=["plan_id", "reference"])
    actions.update({f"app:{k[1]}": v for k, v in app.items()})

    set_related(
        actions,
        "areas",
        {key: [areas[n] for n in area_ids.get(key, [])] for key in actions},
    )
    return plans, actions


def _app_status(rng: random.Random, *, due: date, as_of: date):
    if due <= as_of and rng.random() < 0.7:
        return A.COMPLETE, due - timedelta(days=rng.randrange(0, 40))
    if due <= as_of:
        return A.IN_PROGRESS, None  # overdue
    return (A.IN_PROGRESS if rng.random() < 0.7 else A.NOT_STARTED), None


def _action(
    plan, ref, title, *, status, due, demo, owner, lead, timescale="", completed=None
) -> dict:
    return {
        "plan_id": plan.pk,
        "reference": ref,
        "title": title,
        "timescale": timescale,
        "due_date": due,
        "status": status,
        "completed_on": completed,
        "evidence_of_completion": "Reported to the Strategic Board." if completed else "",
        "accountable_owner_id": owner.pk,
        "lead_id": lead.pk,
        "organisation_id": owner.organisation_id,
        "carried_forward_from_id": None,
        "promised_at_id": None,
        "is_demo": demo,
    }
