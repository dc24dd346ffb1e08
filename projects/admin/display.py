"""How the admin shows derived figures: months, slippage in days, milestone status and when
a risk is next reviewed."""

from __future__ import annotations

from datetime import date

from django.contrib import admin

from ..models import Milestone, Risk
from ..selectors import (
    MilestoneStatus,
)


def format_month(value: date | None) -> str:
    return f"{value:%B %Y}" if value else "–"


def format_days(days: int) -> str:
    if days == 0:
        return "On baseline"
    word = "day" if abs(days) == 1 else "days"
    return f"{days} {word} late" if days > 0 else f"{-days} {word} early"


class MilestoneDisplay:
    """The derived status and slippage of a milestone from ``milestones_with_status``."""

    @admin.display(description="Status", ordering="status")
    def status_label(self, obj: Milestone) -> str:
        status = getattr(obj, "status", None)
        return MilestoneStatus(status).label if status else "–"

    @admin.display(description="Slippage against baseline", ordering="slippage")
    def slippage_label(self, obj: Milestone) -> str:
        slippage = getattr(obj, "slippage", None)
        return format_days(slippage.days) if slippage is not None else "–"


class RiskDisplay:
    """When an open risk is next reviewed, flagged once that date has passed."""

    @admin.display(description="Review", ordering="review_date")
    def review(self, obj: Risk) -> str:
        if obj.review_date is None:
            return "No date"
        suffix = " (overdue)" if getattr(obj, "is_past_review", False) else ""
        return f"{obj.review_date:%-d %b %Y}{suffix}"
