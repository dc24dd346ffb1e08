"""Demo “You said, we did” entries: what families might tell Kent PACT (Kent Parents and Carers
Together, the parent carer forum the seeds name) and the young people's SEND forum, and what was
done. Every entry is invented and marked as demonstration data; loading again changes nothing."""

from __future__ import annotations

from datetime import date

from governance.models import AreaOfWeakness, Person, PlanAction
from projects.models import Project
from sendtrack.coproduction.models import CoproductionEntry

from .store import upsert

S = CoproductionEntry.Source
ST = CoproductionEntry.Status

# area, source, heard from, date said, you said, we did, summary, status, reason, told on,
# published, plan actions (titles), projects (titles)
ENTRIES = [
    (
        1,
        S.FORUM_MEETING,
        "Kent PACT forum meeting",
        date(2025, 9, 17),
        "Parents said they contact the SEND Enquiries Hub and wait weeks to hear back, and "
        "do not know who is dealing with their child's case.",
        "We set a standard of answering every Enquiries Hub contact within five working days "
        "and report it to the board each month. The first letter to a family now names their "
        "caseworker.",
        "We now answer every contact within five working days. We tell you who your caseworker is.",
        ST.DONE,
        "",
        date(2025, 11, 20),
        True,
        ["Answer every Enquiries Hub contact within five working days"],
        ["Co-production with Kent PACT"],
    ),
    (
        3,
        S.FORUM_MEETING,
        "Young people's SEND forum",
        date(2025, 10, 8),
        "Young people said meetings about their plans are held about them, not with them, "
        "and the papers are written for adults.",
        "Lived Experience Leads are working with the forum on a one-page profile that the "
        "young person writes first. Invitations to annual reviews will go to the young person "
        "as well as to their parents.",
        "You will write the first page of your own plan. You will get your own invitation to "
        "your review.",
        ST.IN_PROGRESS,
        "",
        date(2025, 12, 3),
        True,
        ["Set up the Framework for Lived Experience with paid Lived Experience Leads"],
        ["Young people's SEND forum"],
    ),
    (
        6,
        S.SURVEY,
        "Quarterly parent carer survey with Kent PACT",
        date(2025, 7, 1),
        "Parents told us the health advice in their child's EHC plan was out of date or "
        "copied from old reports.",
        "The Designated Clinical Officer now checks the health advice in every new plan "
        "before it is issued, and sends it back when it is more than a year old.",
        "A health specialist now checks the health advice in every new plan.",
        ST.IN_PROGRESS,
        "",
        date(2025, 9, 10),
        True,
        ["Quality assure health advice to EHC plans with the Designated Clinical Officer"],
        [],
    ),
    (
        1,
        S.COMPLAINT_THEME,
        "Complaints to the council",
        date(2025, 5, 12),
        "Several complaints said families asked for all their child's reports to be sent by "
        "email only, and were told this was not possible.",
        "",
        "",
        ST.NOT_TAKEN_FORWARD,
        "Some reports come from partners who can only send them by post. We now say this in "
        "the first letter, and send everything we write ourselves by email if you ask.",
        date(2025, 7, 1),
        True,
        [],
        [],
    ),
    (
        3,
        S.EVENT,
        "Kent PACT coffee morning",
        date(2025, 11, 5),
        "Parents asked for everything about the local offer in one place, in plain English.",
        "",
        "",
        ST.HEARD,
        "",
        None,
        False,
        ["Publish a local offer refresh co-produced with Kent PACT"],
        ["Local offer refresh"],
    ),
]


def load_coproduction() -> None:
    """The demo entries, with the plan actions and projects that answer them."""
    areas = {a.number: a for a in AreaOfWeakness.objects.order_by("inspection__start_date")}
    recorder = Person.objects.filter(user__username="pmo").first()
    rows = []
    for row in ENTRIES:
        area, source, heard_from, said_on, said, we_did, summary, status, reason = row[:9]
        told_on, published = row[9:11]
        rows.append(
            {
                "area_id": areas[area].pk,
                "source": source,
                "heard_from": heard_from,
                "said_on": said_on,
                "said": said,
                "we_did": we_did,
                "we_did_summary": summary,
                "status": status,
                "not_taken_forward_reason": reason,
                "families_told_on": told_on,
                "is_published": published,
                "recorded_by_id": recorder.pk if recorder else None,
                # Invented: marked as demonstration data, with no paper to cite.
                "is_demo": True,
            }
        )
    entries = upsert(CoproductionEntry, rows, keys=["heard_from", "said_on"])
    for entry_row in ENTRIES:
        entry = entries[(entry_row[2], entry_row[3])]
        entry.plan_actions.set(PlanAction.objects.filter(title__in=entry_row[11]))
        entry.projects.set(Project.objects.filter(title__in=entry_row[12]))
