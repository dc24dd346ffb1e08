"""Risks and issues, on a project or on the programme."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from governance.models import (
    Body,
    InOrganisation,
    Person,
    Record,
    co_owners_field,
    lead_organisation_field,
)
from governance.validators import validate_not_in_future
from sendtrack.kernel.concurrency import Versioned

from ..history import HistoryAsOf
from .programme import Project

SCALE_1_TO_5 = [MinValueValidator(1), MaxValueValidator(5)]


class RiskQuerySet(models.QuerySet):
    def open(self) -> RiskQuerySet:
        """Risks and issues still being managed."""
        return self.filter(status=Risk.Status.OPEN)


class Risk(InOrganisation, Versioned, Record):
    """A risk (may happen) or an issue (has happened) at project, programme or partnership
    level, scored by likelihood × impact. Its saves are numbered, so that two officers
    rescoring the same risk at once cannot overwrite each other."""

    class Kind(models.TextChoices):
        RISK = "risk", "Risk"
        ISSUE = "issue", "Issue"

    class Level(models.TextChoices):
        PROJECT = "project", "Project"
        PROGRAMME = "programme", "Programme"
        PARTNERSHIP = "partnership", "Partnership"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.RISK)
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.PROJECT)
    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="risks",
        null=True,
        blank=True,
        help_text="Required for project risks; leave blank for programme and partnership risks.",
    )
    # Null until numbered, so that references are unique once given (see services.risk_save).
    reference = models.CharField(  # noqa: DJ001
        max_length=30,
        unique=True,
        null=True,
        blank=True,
        help_text="The risk's number in its register, e.g. SUF-01-R4. Given automatically.",
        error_messages={"unique": "Another risk already has this reference."},
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    likelihood = models.PositiveSmallIntegerField(
        validators=SCALE_1_TO_5,
        help_text="How likely it is: 1 (rare) to 5 (almost certain). For an issue, use 5.",
    )
    impact = models.PositiveSmallIntegerField(
        validators=SCALE_1_TO_5, help_text="How bad it would be: 1 (minimal) to 5 (severe)."
    )
    score = models.GeneratedField(
        expression=F("likelihood") * F("impact"),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
        help_text="Likelihood × impact, worked out for you.",
    )
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="risks_owned")
    organisation = lead_organisation_field("risks")
    co_owners = co_owners_field("risks_co_owned")
    mitigation = models.TextField(blank=True, help_text="What is being done to reduce it.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    raised_on = models.DateField(validators=[validate_not_in_future])
    review_date = models.DateField(
        null=True, blank=True, help_text="When the risk will next be looked at again."
    )
    closed_on = models.DateField(null=True, blank=True, validators=[validate_not_in_future])
    escalated_to = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="escalated_risks",
        null=True,
        blank=True,
        help_text="The board or group the risk has been escalated to, if any.",
    )

    objects = RiskQuerySet.as_manager()
    # Every change is kept, so that a month's report can show the register as it stood then.
    # The co-owners' history is kept too.
    history = HistoryAsOf(excluded_fields=["score"], m2m_fields=[co_owners])

    class Meta:
        ordering = ["-score", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5),
                name="risk_likelihood_1_to_5",
                violation_error_message="Likelihood is scored from 1 to 5.",
            ),
            models.CheckConstraint(
                condition=Q(impact__gte=1, impact__lte=5),
                name="risk_impact_1_to_5",
                violation_error_message="Impact is scored from 1 to 5.",
            ),
            models.CheckConstraint(
                condition=Q(level="project", project__isnull=False)
                | (~Q(level="project") & Q(project__isnull=True)),
                name="risk_project_only_at_project_level",
                violation_error_message="A project risk needs its project; programme and "
                "partnership risks belong to no single project.",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False),
                name="risk_closed_has_date",
                violation_error_message="Give the date the risk was closed.",
            ),
        ]
        indexes = [models.Index(fields=["status", "review_date"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.level == self.Level.PROJECT and not self.project_id:
            errors["project"] = "Choose the project this risk belongs to."
        if self.level != self.Level.PROJECT and self.project_id:
            errors["level"] = (
                "A risk attached to a project is a project risk. Choose “Project”, or raise "
                "it without a project at programme or partnership level."
            )
        if self.status == self.Status.CLOSED and not self.closed_on:
            errors["closed_on"] = "Give the date the risk was closed."
        if self.closed_on and self.status != self.Status.CLOSED:
            errors["status"] = "Set the status to “Closed” when you give a closing date."
        if self.closed_on and self.raised_on and self.closed_on < self.raised_on:
            errors["closed_on"] = "A risk cannot be closed before it was raised."
        if errors:
            raise ValidationError(errors)
