"""A meeting's business: its agenda, what it decided, the actions it set (carried from meeting
to meeting until done) and its responses to the escalations that reached it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import Truncator
from simple_history.models import HistoricalRecords

from governance.models import AreaOfWeakness, Meeting, Person, Record
from governance.validators import validate_not_in_future
from projects.models import Project, Risk, StatusReport


class AgendaItem(Record):
    """One item of a meeting's agenda, in order, with its paper and what it concerns."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.PositiveSmallIntegerField(help_text="Its place on the agenda: 1, 2, 3…")
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        help_text="Who presents the item.",
    )
    paper = models.FileField(
        upload_to="papers/%Y/",
        max_length=300,
        blank=True,
        help_text="The paper for the item (PDF, Word or Excel), if there is one.",
    )
    paper_url = models.URLField(
        "link to the paper", blank=True, help_text="Or a link to the paper, if it is kept online."
    )
    projects = models.ManyToManyField(Project, related_name="agenda_items", blank=True)
    areas = models.ManyToManyField(
        AreaOfWeakness,
        related_name="agenda_items",
        blank=True,
        verbose_name="areas of weakness",
    )
    risks = models.ManyToManyField(Risk, related_name="agenda_items", blank=True)

    # Every change is kept, so that a pack can show the agenda as it stood on its day.
    history = HistoricalRecords(m2m_fields=[projects, areas, risks])

    class Meta:
        ordering = ["meeting", "number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="agenda_item_number_unique_per_meeting",
                violation_error_message="This meeting already has an item with this number.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def clean(self) -> None:
        if self.paper and self.paper_url:
            raise ValidationError({"paper_url": "Give the paper as a file or as a link, not both."})


class Decision(Record):
    """What a meeting decided, and by whom (the board, or its chair with the board's leave)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    reference = models.CharField(max_length=20, help_text="As minuted, for example “D3”.")
    decision = models.TextField(help_text="What was decided, in the words of the minutes.")
    decided_by = models.CharField(
        max_length=200,
        help_text="Who decided: for example “The Board” or “The Chair, on the Board's behalf”.",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        help_text="The agenda item it was decided under, if any.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "reference", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "reference"],
                name="decision_reference_unique_per_meeting",
                violation_error_message="This meeting already has a decision with this reference.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {Truncator(self.decision).words(12)}"

    def clean(self) -> None:
        item = self.agenda_item if self.agenda_item_id else None
        if item is not None and self.meeting_id and item.meeting_id != self.meeting_id:
            raise ValidationError({"agenda_item": "Choose an item on this meeting's agenda."})


class BoardActionQuerySet(models.QuerySet):
    def outstanding(self) -> BoardActionQuerySet:
        """Actions not yet done nor dropped."""
        return self.filter(status__in=BoardAction.OUTSTANDING)


class BoardAction(Record):
    """An action a meeting set: who does it and by when (a date or a later meeting). It is
    brought forward to each meeting of the body until it is done or dropped."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped by the body"

    OUTSTANDING = (Status.OPEN, Status.IN_PROGRESS)

    raised_at = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="actions_raised",
        help_text="The meeting that set the action.",
    )
    reference = models.CharField(max_length=20, help_text="As minuted, for example “A4”.")
    action = models.TextField()
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="board_actions")
    due_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions_due",
        help_text="The meeting it is due by, if it is due by a meeting rather than a date.",
    )
    due_date = models.DateField(null=True, blank=True, help_text="Or the date it is due by.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(
        "done on", null=True, blank=True, validators=[validate_not_in_future]
    )
    update = models.TextField(blank=True, help_text="Progress, as reported to the body.")

    objects = BoardActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["raised_at__date", "reference", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["raised_at", "reference"],
                name="board_action_reference_unique_per_meeting",
                violation_error_message="This meeting already has an action with this reference.",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_on__isnull=False),
                name="board_action_done_has_date",
                violation_error_message="Give the date the action was done.",
            ),
            models.CheckConstraint(
                condition=Q(due_meeting__isnull=True) | Q(due_date__isnull=True),
                name="board_action_due_by_meeting_or_date",
                violation_error_message="Give the meeting or the date the action is due by, "
                "not both.",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.reference}: {Truncator(self.action).words(12)}"

    @property
    def due(self):
        """The day the action is due: its date, or its meeting's."""
        return self.due_date or (self.due_meeting.date if self.due_meeting_id else None)

    def clean(self) -> None:
        errors = {}
        if self.status == self.Status.DONE and not self.completed_on:
            errors["completed_on"] = "Give the date the action was done."
        if self.due_meeting_id and self.due_date:
            errors["due_date"] = "Give the meeting or the date the action is due by, not both."
        if self.due_meeting_id and self.raised_at_id:
            due, raised = self.due_meeting, self.raised_at
            if due.body_id != raised.body_id:
                errors["due_meeting"] = "Choose a meeting of the same body."
            elif due.date <= raised.date:
                errors["due_meeting"] = "Choose a meeting after the one that set the action."
        if self.due_date and self.raised_at_id and self.due_date < self.raised_at.date:
            errors["due_date"] = "An action cannot be due before the meeting that set it."
        if self.completed_on and self.raised_at_id and self.completed_on < self.raised_at.date:
            errors["completed_on"] = "An action cannot be done before the meeting that set it."
        if errors:
            raise ValidationError(errors)


class EscalationResponse(Record):
    """A body's answer, at a meeting, to an escalation: a monthly report's "decisions or
    escalations needed", or a risk escalated to the body."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="escalation_responses"
    )
    status_report = models.ForeignKey(
        StatusReport,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="escalation_responses",
    )
    risk = models.ForeignKey(
        Risk, on_delete=models.CASCADE, null=True, blank=True, related_name="escalation_responses"
    )
    response = models.TextField(help_text="What the body decided or advised.")
    responded_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="escalation_responses",
        null=True,
        blank=True,
        help_text="Who gave the response, usually the chair.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting__date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status_report__isnull=False, risk__isnull=True)
                | Q(status_report__isnull=True, risk__isnull=False),
                name="escalation_response_to_one_thing",
                violation_error_message="A response answers one report or one risk.",
            ),
            models.UniqueConstraint(
                fields=["meeting", "status_report"],
                condition=Q(status_report__isnull=False),
                name="escalation_response_once_per_report_per_meeting",
                violation_error_message="This meeting has already answered this report.",
            ),
            models.UniqueConstraint(
                fields=["meeting", "risk"],
                condition=Q(risk__isnull=False),
                name="escalation_response_once_per_risk_per_meeting",
                violation_error_message="This meeting has already answered this risk.",
            ),
        ]

    def __str__(self) -> str:
        return f"Response at {self.meeting}: {Truncator(self.response).words(10)}"


__all__ = ["AgendaItem", "BoardAction", "Decision", "EscalationResponse"]
