"""Reading one cell: text, whole numbers, figures, dates, months, yes/no and choices, written
as people write them in spreadsheets (dates as Excel dates or as text, stray spaces, "Yes")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sendtrack.kernel.exports import as_written

from .problems import CellError

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y", "%d.%m.%Y")
MONTH_FORMATS = ("%Y-%m", "%B %Y", "%b %Y", "%m/%Y", "%b-%y", "%B-%y", "%b %y")
# Figures are stored with at most ten digits before the decimal point.
LIMIT = Decimal(10) ** 10
THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
YES = {"yes", "y", "true", "1", "x", "✓"}
NO = {"no", "n", "false", "0", ""}
EXAMPLE_DATE = "a date such as 15/10/2026 or 2026-10-15"
EXAMPLE_MONTH = "a month such as October 2026 or 2026-10"


def is_blank(value: Any) -> bool:
    """An empty cell, or one holding nothing but spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    """A cell as text without surrounding spaces; numbers as written (3, not 3.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    value = as_written(str(value))
    return " ".join(value.split()) if "\n" not in value else value.strip()


def whole_number(value: Any) -> int:
    """A whole number: 3, "3", 3.0."""
    if isinstance(value, bool):
        raise CellError("Enter a whole number.")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    candidate = text(value)
    if THOUSANDS.fullmatch(candidate):
        candidate = candidate.replace(",", "")
    if re.fullmatch(r"[+-]?\d{1,9}", candidate):
        return int(candidate)
    raise CellError(f"“{text(value)}” is not a whole number. Enter a number such as 3.")


def figure(value: Any) -> Decimal:
    """A number with up to four decimal places; "1,080", "69.5%" and "£2,000" are read too."""
    if isinstance(value, bool):
        raise CellError("Enter a number.")
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
        # Excel's arithmetic leaves dust such as 69.30000000000001.
        if (
            number.is_finite()
            and abs(number) < LIMIT
            and abs(number - number.quantize(Decimal("0.0001"))) < Decimal("1e-9")
        ):
            number = number.quantize(Decimal("0.0001"))
    else:
        candidate = text(value).replace("£", "").rstrip("%").strip()
        if "," in candidate:
            # Commas only as thousands separators (1,080); "1,5" is refused, not read as 15.
            if not THOUSANDS.fullmatch(candidate):
                raise CellError(
                    f"“{text(value)}” is not a number. Use a full stop for decimals (1.5) "
                    "and commas only between thousands (1,080)."
                )
            candidate = candidate.replace(",", "")
        try:
            number = Decimal(candidate)
        except InvalidOperation:
            number = Decimal("NaN")
    if not number.is_finite() or abs(number) >= LIMIT:
        raise CellError(f"“{text(value)}” is not a number. Enter a figure such as 69.5.")
    if number != number.quantize(Decimal("0.0001")):
        raise CellError(f"“{text(value)}” has more than four decimal places. Round it.")
    return number


def day(value: Any) -> date:
    """A date: an Excel date, or text such as 15/10/2026, 2026-10-15 or 15 October 2026."""
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise CellError("Enter a date without a time of day.")
        return value.date()
    if isinstance(value, date):
        return value
    candidate = text(value)
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(candidate, pattern).date()  # noqa: DTZ007 (a calendar date)
        except ValueError:
            continue
    raise CellError(f"“{candidate}” is not a date. Enter {EXAMPLE_DATE}.")


def month(value: Any) -> date:
    """A month, as its first day: October 2026, 2026-10, or the first of the month as a date.
    Any other day is refused, since a figure covers a whole month."""
    candidate = text(value)
    if not isinstance(value, date):
        for pattern in MONTH_FORMATS:
            try:
                return datetime.strptime(candidate, pattern).date()  # noqa: DTZ007
            except ValueError:
                continue
    try:
        found = day(value)
    except CellError:
        raise CellError(f"“{candidate}” is not a month. Enter {EXAMPLE_MONTH}.") from None
    if found.day != 1:
        raise CellError(
            f"{found:%-d %B %Y} is not the start of a month. Enter the month, "
            f"e.g. {found:%B %Y}, or its first day ({found:%-d/%m/%Y} → 1/{found:%m/%Y})."
        )
    return found


def yes_no(value: Any) -> bool:
    """Yes or no (also Y/N, TRUE/FALSE, 1/0, x); blank is no."""
    if isinstance(value, bool):
        return value
    candidate = text(value).lower()
    if candidate in YES:
        return True
    if candidate in NO:
        return False
    raise CellError(f"“{text(value)}” is neither yes nor no. Enter Yes or No.")


def choice(value: Any, choices: Iterable[tuple[Any, str]]) -> Any:
    """One of a field's choices, by its label (“Delivery”) or its stored value (“delivery”)."""
    candidate = text(value).casefold()
    options = list(choices)
    for stored, label in options:
        if candidate in (str(stored).casefold(), str(label).casefold()):
            return stored
    labels = ", ".join(str(label) for _, label in options)
    raise CellError(f"“{text(value)}” is not one of the choices. Enter one of: {labels}.")
