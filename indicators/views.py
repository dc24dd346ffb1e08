"""An indicator's page: its trend against target and benchmarks, and every figure."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from governance.permissions import plan_actions_visible_to
from governance.selectors import areas_with_page, plan_actions_with_areas
from projects.permissions import projects_visible_to
from projects.selectors import projects_with_latest

from .models import Benchmark, Measurement
from .numbers import comparable, direction_text, figure_text
from .periods import PeriodType, period_label, period_short_label, since_label
from .permissions import indicators_visible_to
from .selectors import indicators_with_latest, measurements_with_rag


@login_required
@permission_required("indicators.view_indicator", raise_exception=True)
def indicator_detail(request, code: str):
    """The trend chart of the figures of the period the indicator reports (values, target,
    England, region and statistical neighbours, provisional figures marked), a summary in words,
    and the table of every figure, each period named as a person says it, with the rank among
    local authorities and, one click away, where each imported figure came from."""
    indicator = get_object_or_404(
        indicators_with_latest(queryset=indicators_visible_to(user=request.user)).prefetch_related(
            *_links(request.user)
        ),
        code=code,
    )
    figures = list(
        measurements_with_rag(
            queryset=indicator.measurements.select_related("source_run")
        ).order_by("period")
    )
    comparators = {
        (b.period, b.period_type, b.comparator): b for b in indicator.benchmarks.order_by("period")
    }
    keys = sorted({(m.period, m.period_type) for m in figures} | {k[:2] for k in comparators})
    by_key = {(m.period, m.period_type): m for m in figures}
    rows = []
    for key in keys:
        measurement = by_key.get(key)
        found = {c: comparators.get((*key, c)) for c in Benchmark.Comparator.values}
        rows.append(
            {
                "period": key[0],
                "period_type": key[1],
                "label": period_label(*key),
                "measurement": measurement,
                "england": _value(found[Benchmark.Comparator.ENGLAND]),
                "region": _value(found[Benchmark.Comparator.REGION]),
                "neighbours": _value(found[Benchmark.Comparator.STATISTICAL_NEIGHBOURS]),
                "neighbours_benchmark": found[Benchmark.Comparator.STATISTICAL_NEIGHBOURS],
                "authorities": found[Benchmark.Comparator.LOCAL_AUTHORITIES],
            }
        )
    # The chart draws the indicator's own kind of period only: a month and a year are not
    # points on one line.
    charted = [row for row in rows if row["period_type"] == indicator.period_type]
    chart = {
        "kind": "trend",
        "title": f"{indicator.code} {indicator.title}",
        "unit": indicator.unit,
        "places": indicator.places,
        "period_type": PeriodType(indicator.period_type).label if indicator.period_type else "",
        "labels": [period_short_label(row["period"], row["period_type"]) for row in charted],
        # Forecasts are drawn as their own line, never as returned figures.
        "values": [
            _number(row["measurement"].value) if _returned(row) else None for row in charted
        ],
        "forecast": [
            _number(row["measurement"].value) if _forecast(row) else None for row in charted
        ],
        "provisional": [
            bool(row["measurement"]) and row["measurement"].status == Measurement.Status.PROVISIONAL
            for row in charted
        ],
        "target": [
            _number(row["measurement"] and row["measurement"].target_value) for row in charted
        ],
        "england": [_number(row["england"]) for row in charted],
        "region": [_number(row["region"]) for row in charted],
        "neighbours": [_number(row["neighbours"]) for row in charted],
    }
    context = {
        "indicator": indicator,
        "rows": rows,
        "chart": chart,
        "comparable": comparable(indicator.unit),
        "summary": _summary(indicator, charted),
        "section": "performance",
    }
    return render(request, "indicators/indicator_detail.html", context)


def _links(user) -> list[Prefetch]:
    """What the indicator serves, for links: the projects the user may see (with their latest
    report), the plan actions and the areas of weakness. Four queries, however many."""
    projects = projects_with_latest(queryset=projects_visible_to(user=user)).order_by("code")
    return [
        Prefetch("projects", queryset=projects, to_attr="linked_projects"),
        Prefetch(
            "plan_actions",
            queryset=plan_actions_with_areas(queryset=plan_actions_visible_to(user=user)).order_by(
                "plan__submitted_on", "reference"
            ),
            to_attr="linked_actions",
        ),
        Prefetch("areas", queryset=areas_with_page(), to_attr="linked_areas"),
    ]


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

    def text(value) -> str:
        return figure_text(value, indicator)

    def when(period) -> str:
        return period_label(period, indicator.period_type)

    parts = [
        f"The latest figure is {text(indicator.latest_value)} for "
        f"{when(indicator.latest_period)}"
        + (" (provisional)" if indicator.latest_status == Measurement.Status.PROVISIONAL else "")
        + "."
    ]
    if indicator.target_value is not None:
        parts.append(
            f"The target is {text(indicator.target_value)}: "
            f"{(indicator.rag or 'not rated').capitalize()}."
        )
    if indicator.direction:
        parts.append(
            f"{direction_text(indicator.direction)} "
            f"{since_label(indicator.previous_period, indicator.period_type)}, when it was "
            f"{text(indicator.previous_value)}."
        )
    for key, name in (
        ("england", "England"),
        ("region", "The region"),
        ("neighbours", "Statistical neighbours"),
    ):
        latest = next((row for row in reversed(rows) if row[key] is not None), None)
        if latest:
            verb = "were" if key == "neighbours" else "was"
            parts.append(f"{name} {verb} {text(latest[key])} in {latest['label']}.")
    latest = next((row for row in reversed(rows) if row["authorities"] is not None), None)
    if latest and latest["authorities"].rank:
        authorities = latest["authorities"]
        parts.append(
            f"In {latest['label']} the council ranked {authorities.rank} of "
            f"{authorities.figures_used} local authorities (quartile {authorities.quartile}; "
            "1 is best)."
        )
    forecasts = [row for row in rows if _forecast(row)]
    if forecasts:
        parts.append(
            "Forecast, not yet returned: "
            + ", ".join(f"{text(row['measurement'].value)} for {row['label']}" for row in forecasts)
            + "."
        )
    first = next((row for row in rows if _returned(row)), None)
    if first:
        parts.append(
            f"The chart runs from {first['label']}, when the figure was "
            f"{text(first['measurement'].value)}."
        )
    return " ".join(parts)
