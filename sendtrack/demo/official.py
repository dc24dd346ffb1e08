"""The official statistics set-up: Kent as the council's area with its ten DfE statistical
neighbours, three annual indicators fed by the DfE's SEN2 files, and their mappings. The
figures come from an invented sample file in the DfE's format (``sample/``), imported through
the same service as a real release. None of this is in the papers the demonstration is built
from, so every record is marked as demonstration data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from governance.models import Person
from indicators.models import (
    Benchmark,
    CouncilArea,
    ImportRun,
    Indicator,
    Measurement,
    StatisticalNeighbour,
    StatisticsMapping,
    Target,
)
from indicators.models.official import PeriodType
from indicators.official.services import Upload, official_statistics_import

from .people import LEADS
from .store import upsert

SAMPLE = Path(__file__).parent / "sample"
SAMPLE_RELEASE = "invented sample (demonstration data)"
KENT = ("Kent", "886", "E10000016")
# The DfE's statistical neighbours of Kent.
NEIGHBOURS = [
    ("Essex", "881", "E10000012"),
    ("East Sussex", "845", "E10000011"),
    ("Swindon", "866", "E06000030"),
    ("Worcestershire", "885", "E10000034"),
    ("Lancashire", "888", "E10000017"),
    ("West Northamptonshire", "941", "E06000062"),
    ("Nottinghamshire", "891", "E10000024"),
    ("Warwickshire", "937", "E10000031"),
    ("Suffolk", "935", "E10000029"),
    ("Staffordshire", "860", "E10000028"),
]
# The DfE labels each file's headline rows (no breakdown) with the file's own words, in both
# breakdown columns; the other rows break the same figure down by age, need, sex and so on.
TIMELINESS_HEADLINE = {
    "breakdown_topic": "All EHC plans issued",
    "breakdown": "All EHC plans issued",
}
CASELOAD_HEADLINE = {"breakdown_topic": "All EHC plans", "breakdown": "All EHC plans"}
HEADLINES = {"timeliness_20_week.csv": TIMELINESS_HEADLINE, "caseload.csv": CASELOAD_HEADLINE}
SEN2 = "DfE SEN2: Education, health and care plans"
INDICATORS = [
    {
        "code": "DFE-01",
        "title": "New EHC plans issued within 20 weeks, excluding exceptions (calendar year)",
        "unit": Indicator.Unit.PERCENT,
        "polarity": Indicator.Polarity.HIGHER,
        "definition": "Of new EHC plans issued in the calendar year, the percentage issued "
        "within 20 weeks, excluding exceptions, as the DfE publishes it.",
        "is_public": True,
        "mapping": (
            "20-week timeliness, excluding exceptions",
            "timeliness_20_week.csv",
            "PC_plans_issued_20_weeks_ex",
            "plans_issued_20_weeks_ex",
            "plans_issued_den_ex",
            PeriodType.CALENDAR_YEAR,
        ),
    },
    {
        "code": "DFE-02",
        "title": "EHC plans maintained (January census)",
        "unit": Indicator.Unit.COUNT,
        "polarity": Indicator.Polarity.NEUTRAL,
        "definition": "EHC plans the council maintains in January, as the DfE publishes it.",
        "is_public": False,
        "mapping": (
            "EHC plans maintained",
            "caseload.csv",
            "ehcplans",
            "",
            "",
            PeriodType.JANUARY_CENSUS,
        ),
    },
    {
        "code": "DFE-03",
        "title": "EHC plans of pupils in mainstream settings (January census)",
        "unit": Indicator.Unit.PERCENT,
        "polarity": Indicator.Polarity.HIGHER,
        "definition": "Of EHC plans maintained in January, the percentage of children and "
        "young people in mainstream settings, as the DfE publishes it.",
        "is_public": False,
        "mapping": (
            "Share of EHC plans in mainstream settings",
            "caseload.csv",
            "mainstream_total_pc",
            "",
            "",
            PeriodType.JANUARY_CENSUS,
        ),
    },
]


def load_official_statistics(*, people: dict[str, Person]) -> None:
    """The council's area, its neighbours, the DfE indicators with their mappings and the
    APP's 80% target; then the sample release, imported once."""
    name, old, new = KENT
    council = upsert(
        CouncilArea,
        [{"name": name, "old_la_code": old, "new_la_code": new, "is_demo": True}],
        keys=["new_la_code"],
    )[(new,)]
    upsert(
        StatisticalNeighbour,
        [
            {
                "council_id": council.pk,
                "name": n,
                "old_la_code": o,
                "new_la_code": c,
                "is_demo": True,
            }
            for n, o, c in NEIGHBOURS
        ],
        keys=["council_id", "new_la_code"],
    )
    owner = people[LEADS[0]]
    indicators = upsert(
        Indicator,
        [
            {
                "code": spec["code"],
                "title": spec["title"],
                "unit": spec["unit"],
                "polarity": spec["polarity"],
                "definition": spec["definition"],
                "frequency": Indicator.Frequency.ANNUAL,
                # The period the DfE's file publishes: a calendar year or a January census.
                "period_type": spec["mapping"][-1],
                "level": Indicator.Level.PARTNERSHIP,
                "layer": Indicator.Layer.PERFORMANCE,
                "owner_id": owner.pk,
                "organisation_id": owner.organisation_id,
                "source": SEN2,
                "is_public": spec["is_public"],
                "is_demo": True,
            }
            for spec in INDICATORS
        ],
        keys=["code"],
    )
    mappings = []
    for spec in INDICATORS:
        title, file_name, value, numerator, denominator, period_type = spec["mapping"]
        mappings.append(
            {
                "indicator_id": indicators[(spec["code"],)].pk,
                "name": title,
                "file_name": file_name,
                "row_filters": HEADLINES[file_name],
                "value_column": value,
                "numerator_column": numerator,
                "denominator_column": denominator,
                "period_type": period_type,
                "is_active": True,
                "is_demo": True,
            }
        )
    upsert(StatisticsMapping, mappings, keys=["indicator_id"])
    timeliness = indicators[("DFE-01",)]
    upsert(
        Target,
        [
            {
                "indicator_id": timeliness.pk,
                "applies_from": date(2023, 1, 1),
                "value": Decimal(80),
                "tolerance": Decimal(10),
                "applies_to": None,
                "source": "Accelerated Progress Plan",
                "is_demo": True,
            }
        ],
        keys=["indicator_id", "applies_from"],
    )
    ours = [indicator.pk for indicator in indicators.values()]
    if not Measurement.objects.filter(indicator_id__in=ours).exists():
        official_statistics_import(
            uploads=[Upload(path.name, path.read_bytes()) for path in sorted(SAMPLE.glob("*.csv"))],
            user=None,
            door=ImportRun.Door.COMMAND,
            release=SAMPLE_RELEASE,
        )
        Measurement.objects.filter(indicator_id__in=ours).update(is_demo=True)
        Benchmark.objects.filter(indicator_id__in=ours).update(is_demo=True)
