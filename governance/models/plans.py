"""The improvement plans that answer the inspection, and their actions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from ..validators import validate_not_in_future
from .base import Record
from .bodies import Meeting
from .inspection import AreaOfWeakness, Inspection
from .people import InOrganisation, Person, co_owners_field, lead_organisation_field


class ImprovementPlan(Record):
    """A plan answering the inspection: WSoA, representation, Improvement Notice, APP."""

    class Kind(models.TextChoices):
        WSOA = "wsoa", "Written Statement of Action"
        REPRESENTATION = "representation", "Representation to the Minister"
        IMPROVEMENT_NOTICE = "improvement_notice", "Improvement Notice"
        APP = "app", "Accelerated Progress Plan"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        SUPERSEDED = "superseded", "Superseded"
        CLOSED = "closed", "Closed"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    version = models.CharField(max_length=20, default="1")
    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="plans", null=True, blank=True
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_on = models.DateField(null=True, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    approved_by = models.CharField(
        max_length=200, blank=True, help_text="Who approved the plan, e.g. “DfE and NHS England”."
    )
    summary = models.TextField(blank=True)
    supersedes = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )

    # Every change is kept: who made it, when, and the values before and after.
    history = HistoricalRecords()

    class Meta:
        ordering = ["submitted_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "title", "version"],
                name="improvement_plan_version_unique",
                violation_error_message="This plan already has this version.",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_on__isnull=False),
                name="improvement_plan_approved_has_date",
                violation_error_message="Give the date the plan was approved.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class PlanActionQuerySet(models.QuerySet):
    def open(self) -> PlanActionQuerySet:
        """Actions not yet complete or withdrawn."""
        return self.exclude(status__in=PlanAction.CLOSED_STATUSES)


class PlanAction(InOrganisation, Record):
    """An action of an improvement plan, led by one partner organisation and perhaps owned
    jointly with others (its co-owners)."""

    class Timescale(models.TextChoices):
        NEXT_MEETING = "next_meeting", "By the next meeting"
        SIX_WEEKS = "six_weeks", "Within 6 weeks"
        THREE_MONTHS = "three_months", "Within 3 months"
        SIX_MONTHS = "six_months", "3 to 6 months"
        TWELVE_MONTHS = "twelve_months", "6 to 12 months"
        EIGHTEEN_MONTHS = "eighteen_months", "12 to 18 months"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"
        WITHDRAWN = "withdrawn", "Withdrawn"
        CARRIED_FORWARD = "carried_forward", "Carried forward to a later plan"

    # Statuses in which an action no longer counts as open or overdue.
    CLOSED_STATUSES = (Status.COMPLETE, Status.WITHDRAWN, Status.CARRIED_FORWARD)

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.PROTECT, related_name="actions")
    reference = models.CharField(max_length=30)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    areas = models.ManyToManyField(
        AreaOfWeakness,
        related_name="plan_actions",
        blank=True,
        help_text="The areas of weakness this action addresses.",
    )
    accountable_owner = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="actions_owned"
    )
    lead = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="actions_led"
    )
    organisation = lead_organisation_field("plan_actions")
    co_owners = co_owners_field("plan_actions_co_owned")
    timescale = models.CharField(max_length=20, choices=Timescale.choices, blank=True)
    promised_at = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions_promised",
        help_text="The meeting at which the action was promised, if it was promised to one.",
    )
    due_date = models.DateField(
        null=True,
        blank=True,
        help_text="Leave blank for an action promised “by the next meeting”: it is then due "
        "on the date of that body's next meeting.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True, validators=[validate_not_in_future])
    evidence_of_completion = models.TextField(blank=True)
    impact_measure = models.TextField(
        blank=True, help_text="How we will know the action has made a difference."
    )
    carried_forward_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_forward_to",
        help_text="The action in an earlier plan that this one continues.",
    )

    objects = PlanActionQuerySet.as_manager()

    # Every change is kept: who made it, when, and the values before and after, the
    # co-owners included.
    history = HistoricalRecords(m2m_fields=[co_owners])

    class Meta:
        ordering = ["plan__submitted_on", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "reference"],
                name="plan_action_reference_unique_per_plan",
                violation_error_message="This plan already has an action with this reference.",
            ),
            models.CheckConstraint(
                condition=~Q(status="complete") | Q(completed_on__isnull=False),
                name="plan_action_complete_has_date",
                violation_error_message="Give the date the action was completed.",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def clean(self) -> None:
        if self.status == self.Status.COMPLETE and not self.completed_on:
            raise ValidationError({"completed_on": "Give the date the action was completed."})
        if self.carried_forward_from_id and self.carried_forward_from_id == self.pk:
            raise ValidationError({"carried_forward_from": "An action cannot continue itself."})
