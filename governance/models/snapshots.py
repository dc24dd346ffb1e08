"""Governance figures kept day by day, for trends and "since last time" comparisons."""

from __future__ import annotations

from django.db import models

from sendtrack.kernel.snapshots import SnapshotQuerySet


class GovernanceSnapshot(models.Model):
    """The programme's open and overdue plan actions and members' information requests as
    they stood on a day: one row a day, written by the daily snapshot."""

    day = models.DateField(unique=True)
    plan_actions_open = models.PositiveIntegerField("plan actions open")
    plan_actions_overdue = models.PositiveIntegerField("plan actions overdue")
    information_requests_outstanding = models.PositiveIntegerField(
        "information requests outstanding"
    )
    information_requests_overdue = models.PositiveIntegerField("information requests overdue")

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"Governance on {self.day:%-d %B %Y}"
