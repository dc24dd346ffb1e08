"""The boards, groups and committees with their reporting lines, their meetings, and the
members' information requests, from the council's report of 22 March 2023 and the SEND Scrutiny
Sub-Committee's minutes of July 2023."""

from __future__ import annotations

from datetime import date, timedelta

from governance.models import Body, InformationRequest, Meeting, Membership
from projects.selectors import month_add

from .people import KCC
from .sources import MINUTES, REPORT, cite
from .store import upsert

STRATEGIC_BOARD = "SEND Transformation Strategic Board"
ASSURANCE_BOARD = "Kent SEND Strategic Improvement and Assurance Board"
PARTNERSHIP_GROUP = "Partnership Delivery Group"
SUB_COMMITTEE = "SEND Scrutiny Sub-Committee"
OPERATIONAL_GROUPS = [
    "SEND Operational Group: Sufficiency and Inclusion",
    "SEND Operational Group: Specialist Services and Statutory Processes",
    "SEND Operational Group: Systems, Engagement and Communication",
]

B = Body.Kind
C = Body.Cadence

# name, short name, kind, host, reports to, cadence, established, ended, purpose, is_demo
BODIES = [
    (
        "County Council",
        "",
        B.COMMITTEE,
        KCC,
        None,
        C.AS_NEEDED,
        None,
        None,
        "The full council of elected members.",
        False,
    ),
    (
        "Cabinet",
        "",
        B.COMMITTEE,
        KCC,
        "County Council",
        C.MONTHLY,
        None,
        None,
        "The council's executive.",
        False,
    ),
    (
        "Children, Young People and Education Cabinet Committee",
        "CYPE Cabinet Committee",
        B.COMMITTEE,
        KCC,
        "Cabinet",
        C.BIMONTHLY,
        None,
        None,
        "Members' oversight of children's and education services.",
        False,
    ),
    (
        "Governance and Audit Committee",
        "",
        B.COMMITTEE,
        KCC,
        "County Council",
        C.QUARTERLY,
        None,
        None,
        "Members' assurance on governance, risk and audit.",
        False,
    ),
    (
        "Scrutiny Committee",
        "",
        B.COMMITTEE,
        KCC,
        "County Council",
        C.BIMONTHLY,
        None,
        None,
        "Members' scrutiny of the council's decisions and services.",
        False,
    ),
    (
        SUB_COMMITTEE,
        "",
        B.COMMITTEE,
        KCC,
        "Scrutiny Committee",
        C.QUARTERLY,
        date(2022, 12, 7),
        None,
        "Established by the Scrutiny Committee on 7 December 2022 to consider the council's SEND "
        "provision, with oversight of the improvement programme.",
        False,
    ),
    (
        "Personnel Committee",
        "",
        B.COMMITTEE,
        KCC,
        "County Council",
        C.AS_NEEDED,
        None,
        None,
        "Members' decisions on senior staffing and leadership structures.",
        False,
    ),
    (
        "Corporate Management Team",
        "CMT",
        B.TEAM,
        KCC,
        None,
        C.WEEKLY,
        None,
        None,
        "Collective oversight by the council's senior officers; escalation is to the Chief "
        "Executive.",
        False,
    ),
    (
        "Strategic Reset Programme Board",
        "SRP Board",
        B.BOARD,
        KCC,
        "Corporate Management Team",
        C.MONTHLY,
        None,
        None,
        "Direction on prioritisation, resources, measures and benefits across the council's most "
        "critical programmes, SEND Transformation first among them.",
        False,
    ),
    (
        STRATEGIC_BOARD,
        "Strategic Board",
        B.BOARD,
        KCC,
        "Strategic Reset Programme Board",
        C.MONTHLY,
        date(2022, 10, 1),
        None,
        "Set up in October 2022 and chaired by the Corporate Director to drive the SEND "
        "Transformation programme at pace.",
        False,
    ),
    *[
        (
            name,
            f"Operational Group {i}",
            B.GROUP,
            KCC,
            STRATEGIC_BOARD,
            C.FORTNIGHTLY,
            date(2022, 11, 1),
            None,
            "Jointly chaired by service directors and corporate leads; oversees project delivery "
            "every fortnight.",
            True,
        )
        for i, name in enumerate(OPERATIONAL_GROUPS, start=1)
    ],
    (
        ASSURANCE_BOARD,
        "Assurance Board",
        B.BOARD,
        KCC,
        None,
        C.MONTHLY,
        date(2023, 1, 18),
        None,
        "Partnership oversight and assurance of improvement across the local area, focused on the "
        "nine areas of significant weakness.",
        False,
    ),
    (
        "Partnership Delivery Group",
        "",
        B.GROUP,
        KCC,
        ASSURANCE_BOARD,
        C.MONTHLY,
        date(2023, 3, 13),
        None,
        "Tracks detailed progress and impact of partnership improvement activity and gives "
        "assurance to the Assurance Board.",
        False,
    ),
    (
        "SEND Assurance Delivery Group",
        "",
        B.GROUP,
        KCC,
        ASSURANCE_BOARD,
        C.MONTHLY,
        None,
        None,
        "Its establishment was a short-term action promised to the Sub-Committee in March 2023.",
        False,
    ),
    (
        "SEND Improvement Board",
        "Former Improvement Board",
        B.BOARD,
        KCC,
        None,
        C.MONTHLY,
        None,
        date(2022, 10, 1),
        "Oversaw the Written Statement of Action from 2019; abolished in October 2022 as not fit "
        "for purpose.",
        False,
    ),
]

