"""Reads for measurement: each indicator's latest value, the target that applies to it, its RAG
against that target (with tolerance and polarity) and its direction of travel, worked out in
the query so that every page, report and export agrees."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import (
    Case,
    Exists,
    Expression,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Round, RowNumber
from django.db.models.lookups import GreaterThanOrEqual

from projects.history import end_of_day
from projects.selectors import month_add
from sendtrack.kernel.rag import RAG

from .models import Benchmark, Direction, Indicator, IndicatorSnapshot, Measurement, Target
from .models.provenance import provenance_expression
from .periods import LENGTH_IN_MONTHS


def _at_least_zero(difference) -> GreaterThanOrEqual:
    # Compared to four decimal places: SQLite keeps decimals as floats, where 0.9 - 1.1 + 0.2
    # is a hair below zero, and PostgreSQL's exact numerics must give the same answer.
    return GreaterThanOrEqual(Round(difference, 4), 0)


def rag_expression(*, value: str, target: str, tolerance: str, polarity: str) -> Case:
    """RAG of ``value`` against ``target``: green when the target is met, amber when it is
    missed by no more than ``tolerance``, red otherwise; none without a value or target, or for
    an indicator with no better direction. Meeting a target means reaching it when higher is
    better, staying under it when lower is."""
    higher = Q(**{polarity: Indicator.Polarity.HIGHER})
    lower = Q(**{polarity: Indicator.Polarity.LOWER})
    above = F(value) - F(target)
    below = F(target) - F(value)
    return Case(
        When(
            Q(**{f"{value}__isnull": True}) | Q(**{f"{target}__isnull": True}) | ~(higher | lower),
            then=Value(None),
        ),
        When(higher & _at_least_zero(above), then=Value(RAG.GREEN)),
        When(higher & _at_least_zero(above + F(tolerance)), then=Value(RAG.AMBER)),
        When(lower & _at_least_zero(below), then=Value(RAG.GREEN)),
        When(lower & _at_least_zero(below + F(tolerance)), then=Value(RAG.AMBER)),
        default=Value(RAG.RED),
        output_field=models.CharField(),
    )


def direction_expression(*, current: str, previous: str, polarity: str) -> Case:
    """Improving when the value moved the better way since the previous one, worsening when
    it moved the other way, no change when equal; none without both values, or for an
    indicator with no better direction."""
    up = Q(**{f"{current}__gt": F(previous)})
    down = Q(**{f"{current}__lt": F(previous)})
    higher = Q(**{polarity: Indicator.Polarity.HIGHER})
    lower = Q(**{polarity: Indicator.Polarity.LOWER})
    return Case(
        When(
            Q(**{f"{current}__isnull": True})
            | Q(**{f"{previous}__isnull": True})
            | ~(higher | lower),
            then=Value(None),
        ),
        When((higher & up) | (lower & down), then=Value(Direction.IMPROVING)),
        When((higher & down) | (lower & up), then=Value(Direction.WORSENING)),
        default=Value(Direction.NO_CHANGE),
        output_field=models.CharField(),
    )


def target_in_force(period_ref: OuterRef, indicator_ref: OuterRef) -> QuerySet[Target]:
    """The target in force on a period: the latest one starting on or before it."""
    return Target.objects.filter(
        Q(applies_to__isnull=True) | Q(applies_to__gte=period_ref),
        indicator=indicator_ref,
        applies_from__lte=period_ref,
    ).order_by("-applies_from")


def own_figures() -> QuerySet[Measurement]:
    """The outer indicator's figures of its own reporting period type, newest first: its
    latest, RAG and direction of travel are read from these alone, so that an annual figure
    never stands as a monthly indicator's latest nor is compared with a month."""
    return (
        Measurement.objects.returned()
        .filter(indicator=OuterRef("pk"), period_type=OuterRef("period_type"))
        .order_by("-period")
    )


def _joined(relation: str, chosen: QuerySet) -> FilteredRelation:
    """The outer indicator's row of ``relation`` that ``chosen`` (ordered, correlated to the
    indicator) puts first, joined by its id: one subquery, however many of its columns and
    figures derived from them are read."""
    return FilteredRelation(
        relation, condition=Q(**{f"{relation}__pk": Subquery(chosen.values("pk")[:1])})
    )


def own_period_figures() -> QuerySet[Measurement]:
    """Figures of their indicator's own reporting period type, for trend lines prefetched
    across indicators (the period type compared in the same query)."""
    return Measurement.objects.returned().filter(period_type=F("indicator__period_type"))


