"""The officers' door to money: a lead enters their Safety Valve project's savings and spend by
financial year and by month on the project's page (``SavingsYearInline``,
``SavingsMonthInline``); the programme office enters the Safety Valve target for each year."""

from __future__ import annotations

from django.contrib import admin

from sendtrack.kernel.admin import (
    AccessibleTabularInline,
    ModelAdmin,
    OnePerPeriodFormSet,
)

from ..models import SafetyValveTarget, SavingsMonth, SavingsYear
from ..models.finance import financial_year_label
from .inlines import ProjectRecordInline


class SavingsYearFormSet(OnePerPeriodFormSet):
    period_field = "financial_year"
    duplicate_message = "Two rows are for the same financial year. Keep one of them."

    def period_words(self, form) -> str:
        return financial_year_label(form.cleaned_data.get(self.period_field))


class SavingsMonthFormSet(OnePerPeriodFormSet):
    period_field = "month"
    duplicate_message = "Two rows are for the same month. Keep one of them."


class SavingsYearInline(ProjectRecordInline, AccessibleTabularInline):
    model = SavingsYear
    formset = SavingsYearFormSet
    extra = 1
    fields = (
        "financial_year",
        "planned_savings",
        "delivered_savings",
        "forecast_remaining",
        "budget",
        "spend",
    )
    verbose_name = "savings for a financial year"
    verbose_name_plural = "Savings and spend by financial year (April to March)"


class SavingsMonthInline(ProjectRecordInline, AccessibleTabularInline):
    model = SavingsMonth
    formset = SavingsMonthFormSet
    extra = 1
    fields = ("month", "planned_savings", "delivered_savings", "spend")
    verbose_name = "savings for a month"
    verbose_name_plural = "Savings and spend by month, reported with the monthly report"


@admin.register(SafetyValveTarget)
class SafetyValveTargetAdmin(ModelAdmin):
    """The agreement's savings target for each financial year: the programme office's data."""

    list_display = ("year", "savings_target", "note")
    fields = ("financial_year", "savings_target", "note", "is_demo", "source_citation")

    @admin.display(description="Financial year", ordering="financial_year")
    def year(self, obj: SafetyValveTarget) -> str:
        return financial_year_label(obj.financial_year)