# Where the papers name each body that is not demonstration data. Their reporting lines and
# cadences are illustrative (see README, "Demo data").
COMMITTEES = cite(
    REPORT,
    "para 3.4",
    "including County Council, Cabinet, CYPE Cabinet Committee, Governance and Audit "
    "Committee, Scrutiny Committee and the SEND Scrutiny Sub-Committee",
)
BODY_SOURCES = {
    "County Council": COMMITTEES,
    "Cabinet": COMMITTEES,
    "Children, Young People and Education Cabinet Committee": COMMITTEES,
    "Governance and Audit Committee": COMMITTEES,
    "Scrutiny Committee": COMMITTEES,
    SUB_COMMITTEE: cite(
        REPORT,
        "summary",
        "The Scrutiny Committee, at its meeting on 7 December 2022, resolved to establish the "
        "SEND Scrutiny Sub-Committee to consider KCC's SEND provision.",
    ),
    "Personnel Committee": cite(
        REPORT, "para 1.6", "A new leadership model was endorsed by Personnel Committee"
    ),
    "Corporate Management Team": cite(
        REPORT,
        "para 3.3",
        "with the Corporate Management Team providing collective oversight, with the escalation "
        "route directly to the Chief Executive",
    ),
    "Strategic Reset Programme Board": cite(
        REPORT,
        "para 5.2",
        "The Strategic Reset Programme Board is also providing direction on prioritisation, "
        "resources, meaningful measures and benefits realisation.",
    ),
    STRATEGIC_BOARD: cite(
        REPORT,
        "para 3.1",
        "In October 2022, KCC updated new internal governance arrangements, including "
        "establishing a new SEND Transformation Strategic Board, chaired by the Corporate "
        "Director.",
    ),
    ASSURANCE_BOARD: cite(
        REPORT,
        "para 3.5",
        "a new Kent SEND Strategic Improvement and Assurance Board. An initial meeting was held "
        "with partners on 18th January",
    ),
    "Partnership Delivery Group": cite(
        REPORT,
        "para 3.8",
        "a more detailed Partnership Delivery Group, which is being established in March. "
        "Initial discussions on role, purpose and approach have taken place on 13th March",
    ),
    "SEND Assurance Delivery Group": cite(
        REPORT, "para 6.3", "Establishment of SEND Assurance Delivery Group."
    ),
    "SEND Improvement Board": cite(
        REPORT,
        "paras 1.1 and 3.1",
        "KCC put in place an Improvement Board",
        "The former Improvement Board was abolished as it was recognised this was not fit for "
        "purpose",
        "In October 2022",
    ),
}
# Memberships the papers record.
MEMBERSHIP_SOURCES = {
    (STRATEGIC_BOARD, "Sarah Hammond"): BODY_SOURCES[STRATEGIC_BOARD],
    (ASSURANCE_BOARD, "Rory Love"): cite(
        REPORT, "para 3.5", "attended by Cllr Rory Love, Cllr Sue Chandler"
    ),
    (ASSURANCE_BOARD, "Sue Chandler"): cite(
        REPORT, "para 3.5", "attended by Cllr Rory Love, Cllr Sue Chandler"
    ),
    (SUB_COMMITTEE, "Rory Love"): cite(MINUTES, "minute 1", "Mr Love introduced the report."),
    (SUB_COMMITTEE, "Sarah Hammond"): cite(MINUTES, "minute 2", "Sarah Hammond explained that"),
}