def recent_figures(*, indicators: QuerySet[Indicator], count: int = 12) -> dict[int, list]:
    """Each of ``indicators``' last ``count`` figures of its own period type (forecasts left
    out), newest first, keyed by indicator id: the trend line's figures, read in one query
    whatever the number of indicators (none included). Each is a row with ``period``,
    ``period_type``, ``value`` and ``status``."""
    rows = (
        own_period_figures()
        .filter(indicator__in=indicators.order_by().values("pk"))
        .annotate(
            newness=Window(RowNumber(), partition_by=F("indicator_id"), order_by=F("period").desc())
        )
        .filter(newness__lte=count)
        .order_by("indicator_id", "-period")
        .values_list("indicator_id", "period", "period_type", "value", "status", named=True)
    )
    figures: dict[int, list] = {}
    for row in rows:
        figures.setdefault(row.indicator_id, []).append(row)
    return figures


def indicators_with_latest(
    *,
    queryset: QuerySet[Indicator] | None = None,
    layer: str | None = None,
    as_at: date | None = None,
    since: Expression | None = None,
    ranked: bool = False,
) -> QuerySet[Indicator]:
    """Indicators with their latest figure of their own period type (on or before ``as_at``,
    if given; and from the period ``since`` gives onwards, if given; never a forecast), the
    figure of that type before it (what the direction of travel compares with,
    ``previous_period``), the target in force for its period, its RAG and its direction of
    travel, in one query: the one answer to "what is this indicator's figure" for every page,
    report, publication and the API. With ``ranked``, its rank, quartile and the median among
    local authorities for the same period and period type as that figure; an indicator without
    a figure is unranked."""
    qs = Indicator.objects.all() if queryset is None else queryset
    if layer is not None:
        qs = qs.filter(layer=layer)
    # A forecast is never the latest figure: the latest is the latest returned.
    latest = own_figures()
    if as_at is not None:
        latest = latest.filter(period__lte=as_at)
    if since is not None:
        qs = qs.annotate(figure_since=since)
        latest = latest.filter(period__gte=OuterRef("figure_since"))
    # Each figure is found once (the id of the one that counts) and joined by that id, so its
    # value, period and status, and every figure worked out from them, read one row.
    qs = qs.select_related("owner").annotate(
        latest_figure=_joined("measurements", latest),
    )
    qs = qs.annotate(
        latest_value=F("latest_figure__value"),
        latest_period=F("latest_figure__period"),
        latest_status=F("latest_figure__status"),
    )
    earlier = own_figures().filter(period__lt=OuterRef("latest_period"))
    target = target_in_force(OuterRef("latest_period"), OuterRef("pk"))
    qs = qs.annotate(
        previous_figure=_joined("measurements", earlier),
        target_in_force=_joined("targets", target),
    )
    qs = qs.annotate(
        previous_value=F("previous_figure__value"),
        previous_period=F("previous_figure__period"),
        target_value=F("target_in_force__value"),
        target_tolerance=F("target_in_force__tolerance"),
    ).annotate(
        rag=rag_expression(
            value="latest_value",
            target="target_value",
            tolerance="target_tolerance",
            polarity="polarity",
        ),
        direction=direction_expression(
            current="latest_value", previous="previous_value", polarity="polarity"
        ),
    )
    if ranked:
        among = Benchmark.objects.filter(
            indicator=OuterRef("pk"),
            comparator=Benchmark.Comparator.LOCAL_AUTHORITIES,
            period=OuterRef("latest_period"),
            period_type=OuterRef("period_type"),
        ).order_by("-pk")
        qs = qs.annotate(rank_among=_joined("benchmarks", among)).annotate(
            rank_period=F("rank_among__period"),
            rank=F("rank_among__rank"),
            ranked_among=F("rank_among__figures_used"),
            rank_quartile=F("rank_among__quartile"),
            authorities_median=F("rank_among__value"),
        )
    return qs


def measurements_with_rag(
    *, queryset: QuerySet[Measurement] | None = None
) -> QuerySet[Measurement]:
    """Measurements with the target in force for their own period and their RAG against it."""
    qs = Measurement.objects.all() if queryset is None else queryset
    target = target_in_force(OuterRef("period"), OuterRef("indicator"))
    return (
        qs.select_related("indicator")
        .annotate(
            target_value=Subquery(target.values("value")[:1]),
            target_tolerance=Subquery(target.values("tolerance")[:1]),
        )
        .annotate(
            rag=rag_expression(
                value="value",
                target="target_value",
                tolerance="target_tolerance",
                polarity="indicator__polarity",
            )
        )
    )


