"""Delivery: the programme's workstreams, its projects, and their milestones, risks and monthly
status reports. Derived figures (slippage, overdue, latest RAG) live in ``selectors``."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from governance.models import AreaOfWeakness, Body, Person, PlanAction, Record
from governance.validators import validate_first_of_month, validate_not_in_future
from sendtrack.concurrency import Versioned
from sendtrack.rag import RAG
from sendtrack.snapshots import SnapshotQuerySet

from .history import HistoryAsOf

SCALE_1_TO_5 = [MinValueValidator(1), MaxValueValidator(5)]


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


class Project(Record):
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
    priority_tier = models.PositiveSmallIntegerField(choices=Tier.choices, default=Tier.TWO)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.INITIATION)
    start_date = models.DateField(null=True, blank=True)
    planned_end_date = models.DateField(null=True, blank=True)
    actual_end_date = models.DateField(null=True, blank=True, validators=[validate_not_in_future])

    # Every change is kept: who made it, when, and the values before and after.
    history = HistoricalRecords()

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


class Milestone(Record):
    """A dated step in a project: the baseline is the date first agreed, the forecast the
    current expectation, and the completed date when it happened."""

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


class RiskQuerySet(models.QuerySet):
    def open(self) -> RiskQuerySet:
        """Risks and issues still being managed."""
        return self.filter(status=Risk.Status.OPEN)


class Risk(Record):
    """A risk (may happen) or an issue (has happened) at project, programme or partnership
    level, scored by likelihood × impact."""

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
    history = HistoryAsOf(excluded_fields=["score"])

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


class StatusReport(Versioned, Record):
    """A project's monthly report: one per project per month."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    period = models.DateField(
        "month",
        validators=[validate_first_of_month],
        help_text="The month reported on, as its first day (e.g. 1 October 2026).",
    )
    rag = models.CharField(
        "overall RAG",
        max_length=10,
        choices=RAG.choices,
        help_text="Green: on track. Amber: at risk but recoverable. Red: off track, help "
        "needed. Blue: complete.",
    )
    commentary = models.TextField(help_text="How the project is going, in a few sentences.")
    achievements = models.TextField(blank=True, help_text="What was done this month.")
    next_steps = models.TextField(blank=True, help_text="What will be done next month.")
    decisions_needed = models.TextField(
        "decisions or escalations needed",
        blank=True,
        help_text="Anything the overseeing board must decide or unblock.",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="status_reports",
        editable=False,
    )
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Every change is kept: who made it, when, and the values before and after.
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "-period"]
        get_latest_by = "period"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period"],
                name="status_report_one_per_project_per_month",
                violation_error_message="This project already has a report for this month. "
                "Edit that report instead of adding another.",
            ),
            models.CheckConstraint(
                condition=Q(rag__in=RAG.values),
                name="status_report_rag_valid",
                violation_error_message="Choose red, amber, green or blue.",
            ),
            models.CheckConstraint(
                condition=Q(period__day=1),
                name="status_report_period_first_of_month",
                violation_error_message="Use the first day of the month.",
            ),
        ]
        indexes = [models.Index(fields=["period", "project"])]

    def __str__(self) -> str:
        return f"{self.project.code} {self.period:%B %Y}"


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
