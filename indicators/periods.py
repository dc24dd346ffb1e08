"""What period a figure covers, and how a person says it.

Every figure is keyed on the first day of the first month it covers (1 January 2024 for the
calendar year 2024, 1 September 2023 for the academic year 2023/24) together with its period
type, so that an annual and a monthly figure of the same indicator never collide and a date is
never mistaken for a month. ``period_label`` is the one place a figure's period becomes words;
every page, report, chart, publication, PDF and the API call it.
"""

from __future__ import annotations

from datetime import date

from django.db import models

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


class PeriodType(models.TextChoices):
    """The kind of period a figure covers."""

    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter of a financial year"
    TERM = "term", "School term"
    FINANCIAL_YEAR = "financial_year", "Financial year (April to March)"
    ACADEMIC_YEAR = "academic_year", "Academic year (September to August)"
    CALENDAR_YEAR = "calendar_year", "Calendar year"
    JANUARY_CENSUS = "january_census", "January census"
    SNAPSHOT = "snapshot", "Snapshot on a date"


# The months a period of each type may start in; a snapshot or a month may start in any.
STARTS = {
    PeriodType.QUARTER: {1, 4, 7, 10},
    PeriodType.TERM: {1, 4, 9},
    PeriodType.FINANCIAL_YEAR: {4},
    PeriodType.ACADEMIC_YEAR: {9},
    PeriodType.CALENDAR_YEAR: {1},
    PeriodType.JANUARY_CENSUS: {1},
}
# How many months a figure of each type covers (a census or snapshot answers for its month).
LENGTH_IN_MONTHS = {
    PeriodType.MONTH: 1,
    PeriodType.QUARTER: 3,
    PeriodType.TERM: 4,
    PeriodType.FINANCIAL_YEAR: 12,
    PeriodType.ACADEMIC_YEAR: 12,
    PeriodType.CALENDAR_YEAR: 12,
    PeriodType.JANUARY_CENSUS: 12,
    PeriodType.SNAPSHOT: 1,
}
TERMS = {9: "Autumn", 1: "Spring", 4: "Summer"}


def _span(first_year: int) -> str:
    """2023/24: a year that starts in ``first_year`` and ends in the next."""
    return f"{first_year}/{(first_year + 1) % 100:02d}"


def period_label(period: date | None, period_type: str | None) -> str:
    """The period as a person says it: "November 2026", "Q3 2026/27", "2024 (calendar year)",
    "2023/24 academic year", "January 2025 census"; blank without a period."""
    if period is None:
        return ""
    month = MONTHS[period.month - 1]
    if period_type == PeriodType.QUARTER:
        first_year = period.year if period.month >= 4 else period.year - 1
        quarter = (period.month - 4) % 12 // 3 + 1
        return f"Q{quarter} {_span(first_year)}"
    if period_type == PeriodType.TERM and period.month in TERMS:
        first_year = period.year if period.month >= 9 else period.year - 1
        return f"{TERMS[period.month]} term {_span(first_year)}"
    if period_type == PeriodType.FINANCIAL_YEAR:
        first_year = period.year if period.month >= 4 else period.year - 1
        return f"{_span(first_year)} financial year"
    if period_type == PeriodType.ACADEMIC_YEAR:
        first_year = period.year if period.month >= 9 else period.year - 1
        return f"{_span(first_year)} academic year"
    if period_type == PeriodType.CALENDAR_YEAR:
        return f"{period.year} (calendar year)"
    if period_type == PeriodType.JANUARY_CENSUS:
        return f"{month} {period.year} census"
    if period_type == PeriodType.SNAPSHOT:
        return f"{period.day} {month} {period.year} (snapshot)"
    return f"{month} {period.year}"


def period_short_label(period: date | None, period_type: str | None) -> str:
    """The same, short enough for a chart's axis: "Nov 2026", "Q3 2026/27", "2024",
    "2023/24", "Jan 2025 census"."""
    if period is None:
        return ""
    short = MONTHS[period.month - 1][:3]
    if period_type == PeriodType.CALENDAR_YEAR:
        return str(period.year)
    if period_type == PeriodType.ACADEMIC_YEAR:
        return period_label(period, period_type).removesuffix(" academic year")
    if period_type == PeriodType.FINANCIAL_YEAR:
        return "FY " + period_label(period, period_type).removesuffix(" financial year")
    if period_type in (PeriodType.QUARTER, PeriodType.TERM, PeriodType.SNAPSHOT):
        return period_label(period, period_type).removesuffix(" (snapshot)")
    if period_type == PeriodType.JANUARY_CENSUS:
        return f"{short} {period.year} census"
    return f"{short} {period.year}"


def since_label(period: date | None, period_type: str | None) -> str:
    """What a direction of travel compares with: "since October 2026", "since the 2023
    calendar year", "since the 2022/23 academic year", "since the January 2024 census"."""
    if period is None:
        return ""
    if period_type == PeriodType.CALENDAR_YEAR:
        return f"since the {period.year} calendar year"
    if period_type in (
        PeriodType.ACADEMIC_YEAR,
        PeriodType.FINANCIAL_YEAR,
        PeriodType.JANUARY_CENSUS,
    ):
        return f"since the {period_label(period, period_type)}"
    return f"since {period_label(period, period_type)}"


def period_start_error(period: date | None, period_type: str | None) -> str:
    """Why ``period`` cannot start a period of ``period_type``, in words; blank if it can."""
    if period is None or period_type not in STARTS or period.month in STARTS[period_type]:
        return ""
    starts = " or ".join(MONTHS[m - 1] for m in sorted(STARTS[period_type]))
    kind = PeriodType(period_type).label.split(" (")[0].lower()
    article = "An" if kind[0] in "aeiou" else "A"
    return (
        f"{article} {kind} starts in {starts}: enter the first month of the period it covers "
        f"({period_label(period, PeriodType.MONTH)} does not start one)."
    )


def period_type_for_frequency(frequency: str) -> str:
    """The period type an indicator returned at ``frequency`` reports unless told otherwise."""
    return {
        "monthly": PeriodType.MONTH,
        "quarterly": PeriodType.QUARTER,
        "termly": PeriodType.TERM,
        "annual": PeriodType.CALENDAR_YEAR,
    }.get(frequency, PeriodType.MONTH)
