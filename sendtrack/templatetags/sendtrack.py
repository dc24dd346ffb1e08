"""Showing the programme's figures as people read them."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.html import format_html

from governance.models import AreaAssessment
from indicators.models import Indicator, plain
from projects.selectors import MilestoneStatus

register = template.Library()

MILESTONE_STATUS = dict(MilestoneStatus.choices)
RATINGS = dict(AreaAssessment.Rating.choices)
DIRECTIONS = {"improving": "Improving", "worsening": "Worsening", "no_change": "No change"}


@register.filter
def figure(value: Decimal | None, unit: str = "") -> str:
    """A figure with its unit: 69.1%, £1,200, 23 days; a dash when there is none."""
    if value is None:
        return "–"
    text = plain(value)
    if unit == Indicator.Unit.PERCENT:
        return f"{text}%"
    if unit == Indicator.Unit.CURRENCY:
        return f"£{value:,.0f}"
    if unit in (Indicator.Unit.DAYS, Indicator.Unit.WEEKS):
        return f"{text} {unit}"
    if abs(value) >= 1000 and value == value.to_integral_value():
        return f"{value:,.0f}"
    return text


@register.filter
def gap(value: Decimal | None, other: Decimal | None) -> str:
    """The signed difference between two figures: +5.5, −2.5."""
    if value is None or other is None:
        return "–"
    difference = value - other
    sign = "+" if difference > 0 else "−" if difference < 0 else ""
    return f"{sign}{plain(abs(difference))}"


@register.filter
def milestone_status(status: str) -> str:
    return MILESTONE_STATUS.get(status, status)


@register.filter
def direction(value: str | None) -> str:
    return DIRECTIONS.get(value or "", "–")


@register.filter
def rating(value: str | None) -> str:
    """An area's self-assessment rating in words."""
    return RATINGS.get(value or "", "Not assessed")


RAG_TAGS = {
    "red": ("red", "Red"),
    "amber": ("orange", "Amber"),
    "green": ("green", "Green"),
    "blue": ("blue", "Complete"),
}


@register.simple_tag
def rag(value: str | None, none_text: str = "No report") -> str:
    """A RAG rating as a GOV.UK tag: its colour and, always, its name in words."""
    colour, text = RAG_TAGS.get(value or "", ("grey", none_text))
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)
