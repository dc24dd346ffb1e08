"""Writes for measurement, shared by the admin, the API and imports."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from sendtrack.kernel.concurrency import version_bump

from .models import IndicatorSnapshot, Measurement
from .selectors import indicators_with_latest


@transaction.atomic
def measurement_save(*, measurement: Measurement, user: AbstractBaseUser) -> Measurement:
    """Save a period's figure. Who entered it is recorded when it is first entered (or first
    saved by a person, for a figure loaded without one); later revisions (provisional to
    final, corrections) keep that attribution. A figure changed by someone else since it was
    read is refused (``StaleRecordError``). An imported figure changed by hand no longer claims
    to come from its published file."""
    version_bump(record=measurement)
    if measurement.pk is None or measurement.entered_by_id is None:
        measurement.entered_by = user
    if measurement.pk is not None and measurement.source_file and _figures_changed(measurement):
        measurement.source_file = measurement.source_release = ""
        measurement.source_row = measurement.source_run = None
    measurement._history_user = user  # the audit trail names them, whichever door they came by
    measurement.save()
    return measurement


FIGURES = ("value", "numerator", "denominator")


def _figures_changed(measurement: Measurement) -> bool:
    stored = Measurement.objects.filter(pk=measurement.pk).values(*FIGURES).first() or {}
    return any(stored.get(name) != getattr(measurement, name) for name in FIGURES)


@transaction.atomic
def indicator_snapshots_take(*, day: date) -> int:
    """File every indicator's latest figure and its period, the target in force for it, its
    RAG and its direction of travel under ``day``; taking it again the same day rewrites the
    same rows. Two queries, however many indicators. Answers how many were filed."""
    rows = [
        IndicatorSnapshot(
            day=day,
            indicator=indicator,
            period=indicator.latest_period,
            period_type=indicator.period_type,
            value=indicator.latest_value,
            target=indicator.target_value,
            rag=indicator.rag,
            direction=indicator.direction,
        )
        for indicator in indicators_with_latest().order_by()
    ]
    IndicatorSnapshot.objects.upsert(rows)
    return len(rows)
