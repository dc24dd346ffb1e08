"""The programme's workstreams and projects."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from governance.models import (
    AreaOfWeakness,
    Body,
    InOrganisation,
    Person,
    PlanAction,
    Record,
    co_owners_field,
    lead_organisation_field,
)
from governance.validators import validate_not_in_future


class Workstream(Record):
    """One of the six headings under which the programme groups its projects."""

    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    overseeing_body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="workstreams",
        help_text="The operational group that oversees the workstream's projects.",
    )
    director = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="workstreams_led",
        help_text="The director who leads the workstream.",
    )

    # Every change is kept: who made it, when, and the values before and after.
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return self.name


class Project(InOrganisation, Record):
    class Stage(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        INITIATION = "initiation", "Initiation"
        PLANNING = "planning", "Planning"
        DELIVERY = "delivery", "Delivery"
        CLOSING = "closing", "Closing"
        CLOSED = "closed", "Closed"

    class Tier(models.IntegerChoices):
        ONE = 1, "Tier 1 – critical"
        TWO = 2, "Tier 2 – high"
        THREE = 3, "Tier 3 – standard"

    code = models.CharField(
        max_length=20, unique=True, help_text="The programme's short reference, e.g. SUF-01."
    )
    title = models.CharField(max_length=200)
    purpose = models.TextField(blank=True, help_text="What the project is for, in plain English.")
    workstream = models.ForeignKey(Workstream, on_delete=models.PROTECT, related_name="projects")
    lead = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="projects_led",
        help_text="The officer who updates the project each month.",
    )
    organisation = lead_organisation_field("projects")
    co_owners = co_owners_field("projects_co_owned")
    sponsor = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="projects_sponsored",
        null=True,
        blank=True,
        help_text="The director accountable for the project.",
    )
    overseeing_body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="projects_overseen",
        help_text="The board or group the project reports to.",
    )
    areas = models.ManyToManyField(
        AreaOfWeakness,
        related_name="projects",
        blank=True,
        verbose_name="areas of weakness",
        help_text="The inspection's areas of weakness this project helps to address.",
    )
    plan_actions = models.ManyToManyField(
        PlanAction,
        related_name="projects",
        blank=True,
        help_text="The improvement plan actions this project delivers.",
    )
    safety_valve = models.BooleanField(
        "contributes to Safety Valve",
        default=False,
        help_text="Tick if the project contributes to the Safety Valve agreement.",
    )
    savings_target = models.DecimalField(
        "Safety Valve savings target (£)",
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    savings_public = models.BooleanField(
        "savings figures public",
        default=False,
        help_text="Tick to let published summaries show this project's own savings figures; "
        "otherwise they show only the programme's totals.",
    )
    priority_tier = models.PositiveSmallIntegerField(choices=Tier.choices, default=Tier.TWO)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.INITIATION)
    start_date = models.DateField(null=True, blank=True)
    planned_end_date = models.DateField(null=True, blank=True)
    actual_end_date = models.DateField(null=True, blank=True, validators=[validate_not_in_future])

    # Every change is kept: who made it, when, and the values before and after, the
    # co-owners included.
    history = HistoricalRecords(m2m_fields=[co_owners])

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(savings_target__isnull=True) | Q(savings_target__gte=0),
                name="project_savings_target_not_negative",
                violation_error_message="A savings target cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(planned_end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(planned_end_date__gte=F("start_date")),
                name="project_ends_after_it_starts",
                violation_error_message="The planned end date must be after the start date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        if self.savings_target and not self.safety_valve:
            raise ValidationError(
                {
                    "savings_target": "Only Safety Valve projects carry a savings target: tick "
                    "“contributes to Safety Valve” or clear the target."
                }
            )
