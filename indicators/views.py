"""An indicator's page: its trend against target and benchmarks, and every figure."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, render

from sendtrack.templatetags.sendtrack import direction, figure

from .models import Benchmark, Measurement
from .permissions import indicators_visible_to
from .selectors import indicators_with_latest, measurements_with_rag


@login_required
@permission_required("indicators.view_indicator", raise_exception=True)
def indicator_detail(request, code: str):
    """The trend chart (values, target, England, region and statistical neighbours,
    provisional figures marked), a summary in words, and the table of figures the chart draws
    with the rank among local authorities and where each imported figure came from."""
    indicator = get_object_or_404(
        indicators_with_latest(queryset=indicators_visible_to(user=request.user)), code=code
    )
    figures = list(measurements_with_rag(queryset=indicator.measurements.all()).order_by("period"))
    comparators = {(b.period, b.comparator): b for b in indicator.benchmarks.order_by("period")}
    periods = sorted({m.period for m in figures} | {period for period, _ in comparators})
    by_period = {m.period: m for m in figures}
    rows = []
    for period in periods:
        measurement = by_period.get(period)
        found = {c: comparators.get((period, c)) for c in Benchmark.Comparator.values}
        rows.append(
            {
                "period": period,
                "measurement": measurement,
                "england": _value(found[Benchmark.Comparator.ENGLAND]),
                "region": _value(found[Benchmark.Comparator.REGION]),
                "neighbours": _value(found[Benchmark.Comparator.STATISTICAL_NEIGHBOURS]),
                "neighbours_benchmark": found[Benchmark.Comparator.STATISTICAL_NEIGHBOURS],
                "authorities": found[Benchmark.Comparator.LOCAL_AUTHORITIES],
            }
        )
    chart = {
        "kind": "trend",
        "title": f"{indicator.code} {indicator.title}",
        "unit": indicator.unit,
        "labels": [f"{row['period']:%b %Y}" for row in rows],
        # Forecasts are drawn as their own line, never as returned figures.
        "values": [_number(row["measurement"].value) if _returned(row) else None for row in rows],
        "forecast": [_number(row["measurement"].value) if _forecast(row) else None for row in rows],
        "provisional": [
            bool(row["measurement"]) and row["measurement"].status == Measurement.Status.PROVISIONAL
            for row in rows
        ],
        "target": [_number(row["measurement"] and row["measurement"].target_value) for row in rows],
        "england": [_number(row["england"]) for row in rows],
        "region": [_number(row["region"]) for row in rows],
        "neighbours": [_number(row["neighbours"]) for row in rows],
    }
    context = {
        "indicator": indicator,
        "rows": rows,
        "chart": chart,
        "summary": _summary(indicator, rows),
        "section": "performance",
    }
    return render(request, "indicators/indicator_detail.html", context)


def _forecast(row: dict) -> bool:
    return bool(row["measurement"]) and row["measurement"].status == Measurement.Status.FORECAST


def _returned(row: dict) -> bool:
    return bool(row["measurement"]) and not _forecast(row)


def _value(benchmark: Benchmark | None):
    return benchmark.value if benchmark is not None else None


def _number(value) -> float | None:
    return float(value) if value is not None else None


def _summary(indicator, rows) -> str:
    """The chart in a sentence or two, for those who cannot see it."""
    if indicator.latest_value is None:
        return "No figures have been returned yet."
    unit = indicator.unit
    parts = [
        f"The latest figure is {figure(indicator.latest_value, unit)} for "
        f"{indicator.latest_period:%B %Y}"
        + (" (provisional)" if indicator.latest_status == Measurement.Status.PROVISIONAL else "")
        + "."
    ]
    if indicator.target_value is not None:
        parts.append(
            f"The target is {figure(indicator.target_value, unit)}: "
            f"{(indicator.rag or 'not rated').capitalize()}."
        )
    if indicator.direction:
        parts.append(
            f"{direction(indicator.direction)} since the figure before, "
            f"{figure(indicator.previous_value, unit)}."
        )
    latest = next((row for row in reversed(rows) if row["england"] is not None), None)
    if latest:
        parts.append(f"England was {figure(latest['england'], unit)} in {latest['period']:%B %Y}.")
    latest = next((row for row in reversed(rows) if row["region"] is not None), None)
    if latest:
        parts.append(
            f"The region was {figure(latest['region'], unit)} in {latest['period']:%B %Y}."
        )
    latest = next((row for row in reversed(rows) if row["neighbours"] is not None), None)
    if latest:
        parts.append(
            f"Statistical neighbours were {figure(latest['neighbours'], unit)} in "
            f"{latest['period']:%B %Y}."
        )
    latest = next((row for row in reversed(rows) if row["authorities"] is not None), None)
    if latest and latest["authorities"].rank:
        authorities = latest["authorities"]
        parts.append(
            f"In {latest['period']:%B %Y} the council ranked {authorities.rank} of "
            f"{authorities.figures_used} local authorities (quartile {authorities.quartile}; "
            "1 is best)."
        )
    forecasts = [row for row in rows if _forecast(row)]
    if forecasts:
        parts.append(
            "Forecast, not yet returned: "
            + ", ".join(
                f"{figure(row['measurement'].value, unit)} for {row['period']:%B %Y}"
                for row in forecasts
            )
            + "."
        )
    first = next((row for row in rows if _returned(row)), None)
    if first:
        parts.append(
            f"The chart runs from {first['period']:%B %Y}, when the figure was "
            f"{figure(first['measurement'].value, unit)}."
        )
    return " ".join(parts)