INFERRED_DATE = "Date inferred from the minutes' content; to be confirmed."

# body, date, title, note
REAL_MEETINGS = [
    (
        "Scrutiny Committee",
        date(2022, 12, 7),
        "",
        "Resolved to establish the SEND Scrutiny Sub-Committee.",
    ),
    ("Personnel Committee", date(2023, 1, 24), "", "Endorsed the new SEND leadership model."),
    (
        "County Council",
        date(2023, 3, 23),
        "",
        "Formal ratification of the new leadership model was expected at this meeting.",
    ),
    (ASSURANCE_BOARD, date(2023, 1, 18), "Initial meeting with partners", ""),
    (ASSURANCE_BOARD, date(2023, 2, 22), "", ""),
    (
        ASSURANCE_BOARD,
        date(2023, 3, 15),
        "",
        "The Partnership Delivery Group gave its first update.",
    ),
    (
        "Partnership Delivery Group",
        date(2023, 3, 13),
        "Initial discussion of role, purpose and approach",
        "",
    ),
    (SUB_COMMITTEE, date(2023, 3, 22), "SEND Transformation Progress Update", ""),
    (SUB_COMMITTEE, date(2023, 6, 6), "", ""),
    (
        SUB_COMMITTEE,
        date(2023, 7, 19),
        "Improvement Notice and Accelerated Progress Plan (APP) Update",
        INFERRED_DATE,
    ),
]

# Where the papers record each meeting.
MEETING_SOURCES = {
    ("Scrutiny Committee", date(2022, 12, 7)): BODY_SOURCES[SUB_COMMITTEE],
    ("Personnel Committee", date(2023, 1, 24)): cite(
        REPORT, "para 1.6", "endorsed by Personnel Committee on 24th January"
    ),
    ("County Council", date(2023, 3, 23)): cite(
        REPORT, "para 1.6", "formal ratification by the County Council expected on 23rd March"
    ),
    (ASSURANCE_BOARD, date(2023, 1, 18)): cite(
        REPORT, "para 3.5", "An initial meeting was held with partners on 18th January"
    ),
    (ASSURANCE_BOARD, date(2023, 2, 22)): cite(
        REPORT,
        "para 3.5",
        "full board meetings now underway including 22nd February and 15th March",
    ),
    (ASSURANCE_BOARD, date(2023, 3, 15)): cite(
        REPORT,
        "paras 3.5 and 3.8",
        "full board meetings now underway including 22nd February and 15th March",
        "provided an update on progress on 15th March",
    ),
    ("Partnership Delivery Group", date(2023, 3, 13)): cite(
        REPORT,
        "para 3.8",
        "Initial discussions on role, purpose and approach have taken place on 13th March",
    ),
    (SUB_COMMITTEE, date(2023, 3, 22)): cite(
        REPORT,
        "heading",
        "To: Scrutiny SEND Sub-Committee - 22 March 2023",
        "Subject: SEND Transformation Progress Update",
    ),
    (SUB_COMMITTEE, date(2023, 6, 6)): cite(
        MINUTES,
        "minute 3",
        "the information that the Sub-Committee requested at its meeting on 6 June 2023",
    ),
    # The minutes give no date; the one used is inferred from their content (see the note).
    (SUB_COMMITTEE, date(2023, 7, 19)): cite(
        MINUTES,
        "heading and minute 2",
        "Improvement Notice and Accelerated Progress Plan (APP) Update",
        "following the submission of the Accelerated Progress Plan (APP) on 29 June 2023",
    ),
}

