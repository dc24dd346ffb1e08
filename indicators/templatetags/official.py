"""Showing where an imported figure came from in narrow table cells."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, mark_safe

register = template.Library()


@register.filter
def breakable(text: str) -> str:
    """``text`` allowed to wrap after each underscore, so that a long file name such as
    timeliness_20_week.csv does not widen its column."""
    escaped = str(conditional_escape(text or ""))
    return mark_safe(escaped.replace("_", "_<wbr>"))  # noqa: S308 - escaped above
