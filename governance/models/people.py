"""Organisations and the people named in the programme."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .base import Record


class Organisation(Record):
    class Kind(models.TextChoices):
        COUNCIL = "council", "Local authority"
        HEALTH = "health", "NHS body"
        PARENT_CARER = "parent_carer", "Parent carer forum"
        EDUCATION = "education", "Education provider or trust"
        GOVERNMENT = "government", "Central government"
        ADVISORY = "advisory", "Adviser or improvement partner"
        VOLUNTARY = "voluntary", "Voluntary or community sector"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    website = models.URLField(blank=True)

    # Every change is kept: who made it, when, and the values before and after.
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class Person(Record):
    """Someone named in the programme: a lead, an owner, a board member. May have a login."""

    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="people", null=True, blank=True
    )
    email = models.EmailField(
        blank=True, help_text="Used for reminders. Leave blank only if the person has none."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        help_text="The login account of this person, if they use sendtrack.",
    )

    # Every change is kept: who made it, when, and the values before and after.
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"{self.name} ({self.job_title})" if self.job_title else self.name