REQUESTS_MEETING = (SUB_COMMITTEE, date(2023, 7, 19))
# reference, request, requested of, recurring, status, response, provided on
REQUESTS = [
    (
        "21a",
        "Provide the Sub-Committee with the approved version of the Accelerated Progress "
        "Plan (APP) as soon as this is available.",
        "Sarah Hammond",
        False,
        InformationRequest.Status.PROVIDED,
        "The approved APP was circulated to Members. (Demonstration response.)",
        date(2023, 8, 4),
    ),
    (
        "21b",
        "The most recent Written Statement of Actions, Measures and Indicators of KCC’s SEND "
        "service provision.",
        "Sarah Hammond",
        False,
        InformationRequest.Status.PROVIDED,
        "The key indicators developed for the Assurance Board were shared with Members. "
        "(Demonstration response.)",
        date(2023, 9, 12),
    ),
    (
        "21c",
        "Detailed information about the previous and current KCC workforce involved in the "
        "provision of SEND services.",
        "Elise McQueen",
        False,
        InformationRequest.Status.OPEN,
        "",
        None,
    ),
    (
        "21d",
        "SEND services recruitment, retention and sufficiency capacity. At each meeting of the "
        "Sub-Committee, provide a snapshot of the number of KCC staff, and staff vacancies, "
        "who are involved in the provision of SEND services.",
        "Elise McQueen",
        True,
        InformationRequest.Status.PROVIDED,
        "A snapshot of staff in post and vacancies is included in each progress report. "
        "(Demonstration response.)",
        date(2023, 10, 10),
    ),
]


def load_boards(*, as_of: date, orgs, people) -> dict[str, Body]:
    """Bodies with their memberships, meetings and the members' requests; bodies by name."""
    bodies = _load_bodies(orgs=orgs, people=people)
    _load_meetings(as_of=as_of, bodies=bodies, people=people)
    return bodies


def _load_bodies(*, orgs, people) -> dict[str, Body]:
    bodies: dict[str, Body] = {}
    # Parents first, so that each body's reporting line can point at a saved record.
    for name, short, kind, host, parent, cadence, started, ended, purpose, is_demo in BODIES:
        row = {
            "name": name,
            "short_name": short,
            "kind": kind,
            "organisation_id": orgs[host].pk,
            "reports_to_id": bodies[parent].pk if parent else None,
            "cadence": cadence,
            "established_on": started,
            "ended_on": ended,
            "purpose": purpose,
            "is_demo": is_demo,
            "source_citation": BODY_SOURCES.get(name, ""),
        }
        bodies.update({k[0]: v for k, v in upsert(Body, [row], keys=["name"]).items()})

    M = Membership.Role
    memberships = [
        (STRATEGIC_BOARD, "Sarah Hammond", M.CHAIR, False),
        (ASSURANCE_BOARD, "Rory Love", M.MEMBER, False),
        (ASSURANCE_BOARD, "Sue Chandler", M.MEMBER, False),
        # The papers do not say whether she sits on the partnership board.
        (ASSURANCE_BOARD, "Sarah Hammond", M.MEMBER, True),
        (SUB_COMMITTEE, "Rory Love", M.ATTENDEE, False),
        (SUB_COMMITTEE, "Sarah Hammond", M.OFFICER, False),
        # The demo's scrutiny login sits on the Sub-Committee as this invented member.
        (SUB_COMMITTEE, "Alex Morgan", M.MEMBER, True),
        (STRATEGIC_BOARD, "Hannah Okafor", M.SECRETARIAT, True),
        # "Jointly chaired by the service Directors and corporate leads" (report, 3.2).
        (OPERATIONAL_GROUPS[0], "Helen Marsh", M.CO_CHAIR, True),
        (OPERATIONAL_GROUPS[0], "Marcus Bell", M.CO_CHAIR, True),
        (OPERATIONAL_GROUPS[1], "David Okoro", M.CO_CHAIR, True),
        (OPERATIONAL_GROUPS[1], "Joanna Reid", M.CO_CHAIR, True),
        (OPERATIONAL_GROUPS[2], "Samir Patel", M.CO_CHAIR, True),
        (OPERATIONAL_GROUPS[2], "Fiona Clarke", M.CO_CHAIR, True),
        # The partners' representatives on the partnership's delivery group (invented: the
        # papers say the partners are represented, not by whom).
        (PARTNERSHIP_GROUP, "Imran Hussain", M.MEMBER, True),
        (PARTNERSHIP_GROUP, "Sophie Turner", M.MEMBER, True),
        (PARTNERSHIP_GROUP, "Mark Ellis", M.MEMBER, True),
    ]
    upsert(
        Membership,
        [
            {
                "body_id": bodies[b].pk,
                "person_id": people[p].pk,
                "role": role,
                "is_demo": is_demo,
                "source_citation": "" if is_demo else MEMBERSHIP_SOURCES[(b, p)],
            }
            for b, p, role, is_demo in memberships
        ],
        # One role per person per body in the demo, so a reload corrects a role in place.
        keys=["body_id", "person_id"],
    )
    return bodies


