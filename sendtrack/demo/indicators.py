"""The programme's indicators: monthly figures from September 2022, targets and England and
statistical-neighbour benchmarks. Figures the papers quote are kept exactly on their dates and
cite the passage (anchors with a source); every other figure, including the points some lines
are drawn through, is invented and marked as demonstration data."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from governance.models import Person
from indicators.models import Benchmark, Indicator, Measurement, Target
from indicators.periods import PeriodType
from projects.models import Project
from projects.selectors import month_add

from .governance import Governance
from .people import LEADS
from .sources import MINUTES, cite
from .store import months_between, set_related, upsert

U = Indicator.Unit
HIGHER, LOWER = Indicator.Polarity.HIGHER, Indicator.Polarity.LOWER
# Caseload and demand are context for the programme, not targets to push up or down.
CONTEXT = Indicator.Polarity.NEUTRAL
L = Indicator.Layer
FIRST_MONTH = date(2022, 9, 1)


@dataclass
class Spec:
    code: str
    title: str
    unit: str
    polarity: str
    start: float  # September 2022
    end: float  # the last complete month
    # Figures on given months: (value, note, the passage it comes from, or "" for a point the
    # invented line is drawn through).
    anchors: dict[date, tuple[float, str, str]] = field(default_factory=dict)
    target: float | None = None
    tolerance: float = 0
    target_from: date = date(2023, 7, 1)
    target_source: str = "Accelerated Progress Plan"
    # The passage that sets the target; without one, the target is invented.
    target_citation: str = ""
    england: float | None = None
    neighbours: float | None = None
    layer: str = L.PERFORMANCE
    areas: tuple[int, ...] = ()
    projects: tuple[str, ...] = ()
    owner: str = "Hannah Okafor"
    public: bool = False
    source: str = "Synergy (SEND case management system)"
    definition: str = ""
    noise: float = 0.03
    first: date = FIRST_MONTH


SPECS = [
    Spec(
        "KPI-01",
        "New EHC plans issued within 20 weeks",
        U.PERCENT,
        HIGHER,
        32,
        68,
        target=80,
        tolerance=10,
        england=50,
        neighbours=47,
        areas=(6,),
        projects=("STA-01", "STA-02", "STA-03"),
        owner=LEADS[0],
        public=True,
        definition="Of new EHC plans issued in the month, the percentage issued within 20 "
        "weeks of the request, excluding exceptions.",
    ),
    Spec(
        "KPI-02",
        "EHC needs assessments awaiting a decision or plan (backlog)",
        U.COUNT,
        LOWER,
        900,
        240,
        anchors={date(2023, 9, 1): (1080, "", ""), date(2024, 1, 1): (397, "", "")},
        target=150,
        tolerance=100,
        target_from=date(2024, 1, 1),
        areas=(6,),
        projects=("STA-01", "STA-03"),
        owner=LEADS[0],
        public=True,
    ),
    Spec(
        "KPI-03",
        "Annual reviews overdue (backlog)",
        U.COUNT,
        LOWER,
        12180,
        4200,
        anchors={date(2022, 9, 1): (12180, "", ""), date(2024, 2, 1): (8310, "", "")},
        target=2000,
        tolerance=1500,
        target_from=date(2024, 4, 1),
        areas=(6,),
        projects=("STA-04",),
        owner=LEADS[0],
        public=True,
    ),
    Spec(
        "KPI-04",
        "Schools engaged with Whole School Approaches to Nurture",
        U.COUNT,
        HIGHER,
        180,
        305,
        anchors={
            date(2023, 6, 1): (
                253,
                "As reported to Members in July 2023.",
                cite(
                    MINUTES,
                    "minute 10b",
                    "as of June 2023, 253 Kent schools had engaged with Nurture UK.",
                ),
            )
        },
        target=300,
        tolerance=30,
        target_from=date(2022, 9, 1),
        target_source="Whole School Approaches to Nurture programme",
        target_citation=cite(
            MINUTES,
            "minute 10",
            "There was a target of a minimum of 300 Kent primary and secondary mainstream school "
            "to engage with the programme Whole School Approaches to Nurture",
        ),
        areas=(2,),
        projects=("INC-02",),
        owner=LEADS[1],
        public=True,
        source="Nurture UK",
        noise=0.005,
    ),
    Spec(
        "KPI-05",
        "Inclusive leader schools (Inclusion Leaders of Education)",
        U.COUNT,
        HIGHER,
        110,
        230,
        anchors={
            date(2023, 6, 1): (
                149,
                "As reported to Members in July 2023.",
                cite(
                    MINUTES,
                    "minute 10b",
                    "149 Kent schools had taken up the Inclusion Leaders of Education "
                    "initiative to become inclusive leader schools.",
                ),
            )
        },
        target=200,
        tolerance=25,
        target_from=date(2023, 9, 1),
        target_source="Inclusive Leadership programme",
        areas=(2,),
        projects=("INC-01",),
        owner=LEADS[1],
        public=True,
        source="Inclusive Leadership programme records",
        noise=0.005,
    ),
    Spec(
        "KPI-06",
        "Vacancies in SEND casework teams",
        U.COUNT,
        LOWER,
        58,
        9,
        anchors={
            # The papers give posts offered, not vacancies: the figure is invented.
            date(2023, 7, 1): (
                30,
                "35 posts offered: 22 start in July, 11 in August and 2 in September 2023.",
                "",
            )
        },
        target=10,
        tolerance=5,
        areas=(6, 7),
        projects=("STA-08",),
        owner="Elise McQueen",
        public=True,
        source="HR establishment report",
    ),
    Spec(
        "KPI-07",
        "Pupils with an EHC plan educated in mainstream schools",
        U.PERCENT,
        HIGHER,
        31,
        38,
        target=40,
        tolerance=3,
        england=41,
        neighbours=39,
        areas=(2,),
        projects=("INC-03",),
        owner=LEADS[2],
        public=True,
        noise=0.01,
        source="SEN2 return and school census",
    ),
    Spec(
        "KPI-08",
        "Parents and carers confident the local area can meet their child's needs",
        U.PERCENT,
        HIGHER,
        22,
        47,
        target=50,
        tolerance=10,
        england=45,
        neighbours=41,
        areas=(1,),
        projects=("ENG-01", "ENG-07"),
        owner=LEADS[3],
        public=True,
        source="Quarterly parent carer survey with Kent PACT",
    ),
    Spec(
        "KPI-09",
        "Enquiries Hub contacts answered within 5 working days",
        U.PERCENT,
        HIGHER,
        55,
        91,
        target=90,
        tolerance=5,
        areas=(1,),
        projects=("SYS-01",),
        owner=LEADS[4],
        first=date(2023, 4, 1),
        source="Enquiries Hub telephony and case records",
    ),
    Spec(
        "KPI-10",
        "Complaints about SEND services received",
        U.COUNT,
        LOWER,
        160,
        95,
        target=80,
        tolerance=20,
        areas=(1,),
        projects=("SYS-06",),
        owner=LEADS[4],
        source="Complaints system",
    ),
    Spec(
        "KPI-11",
        "Stage 1 complaints answered within 20 working days",
        U.PERCENT,
        HIGHER,
        41,
        83,
        target=85,
        tolerance=5,
        england=72,
        neighbours=70,
        areas=(1,),
        owner=LEADS[4],
        source="Complaints system",
    ),
    Spec(
        "KPI-12",
        "EHC plans maintained",
        U.COUNT,
        CONTEXT,
        17500,
        23800,
        layer=L.OPERATIONAL,
        areas=(6,),
        owner=LEADS[0],
        noise=0.004,
        definition="All EHC plans the council maintains at the end of the month.",
    ),
    Spec(
        "KPI-13",
        "Requests for an EHC needs assessment received",
        U.COUNT,
        CONTEXT,
        430,
        520,
        layer=L.OPERATIONAL,
        areas=(6,),
        owner=LEADS[0],
        noise=0.08,
    ),
    Spec(
        "KPI-14",
        "Annual reviews completed within 12 months",
        U.PERCENT,
        HIGHER,
        28,
        71,
        target=85,
        tolerance=10,
        england=59,
        neighbours=57,
        areas=(6,),
        projects=("STA-04",),
        owner=LEADS[0],
    ),
    Spec(
        "KPI-15",
        "Children waiting over 18 weeks for speech and language therapy",
        U.COUNT,
        LOWER,
        1450,
        780,
        target=500,
        tolerance=200,
        areas=(9,),
        projects=("ACC-01",),
        owner="Imran Hussain",
        source="NHS community provider",
        public=True,
    ),
    Spec(
        "KPI-16",
        "Median wait for occupational therapy",
        U.WEEKS,
        LOWER,
        38,
        24,
        target=18,
        tolerance=4,
        england=21,
        neighbours=23,
        areas=(9,),
        projects=("ACC-02",),
        owner="Imran Hussain",
        source="NHS community provider",
    ),
    Spec(
        "KPI-17",
        "Health advice for EHC needs assessments returned within 6 weeks",
        U.PERCENT,
        HIGHER,
        46,
        79,
        target=90,
        tolerance=10,
        england=68,
        neighbours=64,
        areas=(6, 9),
        projects=("ACC-04",),
        owner="Rachel Kim",
        source="Designated Clinical Officer",
    ),
    Spec(
        "KPI-18",
        "Suspensions of pupils with an EHC plan per 100 pupils",
        U.RATE,
        LOWER,
        9.8,
        7.1,
        target=6.5,
        tolerance=1,
        england=8.0,
        neighbours=8.6,
        areas=(8,),
        projects=("INC-08",),
        owner=LEADS[2],
        public=True,
        source="School census",
    ),
    Spec(
        "KPI-19",
        "Pupils with SEND on a reduced timetable",
        U.COUNT,
        LOWER,
        640,
        410,
        target=300,
        tolerance=80,
        areas=(8,),
        projects=("INC-08",),
        owner=LEADS[2],
        source="Reduced timetable notifications",
    ),
    Spec(
        "KPI-20",
        "New EHC plans audited as good or better",
        U.PERCENT,
        HIGHER,
        34,
        72,
        target=75,
        tolerance=10,
        areas=(6,),
        projects=("STA-05",),
        owner="Samir Patel",
        source="SEND Quality Assurance Framework audits",
    ),
    Spec(
        "KPI-21",
        "SEND Tribunal appeals registered",
        U.COUNT,
        LOWER,
        95,
        120,
        layer=L.OPERATIONAL,
        areas=(1, 6),
        owner=LEADS[5],
        noise=0.1,
        source="SEND Tribunal notifications",
    ),
    Spec(
        "KPI-22",
        "Open EHC cases with a record updated in the last 12 months",
        U.PERCENT,
        HIGHER,
        71,
        94,
        target=95,
        tolerance=3,
        layer=L.DATA_QUALITY,
        areas=(7,),
        projects=("SYS-02", "SYS-05"),
        owner=LEADS[4],
        noise=0.01,
    ),
    Spec(
        "KPI-23",
        "EHC plans with a named placement recorded",
        U.PERCENT,
        HIGHER,
        88,
        97,
        target=98,
        tolerance=2,
        layer=L.DATA_QUALITY,
        areas=(6, 7),
        projects=("SYS-02",),
        owner=LEADS[4],
        noise=0.005,
    ),
    Spec(
        "KPI-24",
        "Project reports submitted by the deadline",
        U.PERCENT,
        HIGHER,
        55,
        91,
        target=95,
        tolerance=5,
        layer=L.DATA_QUALITY,
        areas=(7,),
        owner="Hannah Okafor",
        source="sendtrack",
        first=date(2022, 11, 1),
    ),
]
# Indicators whose owner has not yet returned the last complete month's figure.
LATE_RETURNS = {"KPI-10", "KPI-16", "KPI-21"}

# Year 6 to 7 transfers without a placement: an annual September figure.
PHASE_TRANSFER = (
    "KPI-25",
    "Children transferring to secondary school with an EHC plan and no placement in September",
)
PHASE_TRANSFER_SOURCE = cite(
    MINUTES,
    "minute 18",
    "out of about 1,600 children with an EHC plan who were transferring to secondary school and "
    "who were the vast majority, 37 were still without a placement.",
)


def load_indicators(
    *, as_of: date, gov: Governance, people: dict[str, Person], projects: dict[str, Project]
) -> None:
    rows = []
    for spec in SPECS:
        rows.append(_indicator_row(spec, people))
    rows.append(
        {
            "code": PHASE_TRANSFER[0],
            "title": PHASE_TRANSFER[1],
            "definition": "Of children with an EHC plan transferring from Year 6 to Year 7, "
            "those without a named school place at the start of September.",
            "unit": U.COUNT,
            "polarity": LOWER,
            "frequency": Indicator.Frequency.ANNUAL,
            # A September count of each year's transfers: the academic year it starts.
            "period_type": PeriodType.ACADEMIC_YEAR,
            "level": Indicator.Level.PROGRAMME,
            "layer": L.PERFORMANCE,
            "owner_id": people["Alison Farmer"].pk,
            "organisation_id": people["Alison Farmer"].organisation_id,
            "source": "Fair Access phase transfer records",
            "is_public": True,
            "is_demo": False,
            "source_citation": PHASE_TRANSFER_SOURCE,
        }
    )
    indicators = upsert(Indicator, rows, keys=["code"])
    by_code = {key[0]: ind for key, ind in indicators.items()}
    specs = {spec.code: spec for spec in SPECS}
    set_related(
        indicators,
        "areas",
        {(c,): [gov.areas[n] for n in specs[c].areas] for c in specs}
        | {(PHASE_TRANSFER[0],): [gov.areas[2]]},
    )
    set_related(
        indicators,
        "projects",
        {(c,): [projects[p] for p in specs[c].projects] for c in specs}
        | {(PHASE_TRANSFER[0],): [projects["STA-06"]]},
    )

    last_complete = month_add(as_of, -1)
    measurements, targets, benchmarks = [], [], []
    for spec in SPECS:
        indicator = by_code[spec.code]
        measurements += _measurements(spec, indicator, last_complete)
        if spec.target is not None:
            targets.append(
                {
                    "indicator_id": indicator.pk,
                    "applies_from": spec.target_from,
                    "value": _decimal(spec.target),
                    "tolerance": _decimal(spec.tolerance),
                    "applies_to": None,
                    "source": spec.target_source,
                    # Nurture UK's 300 is in the papers; the others are invented.
                    "is_demo": not spec.target_citation,
                    "source_citation": spec.target_citation,
                }
            )
        benchmarks += _benchmarks(spec, indicator, last_complete)

    transfer = by_code[PHASE_TRANSFER[0]]
    measurements.append(
        {
            "indicator_id": transfer.pk,
            "period": date(2023, 9, 1),
            "period_type": PeriodType.ACADEMIC_YEAR,
            "value": Decimal(37),
            "numerator": None,
            "denominator": None,
            "status": Measurement.Status.FINAL,
            "note": "37 of about 1,600 children with an EHC plan transferring to secondary "
            "school, as reported to Members.",
            "is_demo": False,
            "source_citation": PHASE_TRANSFER_SOURCE,
        }
    )
    for year, value in ((2024, 29), (2025, 24), (2026, 21)):
        if date(year, 9, 1) <= last_complete:
            measurements.append(
                {
                    "indicator_id": transfer.pk,
                    "period": date(year, 9, 1),
                    "period_type": PeriodType.ACADEMIC_YEAR,
                    "value": Decimal(value),
                    "numerator": None,
                    "denominator": None,
                    "status": Measurement.Status.FINAL,
                    "note": "",
                    "is_demo": True,
                }
            )
    loading_since = timezone.now()
    upsert(Measurement, measurements, keys=["indicator_id", "period", "period_type"])
    _date_new_figures(as_of=as_of, since=loading_since)
    upsert(Target, targets, keys=["indicator_id", "applies_from"])
    upsert(Benchmark, benchmarks, keys=["indicator_id", "period", "period_type", "comparator"])


def _indicator_row(spec: Spec, people: dict[str, Person]) -> dict:
    return {
        "code": spec.code,
        "title": spec.title,
        "definition": spec.definition,
        "unit": spec.unit,
        "polarity": spec.polarity,
        "frequency": Indicator.Frequency.MONTHLY,
        "period_type": PeriodType.MONTH,
        "level": (
            Indicator.Level.PARTNERSHIP
            if spec.code in {"KPI-15", "KPI-16", "KPI-17"}
            else Indicator.Level.PROGRAMME
        ),
        "layer": spec.layer,
        "owner_id": people[spec.owner].pk,
        # Led by the owner's organisation: health's figures by the ICB.
        "organisation_id": people[spec.owner].organisation_id,
        "source": spec.source,
        "is_public": spec.public,
        # An indicator the papers quote a figure of is real; its definition may be ours.
        "is_demo": not _sources(spec),
        "source_citation": _sources(spec)[0] if _sources(spec) else "",
    }


def _sources(spec: Spec) -> list[str]:
    return [source for _, _, source in spec.anchors.values() if source]


def _measurements(spec: Spec, indicator: Indicator, last_complete: date) -> list[dict]:
    """A figure for every month: a straight line through the anchors, with a little noise."""
    months = months_between(spec.first, last_complete)
    if spec.code in LATE_RETURNS:
        months = months[:-1]
    anchors = {day: value for day, (value, _, _) in spec.anchors.items()}
    points = sorted(({spec.first: spec.start, last_complete: spec.end} | anchors).items())
    rng = random.Random(f"sendtrack-{spec.code}")  # noqa: S311 - demonstration data
    rows = []
    for month in months:
        anchor = spec.anchors.get(month)
        source = anchor[2] if anchor else ""
        if anchor:
            value, note = Decimal(str(anchor[0])), anchor[1]
        else:
            value = _decimal(
                _interpolate(points, month) * (1 + rng.uniform(-1, 1) * spec.noise), unit=spec.unit
            )
            note = ""
        if spec.unit == U.PERCENT:
            value = min(max(value, Decimal(0)), Decimal(100))
        rows.append(
            {
                "indicator_id": indicator.pk,
                "period": month,
                "period_type": PeriodType.MONTH,
                "value": value,
                "numerator": None,
                "denominator": None,
                "status": (
                    Measurement.Status.PROVISIONAL
                    if month == last_complete
                    else Measurement.Status.FINAL
                ),
                "note": note,
                "is_demo": not source,
                "source_citation": source,
            }
        )
    return rows


def _benchmarks(spec: Spec, indicator: Indicator, last_complete: date) -> list[dict]:
    """England and statistical-neighbour figures each month, drifting slowly."""
    rows = []
    for comparator, base in (
        (Benchmark.Comparator.ENGLAND, spec.england),
        (Benchmark.Comparator.STATISTICAL_NEIGHBOURS, spec.neighbours),
    ):
        if base is None:
            continue
        rng = random.Random(f"sendtrack-{spec.code}-{comparator}")  # noqa: S311 - demo data
        for i, month in enumerate(months_between(spec.first, last_complete)):
            drift = 1 + 0.002 * i * (-1 if spec.polarity == LOWER else 1)
            rows.append(
                {
                    "indicator_id": indicator.pk,
                    "period": month,
                    "period_type": PeriodType.MONTH,
                    "comparator": comparator,
                    "value": _decimal(
                        base * drift * (1 + rng.uniform(-0.01, 0.01)), unit=spec.unit
                    ),
                    "source": "Demonstration benchmark",
                    "is_demo": True,
                }
            )
    return rows


def _interpolate(points: list[tuple[date, float]], month: date) -> float:
    for (d0, v0), (d1, v1) in zip(points, points[1:], strict=False):
        if d0 <= month <= d1:
            span = (d1 - d0).days or 1
            return v0 + (v1 - v0) * (month - d0).days / span
    return points[-1][1]


def _decimal(value: float, *, unit: str = U.PERCENT) -> Decimal:
    if unit in (U.COUNT,):
        return Decimal(round(value))
    return Decimal(str(round(value, 1)))


def _date_new_figures(*, as_of: date, since) -> None:
    """Date the figures this load added as if entered when they were due: ten days after their
    period's month ended (or on ``as_of``, if that is sooner), so that "new since" views show
    the last fortnight's returns rather than everything."""
    added = Measurement.objects.filter(is_demo=True, created_at__gte=since)
    for period in added.values_list("period", flat=True).distinct():
        entered = min(month_add(period, 1) + timedelta(days=9), as_of)
        added.filter(period=period).update(
            created_at=datetime.combine(entered, time(10), tzinfo=ZoneInfo("Europe/London"))
        )
