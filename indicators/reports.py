"""The monthly KPI report: for every indicator, the figure for the month (or, for quarterly,
termly and annual indicators, the latest period that covers it), its target and RAG, its
direction of travel, the same period a year before, the England, region and
statistical-neighbour benchmarks with the gap to each, the council's rank and quartile among
all local authorities, and where each imported figure came from (file, release, row). One
query, whatever the number of indicators."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Case, DateField, OuterRef, QuerySet, Subquery, Value, When

from projects.reports import Month, Report
from projects.selectors import month_add

from .models import Indicator, Measurement
from .selectors import benchmark_comparisons, indicators_with_latest, measurement_source

# How many months a figure covers: it answers for the month if its period began this many
# months before, or fewer.
PERIOD_MONTHS = {
    Indicator.Frequency.MONTHLY: 1,
    Indicator.Frequency.QUARTERLY: 3,
    Indicator.Frequency.TERMLY: 4,
    Indicator.Frequency.ANNUAL: 12,
}


def _window_start(month: date) -> Case:
    """The earliest period start whose figure still covers ``month``, per frequency."""
    return Case(
        *[
            When(frequency=frequency, then=Value(month_add(month, 1 - months)))
            for frequency, months in PERIOD_MONTHS.items()
        ],
        default=Value(month),
        output_field=DateField(),
    )


def _figure(month: date, window: str) -> QuerySet[Measurement]:
    return Measurement.objects.filter(
        indicator=OuterRef("pk"), period__lte=month, period__gte=OuterRef(window)
    ).order_by("-period")


def kpi_report(*, month: Month, indicators: QuerySet[Indicator], covering: bool = True) -> Report:
    """Every indicator in ``indicators`` with its figure for the month (``covering``: the
    latest period that covers the month; otherwise the latest on or before it, whatever its
    age) and what it is compared with. The figure, RAG, direction and rank come from
    ``indicators_with_latest``, as on every page; an indicator without a figure is unranked.
    Gaps are the figure minus the comparator, in the indicator's unit."""
    start, last_year = month.start, month_add(month.start, -12)
    figure_last_year = _figure(last_year, "window_start_last_year")
    this_figure = Measurement.objects.filter(
        indicator=OuterRef("pk"), period=OuterRef("latest_period")
    )
    qs = (
        indicators_with_latest(
            queryset=indicators,
            as_at=start,
            since=_window_start(start) if covering else None,
            ranked=True,
        )
        .annotate(window_start_last_year=_window_start(last_year))
        .annotate(
            value_source=measurement_source(this_figure),
            last_year_value=Subquery(figure_last_year.values("value")[:1]),
            last_year_period=Subquery(figure_last_year.values("period")[:1]),
            **benchmark_comparisons(
                until=start, names=("england", "region", "statistical_neighbours")
            ),
        )
        .order_by("code", "pk")
    )
    rows = [_kpi_row(indicator) for indicator in qs]
    return Report(
        rows=rows,
        summary={
            "indicators": len(rows),
            "with_figure": sum(row["value"] is not None for row in rows),
            **{rag: sum(row["rag"] == rag for row in rows) for rag in ("red", "amber", "green")},
        },
    )


def _gap(value: Decimal | None, other: Decimal | None) -> Decimal | None:
    if value is None or other is None:
        return None
    return value - other


def _kpi_row(indicator: Indicator) -> dict[str, Any]:
    value = indicator.latest_value
    return {
        "code": indicator.code,
        "title": indicator.title,
        "unit": indicator.unit,
        "polarity": indicator.polarity,
        "frequency": indicator.frequency,
        "owner": indicator.owner.name,
        "value_period": indicator.latest_period,
        "value": value,
        "value_status": indicator.latest_status,
        "value_source": indicator.value_source or "",
        "target": indicator.target_value,
        "gap_to_target": _gap(value, indicator.target_value),
        "rag": indicator.rag,
        "previous_value": indicator.previous_value,
        "direction": indicator.direction,
        "last_year_period": indicator.last_year_period,
        "last_year_value": indicator.last_year_value,
        "change_on_last_year": _gap(value, indicator.last_year_value),
        "england_period": indicator.england_period,
        "england": indicator.england_value,
        "gap_to_england": _gap(value, indicator.england_value),
        "england_source": indicator.england_source or "",
        "region_period": indicator.region_period,
        "region": indicator.region_value,
        "gap_to_region": _gap(value, indicator.region_value),
        "region_source": indicator.region_source or "",
        "statistical_neighbours_period": indicator.statistical_neighbours_period,
        "statistical_neighbours": indicator.statistical_neighbours_value,
        "gap_to_statistical_neighbours": _gap(value, indicator.statistical_neighbours_value),
        "statistical_neighbours_used": indicator.statistical_neighbours_figures_used,
        "statistical_neighbours_named": indicator.statistical_neighbours_figures_expected,
        "statistical_neighbours_source": indicator.statistical_neighbours_source or "",
        "local_authorities_period": indicator.rank_period,
        "local_authorities_median": indicator.authorities_median,
        "rank": indicator.rank,
        "ranked": indicator.ranked_among,
        "quartile": indicator.rank_quartile,
    }
