"""Organisations and the people named in the programme."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .base import Record


class Organisation(Record):
    """A partner in the local area's programme: the council, the NHS, the parent carer forum,
    schools and settings. Each person belongs to one; projects, risks and indicators have a
    lead organisation."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Local authority"
        HEALTH = "health", "NHS body"
        PARENT_CARER = "parent_carer", "Parent carer forum"
        EDUCATION = "education", "Schools and settings"
        GOVERNMENT = "government", "Central government"
        ADVISORY = "advisory", "Adviser or improvement partner"
        VOLUNTARY = "voluntary", "Voluntary or community sector"
        OTHER = "other", "Other"

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


def the_council() -> int:
    """The organisation a new person or record belongs to unless another is chosen: the
    council (the first organisation of that kind), made from SENDTRACK_COUNCIL if none yet."""
    found = (
        Organisation.objects.filter(kind=Organisation.Kind.COUNCIL)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    if found is not None:
        return found
    council, _ = Organisation.objects.get_or_create(
        name=settings.SENDTRACK_COUNCIL, defaults={"kind": Organisation.Kind.COUNCIL}
    )
    return council.pk


def lead_organisation_field(related_name: str) -> models.ForeignKey:
    """The organisation that leads a record (the council unless another is chosen: left
    blank, ``InOrganisation.save`` fills it in)."""
    return models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name=related_name,
        blank=True,
        verbose_name="lead organisation",
        help_text="The partner organisation that leads this and answers for it. Leave blank "
        "for the council.",
    )


def co_owners_field(related_name: str) -> models.ManyToManyField:
    """The other partner organisations that own a record jointly with its lead organisation
    (the rule that the lead is not also a co-owner is in ``governance.ownership``)."""
    return models.ManyToManyField(
        Organisation,
        related_name=related_name,
        blank=True,
        verbose_name="co-owners",
        help_text="Other partner organisations that own this jointly with the lead "
        "organisation. Leave empty if the lead organisation owns it alone.",
    )


class InOrganisation(models.Model):
    """A record that belongs to an organisation: saved without one, it is the council's.
    (Filled in on saving rather than as the field's default, so that building a blank form
    or record asks the database nothing.)"""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.organisation_id is None:
            self.organisation_id = the_council()
        super().save(*args, **kwargs)


class Person(InOrganisation, Record):
    """Someone named in the programme: a lead, an owner, a board member. May have a login."""

    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="people",
        blank=True,
        help_text="The partner organisation the person works for or represents. Leave blank "
        "for the council.",
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
