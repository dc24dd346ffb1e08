"""Projects' and workstreams' daily snapshots: figures as they stood each day."""

from __future__ import annotations

from django.db import models

from sendtrack.kernel.rag import RAG
from sendtrack.kernel.snapshots import SnapshotQuerySet

from .programme import Project, Workstream


class ProjectSnapshot(models.Model):
    """A project's derived figures as they stood on a day, kept for trends and for "since
    last time" comparisons: one row per project per day, written by the daily snapshot."""

    day = models.DateField()
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="snapshots")
    rag = models.CharField("latest RAG", max_length=10, choices=RAG.choices, null=True)
    rag_period = models.DateField("month of the latest RAG", null=True)
    report_missing = models.BooleanField(
        "report missing for the month just gone",
        help_text="The project owed a report for the month before the day and had not filed it.",
    )
    milestones_overdue = models.PositiveIntegerField()
    risks_open = models.PositiveIntegerField("open risks and issues")
    risks_red = models.PositiveIntegerField(
        "red risks", help_text="Open risks and issues scoring 15 or more."
    )

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "project__code"]
        constraints = [
            models.UniqueConstraint(fields=["day", "project"], name="project_snapshot_one_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.project.code} on {self.day:%-d %B %Y}"


class WorkstreamSnapshot(models.Model):
    """A workstream's projects counted by latest RAG, with the reports missing for the month
    just gone and the milestones overdue, on a day: one row per workstream per day."""

    day = models.DateField()
    workstream = models.ForeignKey(Workstream, on_delete=models.CASCADE, related_name="snapshots")
    projects = models.PositiveIntegerField()
    red = models.PositiveIntegerField()
    amber = models.PositiveIntegerField()
    green = models.PositiveIntegerField()
    blue = models.PositiveIntegerField("blue (complete)")
    not_rated = models.PositiveIntegerField("no report yet")
    reports_missing = models.PositiveIntegerField("reports missing for the month just gone")
    milestones_overdue = models.PositiveIntegerField()
    risks_red = models.PositiveIntegerField("red risks")

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "workstream__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "workstream"], name="workstream_snapshot_one_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.workstream} on {self.day:%-d %B %Y}"