def indicators_missing_return(
    *, period: date, queryset: QuerySet[Indicator] | None = None
) -> QuerySet[Indicator]:
    """Monthly indicators with no figure of their own period type returned for the month
    ``period`` starts (a forecast for it is no return)."""
    qs = Indicator.objects.all() if queryset is None else queryset
    return qs.filter(frequency=Indicator.Frequency.MONTHLY).exclude(
        Exists(own_figures().filter(period=period.replace(day=1)))
    )


# A figure is news for this many months after its period ends: a figure entered today for
# a period that ended earlier (years of history loaded at once, a correction to an old
# return) is kept and charted, but is not a new figure.
NEW_FIGURES_WINDOW_MONTHS = 12


def recent_periods(*, today: date, months: int = NEW_FIGURES_WINDOW_MONTHS) -> Q:
    """Figures whose period ended within the ``months`` whole months before ``today``'s month
    or since (a month, quarter, term or year alike, by its own length)."""
    this_month = today.replace(day=1)
    recent = Q()
    for period_type, length in LENGTH_IN_MONTHS.items():
        earliest = month_add(this_month, -(months + length - 1))
        recent |= Q(period_type=period_type, period__gte=earliest)
    return recent


def measurements_entered_since(
    *, since: date, today: date, queryset: QuerySet[Measurement] | None = None
) -> QuerySet[Measurement]:
    """New figures: figures returned (forecasts are left out, as they are not returned) and
    entered after the end of ``since``, for a period that ended within the twelve months
    before ``today`` (``recent_periods``), newest first, with their RAG."""
    qs = Measurement.objects.all() if queryset is None else queryset
    entered = qs.returned().filter(created_at__gte=end_of_day(since))
    return (
        measurements_with_rag(queryset=entered.filter(recent_periods(today=today)))
        .select_related("indicator")
        .order_by("-created_at", "pk")
    )


def indicator_snapshots_on(*, day: date) -> QuerySet[IndicatorSnapshot]:
    """Every indicator's latest figure, target, RAG and direction as filed by the latest
    daily snapshot on or before ``day`` (none before the first), in one query."""
    return IndicatorSnapshot.objects.on_or_before(day).select_related("indicator")


def latest_benchmarks(
    *, comparators: dict[str, str], until: date | None = None, details: tuple[str, ...] = ()
) -> dict[str, Subquery]:
    """Annotations giving the outer indicator's latest benchmark of its own period type
    (``<name>_value`` and ``<name>_period``) for each comparator named, on or before ``until``
    if given; and each of
    ``details`` asked for (``<name>_source``: the file, release and row it was imported from,
    or the source typed in; ``<name>_figures_used``, ``_figures_expected``, ``_rank``,
    ``_quartile``)."""
    annotations = {}
    for name, comparator in comparators.items():
        latest = Benchmark.objects.filter(
            indicator=OuterRef("pk"), comparator=comparator, period_type=OuterRef("period_type")
        )
        if until is not None:
            latest = latest.filter(period__lte=until)
        latest = latest.order_by("-period")
        if "source" in details:
            latest = latest.annotate(described=provenance_expression(fallback="source"))
        annotations[f"{name}_value"] = Subquery(latest.values("value")[:1])
        annotations[f"{name}_period"] = Subquery(latest.values("period")[:1])
        for detail in details:
            field = "described" if detail == "source" else detail
            annotations[f"{name}_{detail}"] = Subquery(latest.values(field)[:1])
    return annotations


C = Benchmark.Comparator
# Every comparator the pages and reports show, with the details shown beside it.
COMPARISONS = {
    "england": (C.ENGLAND, ("source",)),
    "region": (C.REGION, ("source",)),
    "statistical_neighbours": (
        C.STATISTICAL_NEIGHBOURS,
        ("source", "figures_used", "figures_expected"),
    ),
    "local_authorities": (C.LOCAL_AUTHORITIES, ("figures_used", "rank", "quartile")),
}


def benchmark_comparisons(
    *, until: date | None = None, names: tuple[str, ...] = tuple(COMPARISONS)
) -> dict[str, Subquery]:
    """Annotations for the outer indicator's latest England, region and statistical-neighbour
    benchmarks with where each came from and how many neighbours were averaged, and its rank
    and quartile among all local authorities with their median, on or before ``until``; only
    the comparators ``names`` names, if given."""
    annotations = {}
    for name in names:
        comparator, details = COMPARISONS[name]
        annotations |= latest_benchmarks(
            comparators={name: comparator}, until=until, details=details
        )
    return annotations


def measurement_source(measurements: QuerySet[Measurement]) -> Subquery:
    """The file, release and row the first of ``measurements`` was imported from, or blank."""
    return Subquery(
        measurements.annotate(described=provenance_expression()).values("described")[:1]
    )
