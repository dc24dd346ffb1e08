"""Fields every record carries."""

from __future__ import annotations

from django.db import models

TIMESTAMPS = ("created_at", "updated_at")


class Record(models.Model):
    """Fields every record carries: when it was made and changed, whether it is invented, and
    where a record taken from a published document comes from."""

    is_demo = models.BooleanField(
        "demonstration data",
        default=False,
        help_text="Ticked for invented records loaded to demonstrate the system.",
    )
    source_citation = models.TextField(
        "source",
        blank=True,
        help_text="The published document this record is taken from, with the passage quoted "
        "in “curly quotes”, e.g. Report to the SEND Scrutiny Sub-Committee, 22 March 2023, "
        "para 1.2: “The Inspection Revisit was undertaken in September 2022.”",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def without_timestamps(queryset: models.QuerySet, *related: str) -> models.QuerySet:
    """``queryset`` without the created and updated times of its records, nor of the related
    records it joins (``related``, as given to ``select_related``): reports show neither, and
    turning PostgreSQL's timestamps into Python took a third of the risk report's time at a
    council's scale (docs/performance.md)."""
    paths = list(TIMESTAMPS)
    paths += [f"{path}__{name}" for path in related for name in TIMESTAMPS]
    return queryset.defer(*paths)
