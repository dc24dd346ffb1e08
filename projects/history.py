"""Records as they stood on an earlier day, read from their history (django-simple-history):
what a risk scored at a month's end, what a milestone's forecast was a fortnight ago."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from django.db import models
from django.db.models import BigIntegerField, Case, Exists, F, OuterRef, QuerySet, Subquery, When
from django.utils import timezone
from simple_history.models import HistoricalRecords


class HistoryAsOf(HistoricalRecords):
    """A record's history, indexed for "as it stood on a day": each read takes one record's
    latest row before a moment, so the index leads with the record's id, then the moment,
    newest first (see ``history_until``). Without it PostgreSQL fetched every row of the
    record's history and sorted them, once per record and field (docs/performance.md)."""

    def get_meta_options(self, model: type[models.Model]) -> dict:
        options = super().get_meta_options(model)
        options["indexes"] = [
            *options.get("indexes", ()),
            models.Index(
                fields=[model._meta.pk.attname, "-history_date", "-history_id"],
                name=f"{model._meta.model_name[:12]}_history_as_of",
            ),
        ]
        return options


def end_of_day(day: date) -> datetime:
    """The first moment after ``day``, in the local time zone."""
    return _end_of_day(day, timezone.get_current_timezone())


@lru_cache(maxsize=4096)
def _end_of_day(day: date, zone: tzinfo) -> datetime:
    # Worked out once per day and zone: a report asks it for each of thousands of rows, and
    # the zone's offset lookup was a tenth of the risk report's time.
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min), zone)


def history_until(model: type[models.Model], day: date) -> QuerySet:
    """The outer row's history up to the end of ``day``, latest first."""
    return model.history.filter(id=OuterRef("pk"), history_date__lt=end_of_day(day)).order_by(
        "-history_date", "-history_id"
    )


def recorded_on(model: type[models.Model], field_name: str, day: date) -> Subquery:
    """The outer row's ``field_name`` as its history recorded it at the end of ``day`` (null
    when its history does not reach back that far)."""
    return Subquery(history_until(model, day).values(field_name)[:1])


def recorded_before(model: type[models.Model], day: date) -> Exists:
    """Whether the outer row's history reaches back to the end of ``day``."""
    return Exists(history_until(model, day))


def value_on(model: type[models.Model], field_name: str, day: date) -> Case:
    """``field_name`` as it stood at the end of ``day``; as it is now for a row whose history
    does not reach back that far (recorded before history was kept)."""
    field = model._meta.get_field(field_name)
    return Case(
        When(recorded_before(model, day), then=recorded_on(model, field_name, day)),
        default=F(field_name),
        output_field=BigIntegerField() if field.is_relation else field,
    )
