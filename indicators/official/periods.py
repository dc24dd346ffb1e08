"""Reading the open data standard's ``time_period`` as the first month of the period a figure
covers, the convention every measurement follows (annual indicators, one figure a year):

- a calendar year, "2023", is January 2023 (the year it covers);
- an academic year, "201819", is September 2018 (the year it covers starts then);
- a January census of an academic year (the EHC plan caseload), "201819", is January 2019,
  the month the count was taken.
"""

from __future__ import annotations

import re
from datetime import date

from ..models.official import PeriodType

CALENDAR_YEAR = re.compile(r"^(\d{4})$")
ACADEMIC_YEAR = re.compile(r"^(\d{4})(\d{2})$")


class PeriodError(ValueError):
    """A ``time_period`` that is not of the expected form."""


def period_start(time_period: str, period_type: str) -> date:
    """The first month of the period ``time_period`` stands for, read as ``period_type``."""
    text = time_period.strip()
    if period_type == PeriodType.CALENDAR_YEAR:
        match = CALENDAR_YEAR.match(text)
        if not match:
            raise PeriodError(f"“{time_period}” is not a calendar year such as 2023.")
        return date(int(match[1]), 1, 1)
    match = ACADEMIC_YEAR.match(text)
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise PeriodError(f"“{time_period}” is not an academic year such as 201819 (2018 to 2019).")
    first = int(match[1])
    if period_type == PeriodType.JANUARY_CENSUS:
        return date(first + 1, 1, 1)
    return date(first, 9, 1)
