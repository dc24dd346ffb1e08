"""A project's milestones, each with its agreed baseline."""

from __future__ import annotations

from django.db import models
from django.db.models import F

from governance.models import Record
from governance.validators import validate_not_in_future
from sendtrack.kernel.concurrency import Versioned

from ..history import HistoryAsOf
from .programme import Project


class Milestone(Versioned, Record):
    """A dated step in a project: the baseline is the date first agreed, the forecast the
    current expectation, and the completed date when it happened. Its saves are numbered, so
    that two officers moving the same forecast at once cannot overwrite each other."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    baseline_date = models.DateField(
        null=True,
        blank=True,
        help_text="The date first agreed. Only the programme office changes it once set.",
    )
    forecast_date = models.DateField(
        null=True, blank=True, help_text="When you now expect it to be done."
    )
    completed_date = models.DateField(
        null=True,
        blank=True,
        validators=[validate_not_in_future],
        help_text="The day it was done. Leave blank until it has happened.",
    )
    is_key = models.BooleanField(
        "key milestone", default=False, help_text="Tick if boards should see this milestone."
    )

    # Every change is kept, so that dashboards can tell which milestones slipped since a date.
    history = HistoryAsOf()

    class Meta:
        ordering = ["project", F("baseline_date").asc(nulls_last=True), "title"]
        indexes = [
            models.Index(fields=["completed_date", "forecast_date"]),
            models.Index(fields=["baseline_date"]),
        ]

    def __str__(self) -> str:
        return self.title
