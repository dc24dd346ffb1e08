"""The council, its neighbours and mappings the official statistics tests import into."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.models import CouncilArea, Indicator, StatisticalNeighbour, StatisticsMapping
from indicators.models.official import PeriodType
from indicators.official.services import Upload
from sendtrack.demo.official import CASELOAD_HEADLINE, KENT, NEIGHBOURS, TIMELINESS_HEADLINE
from tests import factories as f

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8-sig")


def upload(name: str, text: str | None = None) -> Upload:
    """A fixture file as uploaded, or ``text`` under the fixture's name."""
    if text is None:
        return Upload(name, (FIXTURES / name).read_bytes())
    return Upload(name, text.encode("utf-8"))


def kent() -> CouncilArea:
    council = CouncilArea.objects.create(name=KENT[0], old_la_code=KENT[1], new_la_code=KENT[2])
    StatisticalNeighbour.objects.bulk_create(
        StatisticalNeighbour(council=council, name=n, old_la_code=o, new_la_code=c)
        for n, o, c in NEIGHBOURS
    )
    return council


def timeliness_mapping(**indicator) -> StatisticsMapping:
    ind = f.IndicatorFactory(
        code="DFE-01", frequency=Indicator.Frequency.ANNUAL, unit="percent", **indicator
    )
    return StatisticsMapping.objects.create(
        name="20-week timeliness, excluding exceptions",
        file_name="timeliness_20_week.csv",
        row_filters=TIMELINESS_HEADLINE,
        value_column="PC_plans_issued_20_weeks_ex",
        numerator_column="plans_issued_20_weeks_ex",
        denominator_column="plans_issued_den_ex",
        indicator=ind,
        period_type=PeriodType.CALENDAR_YEAR,
    )


def caseload_mappings() -> list[StatisticsMapping]:
    plans = f.IndicatorFactory(
        code="DFE-02",
        frequency=Indicator.Frequency.ANNUAL,
        unit="count",
        polarity=Indicator.Polarity.NEUTRAL,
    )
    mainstream = f.IndicatorFactory(
        code="DFE-03", frequency=Indicator.Frequency.ANNUAL, unit="percent"
    )
    return [
        StatisticsMapping.objects.create(
            name=name,
            file_name="caseload.csv",
            row_filters=CASELOAD_HEADLINE,
            value_column=column,
            indicator=indicator,
            period_type=PeriodType.JANUARY_CENSUS,
        )
        for name, column, indicator in (
            ("EHC plans maintained", "ehcplans", plans),
            ("Share in mainstream", "mainstream_total_pc", mainstream),
        )
    ]


def csv_file(text: str | None = None) -> SimpleUploadedFile:
    """The 20-week timeliness fixture (or ``text``) as an uploaded file."""
    text = fixture_text("timeliness_20_week.csv") if text is None else text
    return SimpleUploadedFile("timeliness_20_week.csv", text.encode(), content_type="text/csv")


def cut_short(name: str) -> str:
    """The fixture with its last row cut before its last value, as a download that stopped
    part way leaves it."""
    text = fixture_text(name).rstrip("\n")
    return text[: text.rindex(",")]


def with_filters_of_the_old_layout(mapping: StatisticsMapping) -> StatisticsMapping:
    """``mapping`` reading rows labelled "Total", as the DfE's files before 2023 did."""
    mapping.row_filters = {"breakdown_topic": "Total", "breakdown": "Total"}
    mapping.save()
    return mapping
