"""Reads for benefits: whether each benefit a project declared is realised, derived from its
indicator's figures since the baseline by the same rules as the impact of plan actions
(``governance.assurance.indicator_change``), with the same honesty: no figure since the
baseline is "no data", never "on track"."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date

from django.db import models
from django.db.models import F, QuerySet

from governance.assurance import Change, IndicatorSignal, indicator_change

from .models import Benefit, Indicator, Measurement


class Realisation(models.TextChoices):
    REALISED = "realised", "Realised"
    EMERGING = "emerging", "Emerging"
    NOT_YET = "not_yet", "Not yet realised"
    WORSENING = "worsening", "Worsening"
    NO_DATA = "no_data", "No data"


_FROM_CHANGE = {
    Change.SUSTAINED: Realisation.REALISED,
    Change.IMPROVING: Realisation.EMERGING,
    Change.NO_CHANGE: Realisation.NOT_YET,
    Change.WORSENING: Realisation.WORSENING,
    Change.NO_FIGURES: Realisation.NO_DATA,
}

BENEFIT_RULES = (
    (
        Realisation.REALISED.label,
        "Each of the indicator's last two figures after the baseline meets the benefit's "
        "target, and the latest is not worse than the one before (the rule for a sustained "
        "change in the impact of plan actions).",
    ),
    (
        Realisation.EMERGING.label,
        "The latest figure is better than the baseline, not yet sustained at the target.",
    ),
    (Realisation.NOT_YET.label, "The figures have not moved from the baseline."),
    (
        Realisation.WORSENING.label,
        "The latest figure is worse than the baseline or the one before it.",
    ),
    (
        Realisation.NO_DATA.label,
        "No figure after the baseline, or an indicator that rates no "
        "direction: nothing is claimed.",
    ),
)


def benefits_with_realisation(
    *, queryset: QuerySet[Benefit] | None = None, as_at: date
) -> list[Benefit]:
    """The benefits with ``realisation`` and ``overdue`` (not realised by the date it should
    show) as at ``as_at``, from their indicator's figures after the baseline up to that day.
    Two queries."""
    benefits = list(
        (Benefit.objects.all() if queryset is None else queryset).select_related(
            "indicator", "project"
        )
    )
    figures: dict[int, list[tuple[date, float]]] = defaultdict(list)
    for indicator_id, period, value in (
        Measurement.objects.filter(
            indicator_id__in={b.indicator_id for b in benefits},
            period_type=F("indicator__period_type"),
            period__lte=as_at,
        )
        .order_by("indicator_id", "-period")
        .values_list("indicator_id", "period", "value")
    ):
        figures[indicator_id].append((period, float(value)))
    for benefit in benefits:
        polarity = benefit.indicator.polarity
        signal = IndicatorSignal(
            rag=None,
            baseline=float(benefit.baseline),
            since_start=[
                v for period, v in figures[benefit.indicator_id] if period > benefit.baseline_date
            ],
            higher_is_better=None
            if polarity == Indicator.Polarity.NEUTRAL
            else polarity == Indicator.Polarity.HIGHER,
            target=float(benefit.target),
            # Realised only at the target: no figure short of it counts as sustained.
            tolerance=math.inf,
        )
        benefit.realisation = _FROM_CHANGE[indicator_change(signal)]
        benefit.realisation_label = Realisation(benefit.realisation).label
        benefit.overdue = (
            benefit.realisation != Realisation.REALISED and benefit.expected_by < as_at
        )
    return benefits
