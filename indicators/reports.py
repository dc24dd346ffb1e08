"""The monthly KPI report: for every indicator, the figure of its own period type for the
month (or, for quarters, terms and years, the latest period that covers it) with the period
named as a person says it, its target and RAG, its direction of travel since the figure of the
same period type before it (named), the same period a year before, the England, region and
statistical-neighbour benchmarks with the gap to each where the two are comparable, the
council's rank and quartile among all local authorities, and where each imported figure came
from (file, release, row). One query, whatever the number of indicators."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Case, DateField, OuterRef, QuerySet, Subquery, Value, When

from projects.reports import Month, Report
from projects.selectors import month_add

from .models import Indicator, Measurement
from .numbers import comparable, figure_text, gap_value
from .periods import LENGTH_IN_MONTHS, period_label, since_label
from .selectors import benchmark_comparisons, indicators_with_latest, measurement_source


def _window_start(month: date) -> Case:
    """The earliest period start whose figure still covers ``month``, by the indicator's own
    period type: a figure answers for the month if its period began as many months before as
    the period is long, or fewer."""
    return Case(
        *[
            When(period_type=period_type, then=Value(month_add(month, 1 - months)))
            for period_type, months in LENGTH_IN_MONTHS.items()
        ],
        default=Value(month),
        output_field=DateField(),
    )


def _figure(month: date, window: str) -> QuerySet[Measurement]:
    return (
        Measurement.objects.returned()
        .filter(
            indicator=OuterRef("pk"),
            period_type=OuterRef("period_type"),
            period__lte=month,
            period__gte=OuterRef(window),
        )
        .order_by("-period")
    )


def kpi_report(*, month: Month, indicators: QuerySet[Indicator], covering: bool = True) -> Report:
    """Every indicator in ``indicators`` with its figure for the month (``covering``: the
    latest period of its own type that covers the month; otherwise the latest on or before it,
    whatever its age) and what it is compared with. The figure, RAG, direction and rank come
    from ``indicators_with_latest``, as on every page; an indicator without a figure is
    unranked. Gaps are the figure minus the comparator, in the indicator's unit, and are given
    only where the two are comparable (see ``numbers.comparable``)."""
    start, last_year = month.start, month_add(month.start, -12)
    figure_last_year = _figure(last_year, "window_start_last_year")
    this_figure = Measurement.objects.filter(
        indicator=OuterRef("pk"),
        period=OuterRef("latest_period"),
        period_type=OuterRef("period_type"),
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
    value, unit, kind = indicator.latest_value, indicator.unit, indicator.period_type
    alike = comparable(unit)

    def text(number: Decimal | None) -> str:
        return "" if number is None else figure_text(number, indicator)

    return {
        "code": indicator.code,
        "title": indicator.title,
        "unit": unit,
        "places": indicator.places,
        "polarity": indicator.polarity,
        "frequency": indicator.frequency,
        "period_type": kind,
        "owner": indicator.owner.name,
        "value_period": indicator.latest_period,
        "value_period_label": period_label(indicator.latest_period, kind),
        "value": value,
        "value_text": text(value),
        "value_status": indicator.latest_status,
        "value_source": indicator.value_source or "",
        "target": indicator.target_value,
        "target_text": text(indicator.target_value),
        "gap_to_target": _gap(value, indicator.target_value),
        "rag": indicator.rag,
        "previous_period": indicator.previous_period,
        "previous_period_label": period_label(indicator.previous_period, kind),
        "previous_value": indicator.previous_value,
        "direction": indicator.direction,
        "direction_compares": since_label(indicator.previous_period, kind)
        if indicator.direction
        else "",
        "last_year_period": indicator.last_year_period,
        "last_year_period_label": period_label(indicator.last_year_period, kind),
        "last_year_value": indicator.last_year_value,
        "last_year_text": text(indicator.last_year_value),
        "change_on_last_year": _gap(value, indicator.last_year_value),
        "comparable": alike,
        "england_period": indicator.england_period,
        "england_period_label": period_label(indicator.england_period, kind),
        "england": indicator.england_value,
        "england_text": text(indicator.england_value),
        "gap_to_england": gap_value(value, indicator.england_value, unit),
        "england_source": indicator.england_source or "",
        "region_period": indicator.region_period,
        "region_period_label": period_label(indicator.region_period, kind),
        "region": indicator.region_value,
        "region_text": text(indicator.region_value),
        "gap_to_region": gap_value(value, indicator.region_value, unit),
        "region_source": indicator.region_source or "",
        "statistical_neighbours_period": indicator.statistical_neighbours_period,
        "statistical_neighbours_period_label": period_label(
            indicator.statistical_neighbours_period, kind
        ),
        "statistical_neighbours": indicator.statistical_neighbours_value,
        "statistical_neighbours_text": text(indicator.statistical_neighbours_value),
        "gap_to_statistical_neighbours": gap_value(
            value, indicator.statistical_neighbours_value, unit
        ),
        "statistical_neighbours_used": indicator.statistical_neighbours_figures_used,
        "statistical_neighbours_named": indicator.statistical_neighbours_figures_expected,
        "statistical_neighbours_source": indicator.statistical_neighbours_source or "",
        "local_authorities_period": indicator.rank_period,
        "local_authorities_median": indicator.authorities_median,
        "rank": indicator.rank,
        "ranked": indicator.ranked_among,
        "quartile": indicator.rank_quartile,
    }
