"""How a figure is written and when two figures may be set against each other.

``figure_text`` is the one place a figure becomes words: thousands separated, to the
indicator's own decimal places, with its unit. ``comparable`` says whether the council's figure
and a comparator's (England, the region, statistical neighbours) measure the same thing at
different sizes of area: a percentage, a rate or an average duration can be set side by side
and a gap worked out; a count or a sum of money grows with the size of the area, so England's
total and the council's are shown without a gap."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

# Units whose figures do not grow with the size of the area.
COMPARABLE_UNITS = frozenset({"percent", "rate", "days", "weeks"})
UNIT_DECIMAL_PLACES = {"percent": 1, "rate": 1, "weeks": 1}


def default_decimal_places(unit: str) -> int:
    """The places a unit's figures are shown with unless the indicator says otherwise."""
    return UNIT_DECIMAL_PLACES.get(unit, 0)


def unit_and_places(measure: Any) -> tuple[str, int]:
    """An indicator, a report row (``unit`` and ``places`` keys) or a bare unit, as the unit
    and the decimal places to show."""
    if isinstance(measure, str):
        return measure, default_decimal_places(measure)
    if isinstance(measure, dict):
        unit = measure.get("unit", "")
        places = measure.get("places")
    else:
        unit = getattr(measure, "unit", "")
        places = getattr(measure, "places", None)
    return unit, default_decimal_places(unit) if places is None else places


def number_text(value: Decimal, places: int) -> str:
    """``value`` to ``places`` decimal places, halves rounded up, thousands separated."""
    exponent = Decimal(1).scaleb(-places)
    return f"{Decimal(value).quantize(exponent, rounding=ROUND_HALF_UP):,.{places}f}"


def figure_text(value: Decimal | None, measure: Any = "") -> str:
    """A figure with its unit: "69.2%", "23,100", "£1,200", "23 days"; a dash without one.
    ``measure`` is the indicator (or its unit, for its usual decimal places)."""
    if value is None:
        return "–"
    unit, places = unit_and_places(measure)
    text = number_text(value, places)
    if unit == "percent":
        return f"{text}%"
    if unit == "currency":
        return f"£{text}" if not text.startswith("-") else f"−£{text[1:]}"
    if unit in ("days", "weeks"):
        return f"{text} {unit}"
    return text


def comparable(unit: str) -> bool:
    """Whether the council's figure and a comparator's can be compared by their difference."""
    return unit in COMPARABLE_UNITS


def gap_value(value: Decimal | None, other: Decimal | None, unit: str) -> Decimal | None:
    """The council's figure minus a comparator's, when both exist and are comparable."""
    if value is None or other is None or not comparable(unit):
        return None
    return value - other


def gap_text(value: Decimal | None, other: Decimal | None, measure: Any = "") -> str:
    """The signed difference in the indicator's places, "+5.5", "−2,500"; blank when there is
    no figure to compare or the two are not comparable."""
    unit, places = unit_and_places(measure)
    difference = gap_value(value, other, unit)
    if difference is None:
        return ""
    text = number_text(abs(difference), places)
    if Decimal(text.replace(",", "")) == 0:
        return text
    return ("+" if difference > 0 else "−") + text


# An indicator's direction of travel in words.
DIRECTIONS = {"improving": "Improving", "worsening": "Worsening", "no_change": "No change"}


def direction_text(value: str | None) -> str:
    """An indicator's direction of travel in words; a dash when it has none."""
    return DIRECTIONS.get(value or "", "–")
