from datetime import date

import pytest

from indicators.models.official import PeriodType
from indicators.official.files import number
from indicators.official.periods import PeriodError, period_start


@pytest.mark.parametrize(
    ("text", "period_type", "expected"),
    [
        ("2023", PeriodType.CALENDAR_YEAR, date(2023, 1, 1)),
        (" 2019 ", PeriodType.CALENDAR_YEAR, date(2019, 1, 1)),
        ("201819", PeriodType.ACADEMIC_YEAR, date(2018, 9, 1)),
        ("201819", PeriodType.JANUARY_CENSUS, date(2019, 1, 1)),
        ("199900", PeriodType.JANUARY_CENSUS, date(2000, 1, 1)),
    ],
)
def test_time_period_is_the_first_month_the_figure_covers(text, period_type, expected):
    assert period_start(text, period_type) == expected


@pytest.mark.parametrize(
    ("text", "period_type"),
    [
        ("201819", PeriodType.CALENDAR_YEAR),
        ("2023", PeriodType.ACADEMIC_YEAR),
        ("201820", PeriodType.JANUARY_CENSUS),
        ("2018/19", PeriodType.ACADEMIC_YEAR),
        ("", PeriodType.CALENDAR_YEAR),
    ],
)
def test_a_malformed_time_period_is_refused(text, period_type):
    with pytest.raises(PeriodError):
        period_start(text, period_type)


@pytest.mark.parametrize("symbol", ["x", "c", "z", "low", "u", ":", "X", " c ", ""])
def test_suppression_symbols_are_no_number_never_zero(symbol):
    assert number(symbol) is None


@pytest.mark.parametrize(("text", "value"), [("40.0", "40.0"), ("1,204", "1204"), ("0", "0")])
def test_published_numbers_are_read_exactly(text, value):
    assert str(number(text)) == value


@pytest.mark.parametrize("text", ["n/a", "12%", "nan"])
def test_anything_else_is_an_error(text):
    with pytest.raises(ValueError, match="is n(ot|either) a number"):
        number(text)
