"""What every daily snapshot table shares: filing a day's rows, and reading the snapshot as it
stood on a day."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Subquery, UniqueConstraint


class SnapshotQuerySet(models.QuerySet):
    def on_or_before(self, day: date) -> SnapshotQuerySet:
        """The rows of the latest snapshot taken on or before ``day`` (none if there was
        none by then): what the figures were that day, or the last day they were taken."""
        latest = self.model._default_manager.filter(day__lte=day).order_by("-day").values("day")[:1]
        return self.filter(day=Subquery(latest))

    def upsert(self, rows: list[models.Model]) -> None:
        """File a day's rows: insert them, or update those already filed for the same day and
        object (in one statement, so that a second run, even a concurrent one, changes
        nothing)."""
        opts = self.model._meta
        unique = next(
            (list(c.fields) for c in opts.constraints if isinstance(c, UniqueConstraint)),
            ["day"],
        )
        fields = [
            f.name for f in opts.concrete_fields if not f.primary_key and f.name not in unique
        ]
        self.bulk_create(rows, update_conflicts=True, unique_fields=unique, update_fields=fields)
