"""Assurance in the demonstration: each area's finding summarised, the indicators that measure
each Accelerated Progress Plan action, the members' requests that bear on an area, and a few
pieces of evidence for area 6 (the EHC process) so that its page tells a story: backlogs
cleared and checked, timeliness improving but short of its target, a completed restructure
whose impact nobody has yet measured. The evidence files are small CSV and PNG files written
at load time; the evidence itself is invented and marked as demonstration data."""

from __future__ import annotations

import struct
import zlib
from datetime import date, timedelta

from django.core.files.base import ContentFile

from governance.models import (
    AreaOfWeakness,
    EvidenceItem,
    ImprovementPlan,
    InformationRequest,
    Person,
    PlanAction,
)
from indicators.models import Indicator, Measurement
from projects.selectors import month_add

from .store import set_related, upsert

# Summaries of the inspection's findings, in our own words.
FINDINGS = {
    1: "Many parents and carers lack confidence that the local area can and will meet their "
    "children's needs; they describe having to fight for support.",
    2: "The quality of provision and the commitment to inclusion vary widely between schools, "
    "and some schools are unwilling to admit children with SEND.",
    3: "Parents and carers play too small a part in reviewing and designing the services their "
    "children use.",
    4: "Joint commissioning has not closed gaps in provision that leaders have known about for "
    "a long time.",
    5: "Too many children and young people with SEND make poor progress and reach low standards.",
    6: "The quality of the EHC process is inconsistent: assessments are out of date, health and "
    "social care contribute too little to plans, and the quality of plans is not checked well "
    "enough.",
    7: "Governance of SEND across education, health and care is weak, both strategically and "
    "in day-to-day operation.",
    8: "Too many children with SEND are on reduced timetables or excluded from school "
    "(working summary; wording to be confirmed).",
    9: "Children wait too long for health assessments and therapies (working summary; wording "
    "to be confirmed).",
}
# Area 6's actions and the indicators that show whether each is making a difference.
AREA_6_MEASURES = {
    "APP 6.1": ["KPI-02"],
    "APP 6.2": ["KPI-01"],
    "APP 6.3": ["KPI-03", "KPI-14"],
    "APP 6.4": ["KPI-17", "KPI-20"],
}
# Actions that promise an indicator reaches a level, and that level: in the demonstration such
# an action is complete only once the indicator's figures show the level reached, so that no
# action is complete that the demo's own figures show did not happen.
OUTCOMES = {
    "Answer every Enquiries Hub contact within five working days": ("KPI-09", 100),
    "Extend Whole School Approaches to Nurture to 300 schools": ("KPI-04", 300),
    "Clear the EHC needs assessment backlog": ("KPI-02", 150),
    "Issue 80% of new EHC plans within 20 weeks": ("KPI-01", 80),
    "Clear the annual review backlog": ("KPI-03", 2000),
    "Recruit the permanent SEND casework establishment": ("KPI-06", 10),
    "Reduce speech and language therapy waits to under 18 weeks": ("KPI-15", 0),
}
# The members' requests of July 2023 and the areas they bear on.
REQUEST_AREAS = {"21a": range(1, 10), "21b": range(1, 10), "21c": [6, 7], "21d": [6]}


