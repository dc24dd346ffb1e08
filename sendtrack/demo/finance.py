"""Demonstration money: invented Safety Valve savings for the demo's Safety Valve projects, and
an invented Safety Valve target for each financial year. The seeds name the Safety Valve
agreement ("the projects underway to achieve the Council's Safety Valve commitments for
financial sustainability", report of 22 March 2023, para 1.8) but give no sums, so every sum
here is invented and marked as demonstration data."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from projects.models import Project, SafetyValveTarget, SavingsMonth, SavingsYear
from projects.models.finance import financial_year_of
from projects.selectors import month_add

from .projects import _historical
from .store import upsert

INVENTED = "Invented demonstration figure: the seeds give no Safety Valve sums."
# The programme's invented targets per financial year (first year of each).
TARGETS = {2023: 9_000_000, 2024: 11_500_000, 2025: 13_000_000, 2026: 14_000_000}


def _pounds(value: float) -> Decimal:
    return Decimal(round(value / 1000) * 1000)


def load_finance(*, as_of: date, projects: dict[str, Project]) -> None:
    """Savings for each Safety Valve project per financial year from 2023/24 to the one
    ``as_of`` falls in, month by month in that year; and the year's target. Each record's
    history starts on the day it would have been entered."""
    this_year = financial_year_of(as_of)
    targets = upsert(
        SafetyValveTarget,
        [
            {
                "financial_year": year,
                "savings_target": Decimal(target),
                "note": INVENTED,
                "is_demo": True,
            }
            for year, target in TARGETS.items()
            if year <= this_year
        ],
        keys=["financial_year"],
    )
    entered = {obj: date(key[0], 4, 1) for key, obj in targets.items()}
    year_rows, month_rows = [], []
    for code, project in sorted(projects.items()):
        if not project.safety_valve or not project.savings_target:
            continue
        rng = random.Random(f"sendtrack-savings-{code}")  # noqa: S311 - demonstration data
        share = float(project.savings_target) / 3
        budget = _pounds(share * rng.uniform(0.05, 0.15)) if rng.random() < 0.6 else None
        for year in range(2023, this_year + 1):
            planned = _pounds(share * rng.uniform(0.8, 1.2))
            current = year == this_year
            delivered = None if current else _pounds(float(planned) * rng.uniform(0.6, 1.05))
            year_rows.append(
                {
                    "project_id": project.pk,
                    "financial_year": year,
                    "planned_savings": planned,
                    "delivered_savings": delivered,
                    "forecast_remaining": _pounds(float(planned) * rng.uniform(0.3, 0.6))
                    if current
                    else None,
                    "budget": budget,
                    "spend": None
                    if current or budget is None
                    else _pounds(float(budget) * rng.uniform(0.7, 1.0)),
                    "is_demo": True,
                }
            )
            if not current:
                continue
            month = date(year, 4, 1)
            while month_add(month, 1) <= as_of:
                month_rows.append(
                    {
                        "project_id": project.pk,
                        "month": month,
                        "planned_savings": _pounds(float(planned) / 12),
                        "delivered_savings": _pounds(float(planned) / 12 * rng.uniform(0.4, 1.1)),
                        "spend": None
                        if budget is None
                        else _pounds(float(budget) / 12 * rng.uniform(0.5, 1.2)),
                        "is_demo": True,
                    }
                )
                month = month_add(month, 1)
    years = upsert(SavingsYear, year_rows, keys=["project_id", "financial_year"])
    months = upsert(SavingsMonth, month_rows, keys=["project_id", "month"])
    entered.update({obj: date(key[1], 4, 1) for key, obj in years.items()})
    # A month's savings are entered with its report, early in the month after.
    entered.update({obj: month_add(key[1], 1) for key, obj in months.items()})
    _record_history(entered, as_of=as_of)


def _record_history(entered: dict, *, as_of: date) -> None:
    """Each record's first history row, dated when it was entered (never after ``as_of``), for
    records that have none yet."""
    by_model: dict[type, list] = {}
    for obj, day in entered.items():
        by_model.setdefault(type(obj), []).append((obj, min(day, as_of)))
    for model, entries in by_model.items():
        recorded = set(
            model.history.filter(id__in=[obj.pk for obj, _ in entries]).values_list("id", flat=True)
        )
        model.history.model.objects.bulk_create(
            [_historical(model, obj, day, "+") for obj, day in entries if obj.pk not in recorded],
            batch_size=500,
        )


def load_benefits(*, projects: dict[str, Project]) -> None:
    """An invented benefit for each Safety Valve project with an indicator: the change its
    first indicator should show, from its first figure to its target (or a fifth better)."""
    from indicators.models import Benefit, Indicator, Measurement, Target

    rows = []
    for code, project in sorted(projects.items()):
        if not project.safety_valve:
            continue
        indicator = Indicator.objects.filter(projects=project).order_by("code").first()
        if indicator is None or indicator.polarity == Indicator.Polarity.NEUTRAL:
            continue
        first = (
            Measurement.objects.filter(indicator=indicator, period_type=indicator.period_type)
            .order_by("period")
            .first()
        )
        if first is None:
            continue
        target = Target.objects.filter(indicator=indicator).order_by("-applies_from").first()
        better = (
            Decimal("1.2") if indicator.polarity == Indicator.Polarity.HIGHER else Decimal("0.8")
        )
        goal = target.value if target else (first.value * better).quantize(Decimal("0.1"))
        if goal == first.value:
            continue
        rows.append(
            {
                "project_id": project.pk,
                "indicator_id": indicator.pk,
                "description": f"Invented demonstration benefit of {code}: {indicator.title} "
                "moves from its first figure to its target.",
                "beneficiary": Benefit.Beneficiary.FAMILIES,
                "baseline": first.value,
                "baseline_date": first.period,
                "target": goal,
                "expected_by": date(2026, 3, 31),
                "is_demo": True,
            }
        )
    upsert(Benefit, rows, keys=["project_id", "indicator_id"])
