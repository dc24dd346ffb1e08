"""The finance dashboard: Safety Valve savings planned, delivered and forecast by financial year
and workstream against the agreement's target, as a chart and the table of the same figures;
beside the financial year's figures, the report month's own (the latest complete month, as the
monthly reports default to). Reads through ``projects.finance``, like the overview, the API's
report and publications."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils import timezone

from projects.finance import (
    FINANCE_RULES,
    finance_rows,
    finance_workstreams,
    finance_years,
    safety_valve_targets,
)
from projects.models.finance import financial_year_of
from projects.permissions import projects_visible_to
from projects.selectors import month_add
from sendtrack.kernel.roles import is_partner_officer

from .filters import DashboardFilters
from .views import DASHBOARD_PERMISSION, _context


def _number(value) -> float | None:
    return None if value is None else float(value)


def finance_chart(years: list[dict]) -> dict:
    """The chart's data: one bar group per financial year, and the target as a line."""
    return {
        "kind": "finance",
        "labels": [y["financial_year_label"] for y in years],
        "planned": [_number(y["planned"]) for y in years],
        "delivered": [_number(y["delivered"]) for y in years],
        "forecast": [_number(y["forecast"]) for y in years],
        "target": [_number(y["target"]) for y in years],
    }


@login_required
@permission_required(DASHBOARD_PERMISSION, raise_exception=True)
def finance(request):
    """Savings planned vs delivered vs forecast by financial year and workstream."""
    filters = DashboardFilters(request.GET or None, user=request.user)
    projects = filters.projects(projects_visible_to(user=request.user))
    # The report month: the latest complete one, whose figures the monthly reports carry.
    month = month_add(timezone.localdate(), -1)
    rows = finance_rows(projects=projects, month=month)
    # The agreement's target is the programme's: shown only against the whole programme, to
    # those who see all of it (a partner officer sees their organisation's projects alone).
    whole = not filters.active and not is_partner_officer(request.user)
    targets = safety_valve_targets() if whole else {}
    years = finance_years(rows, targets=targets)
    return render(
        request,
        "dashboards/finance.html",
        _context(
            request,
            filters,
            section="finance",
            years=years,
            workstreams=finance_workstreams(rows),
            rows=rows,
            chart=finance_chart(years),
            rules=FINANCE_RULES,
            targets_shown=whole,
            month=month,
            month_year=financial_year_of(month),
        ),
    )