def _png(width: int, height: int, bars: list[int]) -> bytes:
    """A tiny bar chart as a PNG (blue bars on white), written without an imaging library."""
    rows = []
    for y in range(height):
        row = bytearray([0])  # no filter
        for x in range(width):
            bar = bars[x * len(bars) // width]
            blue = height - y <= bar and x % (width // len(bars)) > 1
            row += bytes((29, 112, 184)) if blue else bytes((255, 255, 255))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


EVIDENCE = [
    # (action or None for the area, title, kind, dated, summary, reviewer, reviewed, file)
    (
        "APP 6.1",
        "EHC needs assessment backlog recovery: monthly position",
        EvidenceItem.Kind.DATA,
        date(2024, 2, 5),
        "The backlog of assessments awaiting a decision or plan, month by month, from 1,080 in "
        "September 2023 to 397 in January 2024.",
        "Samir Patel",
        date(2024, 2, 20),
        (
            "assessment-backlog.csv",
            b"month,backlog\r\n2023-09,1080\r\n2023-10,930\r\n2023-11,760\r\n"
            b"2023-12,540\r\n2024-01,397\r\n",
        ),
    ),
    (
        "APP 6.2",
        "Audit of new EHC plans against the 20-week timescale",
        EvidenceItem.Kind.AUDIT,
        date(2025, 1, 15),
        "A sample of plans issued in the autumn term, checked for the date of request, "
        "exceptions and date of issue.",
        "Samir Patel",
        date(2025, 1, 31),
        (
            "twenty-week-audit.csv",
            b"plan,requested,issued,weeks,within_20_weeks\r\nA1,2024-06-03,2024-10-14,19,yes\r\n"
            b"A2,2024-06-10,2024-11-25,24,no\r\nA3,2024-07-01,2024-11-11,19,yes\r\n",
        ),
    ),
    (
        "APP 6.3",
        "Annual review backlog trajectory",
        EvidenceItem.Kind.DATA,
        date(2025, 2, 3),
        "Chart of overdue annual reviews by quarter: 12,180 at the revisit to 8,310 in early 2024 "
        "and falling. Not yet reviewed.",
        None,
        None,
        ("annual-review-trajectory.png", None),
    ),
    (
        "APP 6.4",
        "Designated Clinical Officer's audit of health advice",
        EvidenceItem.Kind.AUDIT,
        date(2026, 1, 20),
        "Quality of health advice to new EHC plans against the agreed standard. Awaiting review "
        "by the SEND Quality Assurance Framework panel.",
        None,
        None,
        None,
    ),
    (
        None,
        "What parents told us about the EHC process",
        EvidenceItem.Kind.FEEDBACK,
        date(2025, 11, 10),
        "Themes from the parent carer forum's survey of families who went through an EHC needs "
        "assessment in 2025.",
        "Helen Marsh",
        date(2025, 12, 1),
        None,
    ),
]
EVIDENCE_LINK = "https://www.kent.gov.uk/education-and-children/special-educational-needs"
# Areas whose completed actions have a reviewed completion report (invented), so that the
# matrix shows areas at different stages rather than all alike.
REPORTED_AREAS = (2, 7)


def load_assurance(*, as_of: date) -> None:
    """Findings, measures, request areas and area 6's evidence, as they stood on ``as_of``."""
    areas = {a.number: a for a in AreaOfWeakness.objects.filter(inspection__kind="inspection")}
    for number, finding in FINDINGS.items():
        if number in areas and areas[number].finding != finding:
            areas[number].finding = finding
            areas[number].save(update_fields=["finding", "updated_at"])

    app = {
        a.reference: a
        for a in PlanAction.objects.filter(plan__kind=ImprovementPlan.Kind.APP).prefetch_related(
            "areas"
        )
    }
    indicators = Indicator.objects.exclude(polarity=Indicator.Polarity.NEUTRAL).prefetch_related(
        "areas"
    )
    by_code = {i.code: i for i in indicators}
    by_area: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        for area in indicator.areas.all():
            by_area.setdefault(area.number, []).append(indicator)
    wanted = {}
    for reference, action in app.items():
        if reference in AREA_6_MEASURES:
            wanted[reference] = [by_code[c] for c in AREA_6_MEASURES[reference] if c in by_code]
        elif not reference.startswith("APP 6."):
            wanted[reference] = [i for a in action.areas.all() for i in by_area.get(a.number, [])]
    set_related(app, "indicators", wanted)

    requests = {
        r.reference: r for r in InformationRequest.objects.filter(reference__in=REQUEST_AREAS)
    }
    set_related(
        requests,
        "areas",
        {ref: [areas[n] for n in numbers if n in areas] for ref, numbers in REQUEST_AREAS.items()},
    )
    _complete_only_when_reached(actions=app)
    _load_evidence(as_of=as_of, area=areas.get(6), actions=app)
    _load_completion_reports(as_of=as_of, actions=app)


def _complete_only_when_reached(*, actions: dict[str, PlanAction]) -> None:
    """Reopen each complete action of ``OUTCOMES`` whose indicator never reached its level,
    and date the completion of one that reached it later to the end of the month it did."""
    codes = {code for code, _ in OUTCOMES.values()}
    figures: dict[str, list[Measurement]] = {}
    for figure in (
        Measurement.objects.filter(indicator__code__in=codes)
        .select_related("indicator")
        .order_by("period")
    ):
        figures.setdefault(figure.indicator.code, []).append(figure)
    for action in actions.values():
        if action.title not in OUTCOMES or action.status != PlanAction.Status.COMPLETE:
            continue
        code, level = OUTCOMES[action.title]
        reached = next((m.period for m in figures.get(code, []) if _meets(m, level)), None)
        if reached is None:
            action.status, action.completed_on = PlanAction.Status.IN_PROGRESS, None
            action.evidence_of_completion = ""
        elif reached > action.completed_on:
            action.completed_on = month_add(reached, 1) - timedelta(days=1)
        else:
            continue
        # A correction of what the plan step loaded, not a change anyone made: no history.
        PlanAction.objects.filter(pk=action.pk).update(
            status=action.status,
            completed_on=action.completed_on,
            evidence_of_completion=action.evidence_of_completion,
        )


def _meets(figure: Measurement, level: float) -> bool:
    if figure.indicator.polarity == Indicator.Polarity.LOWER:
        return figure.value <= level
    return figure.value >= level


def _load_completion_reports(*, as_of: date, actions: dict) -> None:
    reviewer = Person.objects.filter(name="David Okoro").first()
    rows = []
    for reference, action in sorted(actions.items()):
        number = int(reference.split()[1].split(".")[0])
        if number not in REPORTED_AREAS or action.status != PlanAction.Status.COMPLETE:
            continue
        reviewed = action.completed_on + timedelta(days=28)
        if reviewed > as_of or reviewer is None:
            continue
        rows.append(
            {
                "title": f"Completion and impact report: {reference}",
                "area_id": None,
                "plan_action_id": action.pk,
                "kind": EvidenceItem.Kind.DOCUMENT,
                "dated": action.completed_on,
                "summary": "What was done, and what the indicators and families showed since.",
                "link": EVIDENCE_LINK,
                "reviewed_by_id": reviewer.pk,
                "reviewed_on": reviewed,
                "is_demo": True,
            }
        )
    upsert(EvidenceItem, rows, keys=["title"])


def _load_evidence(*, as_of: date, area: AreaOfWeakness | None, actions: dict) -> None:
    if area is None:
        return
    people = {p.name: p for p in Person.objects.filter(name__in={e[5] for e in EVIDENCE if e[5]})}
    rows, files = [], {}
    for reference, title, kind, dated, summary, reviewer, reviewed, upload in EVIDENCE:
        if dated > as_of or (reference and reference not in actions):
            continue
        done = reviewed is not None and reviewed <= as_of
        rows.append(
            {
                "title": title,
                "area_id": None if reference else area.pk,
                "plan_action_id": actions[reference].pk if reference else None,
                "kind": kind,
                "dated": dated,
                "summary": summary,
                "link": "" if upload else EVIDENCE_LINK,
                "reviewed_by_id": people[reviewer].pk if done else None,
                "reviewed_on": reviewed if done else None,
                "is_demo": True,
            }
        )
        if upload:
            name, content = upload
            files[title] = (name, content or _png(120, 48, [44, 38, 30, 24, 18]))
    # An item with a file is created with it: every item holds a link or a file.
    existing = set(
        EvidenceItem.objects.filter(title__in=files, file__gt="").values_list("title", flat=True)
    )
    for row in rows:
        title = row["title"]
        if title in files and title not in existing:
            name, content = files[title]
            item = EvidenceItem.objects.filter(title=title).first() or EvidenceItem(**row)
            item.original_name = name
            item.file.save(name, ContentFile(content), save=False)
            item.save()
    upsert(EvidenceItem, rows, keys=["title"])