def _load_meetings(*, as_of, bodies, people) -> None:
    held, scheduled = Meeting.Status.HELD, Meeting.Status.SCHEDULED
    rows = [
        {
            "body_id": bodies[body].pk,
            "date": day,
            "title": title,
            "note": note,
            "status": held if day <= as_of else scheduled,
            "is_demo": False,
            "source_citation": MEETING_SOURCES[(body, day)],
        }
        for body, day, title, note in REAL_MEETINGS
    ]
    real_dates = {(body, day) for body, day, *_ in REAL_MEETINGS}
    # Invented later meetings: the Sub-Committee quarterly, the boards monthly, the groups
    # fortnightly over the last year, each with a few months still to come.
    plans = [
        (SUB_COMMITTEE, date(2023, 10, 10), 3, date(2023, 10, 1)),
        (STRATEGIC_BOARD, date(2022, 11, 9), 1, date(2022, 11, 1)),
        (ASSURANCE_BOARD, date(2023, 4, 19), 1, date(2023, 4, 1)),
        ("Partnership Delivery Group", date(2023, 4, 12), 1, date(2023, 4, 1)),
    ]
    for body, first, step, _ in plans:
        month = 0
        while True:
            day = _same_weekday_in_month(first, month_add(first, month))
            if day > as_of + timedelta(days=120):
                break
            if (body, day) not in real_dates:
                rows.append(_demo_meeting(bodies[body], day, as_of))
            month += step
    for name in OPERATIONAL_GROUPS:
        day = as_of - timedelta(days=365)
        day -= timedelta(days=day.weekday() - 1 if day.weekday() >= 1 else -1)  # a Tuesday
        while day <= as_of + timedelta(days=60):
            rows.append(_demo_meeting(bodies[name], day, as_of))
            day += timedelta(days=14)
    meetings = upsert(Meeting, rows, keys=["body_id", "date"])

    meeting = meetings[(bodies[REQUESTS_MEETING[0]].pk, REQUESTS_MEETING[1])]
    upsert(
        InformationRequest,
        [
            {
                "meeting_id": meeting.pk,
                "reference": ref,
                "request": text,
                "requested_of_id": people[of].pk,
                "recurring": recurring,
                "status": status,
                "response": response,
                "provided_on": provided_on,
                "due_date": None,
                "is_demo": False,
                "source_citation": cite(MINUTES, f"minute 21{ref[-1]}", text),
            }
            for ref, text, of, recurring, status, response, provided_on in REQUESTS
        ],
        keys=["meeting_id", "reference"],
    )


def _demo_meeting(body: Body, day: date, as_of: date) -> dict:
    return {
        "body_id": body.pk,
        "date": day,
        "title": "",
        "note": "",
        "status": Meeting.Status.HELD if day <= as_of else Meeting.Status.SCHEDULED,
        "is_demo": True,
    }


def _same_weekday_in_month(pattern: date, month: date) -> date:
    """The day in ``month`` that falls in the same week of the month, on the same weekday, as
    ``pattern`` (e.g. the second Wednesday)."""
    week = (pattern.day - 1) // 7
    offset = (pattern.weekday() - month.weekday()) % 7
    return month + timedelta(days=offset + 7 * week)
