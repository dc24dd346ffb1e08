"""Reads for money: each Safety Valve project's savings and spend per financial year, as they
stood at the end of a day, with (for projects that report by month) one month's own figures
beside the year's, and the programme's totals against the Safety Valve agreement's target.
Every door (finance page, overview, API report, publications, board packs) reads these
functions, so that no two show different sums.

The rules, as the pages print them, are in ``FINANCE_RULES``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from .history import end_of_day
from .models import Project, SafetyValveTarget, SavingsMonth, SavingsYear
from .models.finance import financial_year_label, financial_year_of

FINANCE_RULES = (
    (
        "Financial year",
        "April to March, named by the year it starts in: 2025/26 runs from 1 April 2025.",
    ),
    (
        "Delivered",
        "The savings a project reported month by month in the year, added up; for a year with "
        "no monthly figures, the year's figure its lead entered.",
    ),
    (
        "Forecast",
        "Delivered so far plus the savings the lead still expects by 31 March: a forecast, "
        "not a saving made.",
    ),
    (
        "Target",
        "The Safety Valve agreement's savings target for the year, as the programme "
        "office entered it.",
    ),
    (
        "This month",
        "For projects that report by month: the savings planned and delivered and the spend "
        "entered for the report month alone, beside the financial year to date. Blank where a "
        "project entered no figure for that month; a month's total adds up only the figures "
        "entered.",
    ),
    ("No figure", "A blank is not a zero: a project without figures for a year shows none."),
)

ZERO = Decimal(0)


def _as_at_rows(model, *, project_ids: Iterable[int], as_at: date | None) -> list[dict]:
    """The rows of ``model`` for the projects, as they are now or (with ``as_at``) as their
    history recorded them at the end of that day; one query either way."""
    fields = [f.attname for f in model._meta.concrete_fields if f.attname != "id"]
    if as_at is None:
        return list(model.objects.filter(project_id__in=project_ids).values("id", *fields))
    latest: dict[int, dict] = {}
    for row in (
        model.history.filter(project_id__in=project_ids, history_date__lt=end_of_day(as_at))
        .order_by("id", "-history_date", "-history_id")
        .values("id", "history_type", *fields)
    ):
        latest.setdefault(row["id"], row)
    return [row for row in latest.values() if row["history_type"] != "-"]


def _add(total: Decimal | None, value: Decimal | None) -> Decimal | None:
    if value is None:
        return total
    return (total or ZERO) + value


def finance_rows(
    *,
    projects: QuerySet[Project] | None = None,
    as_at: date | None = None,
    month: date | None = None,
) -> list[dict[str, Any]]:
    """One row per Safety Valve project and financial year it has figures for: planned,
    delivered (monthly figures added up, else the year's), the forecast for the rest of the
    year, the forecast outturn, budget and spend, read as at the end of ``as_at`` (today's
    figures without it). Months after ``as_at`` are not counted.

    With ``month`` (its first day), the row of the financial year it falls in also carries
    that month's own figures as entered by the end of ``as_at``: ``month_planned``,
    ``month_delivered`` and ``month_spend``, each None where the project entered none (every
    other row, and every row without ``month``, has them None). They come from the months
    already read: three queries, with or without ``month``."""
    qs = Project.objects.all() if projects is None else projects
    project_rows = {
        row["pk"]: row
        for row in qs.filter(safety_valve=True)
        .order_by()
        .values(
            "pk",
            "code",
            "title",
            "savings_public",
            "workstream__number",
            "workstream__name",
        )
    }
    ids = list(project_rows)
    years = _as_at_rows(SavingsYear, project_ids=ids, as_at=as_at)
    months = _as_at_rows(SavingsMonth, project_ids=ids, as_at=as_at)
    monthly: dict[tuple[int, int], dict[str, Any]] = defaultdict(
        lambda: {"delivered": None, "spend": None, "planned": None, "months": 0}
    )
    this_month: dict[tuple[int, int], dict[str, Any]] = {}
    for entry in months:
        if as_at is not None and entry["month"] > as_at:
            continue
        key = (entry["project_id"], financial_year_of(entry["month"]))
        sums = monthly[key]
        sums["delivered"] = _add(sums["delivered"], entry["delivered_savings"])
        sums["spend"] = _add(sums["spend"], entry["spend"])
        sums["planned"] = _add(sums["planned"], entry["planned_savings"])
        sums["months"] += 1
        if entry["month"] == month:
            this_month[key] = entry
    by_key = {(y["project_id"], y["financial_year"]): y for y in years}
    rows = []
    for key in sorted(set(by_key) | set(monthly)):
        project = project_rows[key[0]]
        year = by_key.get(key, {})
        sums = monthly.get(key)
        delivered = sums["delivered"] if sums else year.get("delivered_savings")
        spend = sums["spend"] if sums and sums["spend"] is not None else year.get("spend")
        remaining = year.get("forecast_remaining")
        forecast = None
        if delivered is not None or remaining is not None:
            forecast = (delivered or ZERO) + (remaining or ZERO)
        entry = this_month.get(key, {})
        rows.append(
            {
                "project_code": project["code"],
                "project_title": project["title"],
                "workstream_number": project["workstream__number"],
                "workstream": project["workstream__name"],
                "public": project["savings_public"],
                "financial_year": key[1],
                "financial_year_label": financial_year_label(key[1]),
                "planned": year.get("planned_savings"),
                "delivered": delivered,
                "forecast_remaining": remaining,
                "forecast": forecast,
                "budget": year.get("budget"),
                "spend": spend,
                "monthly": bool(sums),
                "month_planned": entry.get("planned_savings"),
                "month_delivered": entry.get("delivered_savings"),
                "month_spend": entry.get("spend"),
            }
        )
    rows.sort(key=lambda r: (r["financial_year"], r["workstream_number"], r["project_code"]))
    return rows


def safety_valve_targets(*, as_at: date | None = None) -> dict[int, Decimal]:
    """The agreement's savings target per financial year, as entered by the end of ``as_at``."""
    if as_at is None:
        return dict(SafetyValveTarget.objects.values_list("financial_year", "savings_target"))
    latest: dict[int, dict] = {}
    for row in (
        SafetyValveTarget.history.filter(history_date__lt=end_of_day(as_at))
        .order_by("id", "-history_date", "-history_id")
        .values("id", "history_type", "financial_year", "savings_target")
    ):
        latest.setdefault(row["id"], row)
    return {
        row["financial_year"]: row["savings_target"]
        for row in latest.values()
        if row["history_type"] != "-"
    }


MONEY = ("planned", "delivered", "forecast", "budget", "spend")
# One month's own figures (``finance_rows`` with ``month``), totalled like the year's.
MONTH_MONEY = ("month_planned", "month_delivered", "month_spend")


def _totals(rows: list[dict]) -> dict[str, Decimal | None]:
    totals: dict[str, Decimal | None] = dict.fromkeys(MONEY + MONTH_MONEY)
    for row in rows:
        for name in MONEY + MONTH_MONEY:
            totals[name] = _add(totals[name], row[name])
    return totals


def finance_years(rows: list[dict], *, targets: dict[int, Decimal]) -> list[dict[str, Any]]:
    """The programme's totals per financial year against the year's target: what the chart,
    the overview and the published section show. A year with a target but no figures shows
    its target and blanks. The month's totals (``month_*``) add up only the figures entered:
    None where no project entered one."""
    by_year: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_year[row["financial_year"]].append(row)
    result = []
    for year in sorted(set(by_year) | set(targets)):
        totals = _totals(by_year.get(year, []))
        target = targets.get(year)
        result.append(
            {
                "financial_year": year,
                "financial_year_label": financial_year_label(year),
                **totals,
                "target": target,
                "forecast_gap": None
                if target is None or totals["forecast"] is None
                else totals["forecast"] - target,
                "projects": len(by_year.get(year, [])),
            }
        )
    return result


def finance_workstreams(rows: list[dict]) -> list[dict[str, Any]]:
    """Totals per financial year and workstream."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        groups[(row["financial_year"], row["workstream_number"], row["workstream"])].append(row)
    return [
        {
            "financial_year": year,
            "financial_year_label": financial_year_label(year),
            "workstream_number": number,
            "workstream": name,
            **_totals(group),
            "projects": len(group),
        }
        for (year, number, name), group in sorted(groups.items())
    ]
