"""Money: a Safety Valve project's planned and delivered savings and its spend, by financial year
(April to March) and, where reported monthly, by month; and the Safety Valve agreement's
savings target for each year, entered by the programme office. Every sum is in pounds."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from governance.models import Record
from governance.validators import validate_first_of_month, validate_period_started

from ..history import HistoryAsOf
from .programme import Project

FIRST_FINANCIAL_YEAR = 2015
LAST_FINANCIAL_YEAR = 2100


def financial_year_of(day: date) -> int:
    """The financial year ``day`` falls in, named by the year it starts in April."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(year: int | None) -> str:
    """The year as a person says it: "2024/25 financial year"."""
    if year is None:
        return ""
    return f"{year}/{(year + 1) % 100:02d} financial year"


def money_field(verbose_name: str, *, required: bool = False, help_text: str = "") -> models.Field:
    """A sum of pounds and pence, never negative."""
    return models.DecimalField(
        verbose_name,
        max_digits=12,
        decimal_places=2,
        null=not required,
        blank=not required,
        validators=[
            MinValueValidator(Decimal(0), message="Enter a sum of £0 or more, in pounds."),
        ],
        help_text=help_text,
    )


def financial_year_field() -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        "financial year",
        validators=[
            MinValueValidator(
                FIRST_FINANCIAL_YEAR,
                message=f"Give the year the financial year starts in, from {FIRST_FINANCIAL_YEAR}.",
            ),
            MaxValueValidator(
                LAST_FINANCIAL_YEAR,
                message="Give the year the financial year starts in April, e.g. 2024 for 2024/25.",
            ),
        ],
        help_text="The year it starts in April: 2024 for the 2024/25 financial year.",
    )


def _not_negative(*fields: str) -> Q:
    condition = Q()
    for name in fields:
        condition &= Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 0})
    return condition


class SafetyValveTarget(Record):
    """The savings the Safety Valve agreement expects of the programme in a financial year."""

    financial_year = financial_year_field()
    savings_target = money_field("savings target (£)", required=True)
    note = models.TextField(
        blank=True, help_text="Where the figure comes from, e.g. the agreement's schedule."
    )

    history = HistoryAsOf()

    class Meta:
        ordering = ["financial_year"]
        verbose_name = "Safety Valve target"
        constraints = [
            models.UniqueConstraint(
                fields=["financial_year"],
                name="safety_valve_target_one_per_year",
                violation_error_message="This financial year has a target already. Change "
                "that one instead of adding another.",
            ),
            models.CheckConstraint(
                condition=Q(savings_target__gte=0),
                name="safety_valve_target_not_negative",
                violation_error_message="A savings target cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return financial_year_label(self.financial_year)


class SafetyValveFigures(Record):
    """What a Safety Valve project's savings figures share: the project, and the rule that only
    Safety Valve projects carry them."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE)

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.project_id is not None and not self.project.safety_valve:
            raise ValidationError(
                "Only Safety Valve projects record savings: tick “contributes to Safety Valve” "
                "on the project first."
            )


class SavingsYear(SafetyValveFigures):
    """A Safety Valve project's savings and spend for one financial year. Delivered savings and
    spend given here count only for a year without monthly figures (see the finance reads)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="finance_years")
    financial_year = financial_year_field()
    planned_savings = money_field(
        "planned savings (£)", required=True, help_text="The savings planned for the year."
    )
    delivered_savings = money_field(
        "delivered savings (£)",
        help_text="Savings delivered in the year so far. Leave blank if you give them month "
        "by month: the months are added up.",
    )
    forecast_remaining = money_field(
        "forecast for the rest of the year (£)",
        help_text="The further savings you expect by 31 March.",
    )
    budget = money_field("budget (£)", help_text="The project's budget for the year, if any.")
    spend = money_field(
        "spend (£)",
        help_text="Spent against the budget so far. Leave blank if you give it month by month.",
    )

    history = HistoryAsOf()

    class Meta:
        ordering = ["project", "financial_year"]
        verbose_name = "savings for a financial year"
        verbose_name_plural = "savings by financial year"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "financial_year"],
                name="project_finance_one_per_year",
                violation_error_message="This project already has figures for this financial "
                "year. Change those instead of adding more.",
            ),
            models.CheckConstraint(
                condition=_not_negative(
                    "planned_savings", "delivered_savings", "forecast_remaining", "budget", "spend"
                ),
                name="project_finance_year_not_negative",
                violation_error_message="Sums of money cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        if self.project_id is None or self.financial_year is None:
            return "New financial year"
        return f"{self.project.code} — {financial_year_label(self.financial_year)}"

    def clean(self) -> None:
        super().clean()
        if self.spend is not None and self.budget is None:
            raise ValidationError(
                {"spend": "Spend is counted against a budget: enter the year's budget too."}
            )


class SavingsMonth(SafetyValveFigures):
    """A Safety Valve project's savings delivered (and spend) in one month, reported with the
    month's report."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="finance_months")
    month = models.DateField(
        validators=[validate_first_of_month, validate_period_started],
        help_text="The month, as its first day (e.g. 1 October 2026).",
    )
    planned_savings = money_field("planned savings (£)", help_text="Savings planned this month.")
    delivered_savings = money_field(
        "delivered savings (£)", required=True, help_text="Savings delivered this month."
    )
    spend = money_field("spend (£)", help_text="Spent this month, if the project has a budget.")

    history = HistoryAsOf()

    class Meta:
        ordering = ["project", "-month"]
        verbose_name = "savings for a month"
        verbose_name_plural = "savings by month"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "month"],
                name="project_finance_one_per_month",
                violation_error_message="This project already has savings for this month. "
                "Change those instead of adding more.",
            ),
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="project_finance_month_first_of_month",
                violation_error_message="Use the first day of the month.",
            ),
            models.CheckConstraint(
                condition=_not_negative("planned_savings", "delivered_savings", "spend"),
                name="project_finance_month_not_negative",
                violation_error_message="Sums of money cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        if self.project_id is None or self.month is None:
            return "New month"
        return f"{self.project.code} — {self.month:%B %Y}"

    @property
    def financial_year(self) -> int:
        return financial_year_of(self.month)
