"""Boards, groups and committees: their members, their meetings and what members asked for."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.text import Truncator
from simple_history.models import HistoricalRecords

from ..validators import validate_not_in_future
from .base import Record
from .people import Organisation, Person


class Body(Record):
    """A board, group or committee, and the body it reports to (its escalation route)."""

    class Kind(models.TextChoices):
        BOARD = "board", "Board"
        GROUP = "group", "Group"
        COMMITTEE = "committee", "Committee of elected members"
        TEAM = "team", "Management team"

    class Cadence(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        FORTNIGHTLY = "fortnightly", "Fortnightly"
        MONTHLY = "monthly", "Monthly"
        SIX_WEEKLY = "six_weekly", "Every six weeks"
        BIMONTHLY = "bimonthly", "Every two months"
        QUARTERLY = "quarterly", "Quarterly"
        AS_NEEDED = "as_needed", "As needed"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="bodies",
        help_text="The organisation that hosts the body.",
    )
    reports_to = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reporting_bodies",
        help_text="Where this body escalates to and gives assurance to.",
    )
    purpose = models.TextField(blank=True)
    terms_of_reference = models.TextField(blank=True)
    terms_review_date = models.DateField("terms of reference review date", null=True, blank=True)
    cadence = models.CharField(
        "meets", max_length=20, choices=Cadence.choices, default=Cadence.MONTHLY
    )
    established_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(
        null=True, blank=True, help_text="Set when the body is abolished or stands down."
    )

    # Every change is kept: who made it, when, and the values before and after.
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(established_on__isnull=True)
                | Q(ended_on__gte=F("established_on")),
                name="body_ends_after_it_starts",
                violation_error_message="A body cannot end before it is established.",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        # Walk up the reporting line: a body may not report to itself, directly or indirectly.
        seen = {self.pk} if self.pk else set()
        parent = self.reports_to
        while parent is not None:
            if parent.pk in seen:
                raise ValidationError(
                    {
                        "reports_to": "This would make a loop: a body cannot report to itself, "
                        "directly or through other bodies."
                    }
                )
            seen.add(parent.pk)
            parent = parent.reports_to


class Membership(Record):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        CO_CHAIR = "co_chair", "Co-chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"
        OFFICER = "officer", "Officer in attendance"
        ATTENDEE = "attendee", "In attendance (e.g. a Cabinet Member)"
        ADVISER = "adviser", "Adviser"
        SECRETARIAT = "secretariat", "Secretariat"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    # Every change is kept: who made it, when, and the values before and after.
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "role", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "person", "role"],
                condition=Q(end_date__isnull=True),
                name="membership_one_current_role_per_person",
                violation_error_message="This person already holds this role on this body.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="membership_ends_after_it_starts",
                violation_error_message="A membership cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}: {self.get_role_display()} of {self.body}"


class Meeting(Record):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    title = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    location = models.CharField(max_length=200, blank=True)
    papers_url = models.URLField("link to papers", blank=True)
    minutes = models.TextField(blank=True)
    note = models.TextField(blank=True)
    minutes_approved_at = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="minutes_approved",
        verbose_name="minutes approved at",
        help_text="The later meeting of the body that approved these minutes.",
    )
    minutes_approved_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="minutes_approved",
        verbose_name="minutes signed by",
        help_text="Who signed the minutes as a true record, usually the chair.",
    )

    # Every change is kept: who made it, when, and the values before and after.
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "date"],
                name="meeting_one_per_body_per_day",
                violation_error_message="This body already has a meeting on this date.",
            ),
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.body} – {self.date:%-d %B %Y}"

    def clean(self) -> None:
        approver = self.minutes_approved_at
        if approver is None:
            if self.minutes_approved_by_id:
                raise ValidationError(
                    {"minutes_approved_at": "Choose the meeting that approved the minutes."}
                )
            return
        if approver.body_id != self.body_id or not self.date or approver.date <= self.date:
            raise ValidationError(
                {
                    "minutes_approved_at": "Minutes are approved at a later meeting of the "
                    "same body: choose one."
                }
            )
        if approver.status == Meeting.Status.CANCELLED:
            raise ValidationError(
                {"minutes_approved_at": "A cancelled meeting cannot approve minutes."}
            )


class InformationRequestQuerySet(models.QuerySet):
    def outstanding(self) -> InformationRequestQuerySet:
        """Requests still waiting for a response."""
        return self.filter(status__in=InformationRequest.OUTSTANDING)


class InformationRequest(Record):
    """Something members asked for at a meeting, of whom, by when, and what came back."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        PROVIDED = "provided", "Provided"
        WITHDRAWN = "withdrawn", "Withdrawn"

    OUTSTANDING = (Status.OPEN, Status.IN_PROGRESS)

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="information_requests",
        help_text="The meeting at which members asked for the information.",
    )
    reference = models.CharField(max_length=20, help_text="As minuted, for example “21a”.")
    request = models.TextField(help_text="What members asked for, in the words of the minutes.")
    requested_of = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="information_requests",
        null=True,
        blank=True,
        help_text="The officer asked to provide it.",
    )
    due_date = models.DateField(
        null=True,
        blank=True,
        help_text="Leave blank to use the date of the body's next meeting.",
    )
    recurring = models.BooleanField(
        default=False, help_text="Tick if members asked for this at every meeting."
    )
    areas = models.ManyToManyField(
        "governance.AreaOfWeakness",
        related_name="information_requests",
        blank=True,
        verbose_name="areas of weakness",
        help_text="The areas of weakness the request is about, if any.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(blank=True)
    provided_on = models.DateField(null=True, blank=True, validators=[validate_not_in_future])

    objects = InformationRequestQuerySet.as_manager()

    # Every change is kept: who made it, when, and the values before and after.
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting__date", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "reference"],
                name="information_request_reference_unique_per_meeting",
                violation_error_message="This meeting already has a request with this reference.",
            ),
            models.CheckConstraint(
                condition=~Q(status="provided") | Q(provided_on__isnull=False),
                name="information_request_provided_has_date",
                violation_error_message="Give the date the information was provided.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {Truncator(self.request).words(12)}"

    def clean(self) -> None:
        if self.status == self.Status.PROVIDED and not self.provided_on:
            raise ValidationError({"provided_on": "Give the date the information was provided."})
        if self.provided_on and self.meeting_id and self.provided_on < self.meeting.date:
            raise ValidationError(
                {"provided_on": "The information cannot be provided before it was asked for."}
            )
