"""sendtrack's own models: what the programme's background work leaves behind (the emails sent,
the documents built) and the published summaries with the workforce figures they report. The
module also lets migrate announce this app last, after every other app's permissions exist,
which is when the roles are brought up to date."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from governance.models import Person
from indicators.models import Indicator
from projects.models import Project


class EmailLog(models.Model):
    """An email sendtrack sent: a reminder about one project's report or one indicator's
    figure for a month, or the weekly data-quality digest. Nobody is sent the same email about
    the same thing twice on one day, however often (or however concurrently) the task runs."""

    class Kind(models.TextChoices):
        FIRST_REMINDER = "first_reminder", "First reminder"
        SECOND_REMINDER = "second_reminder", "Second reminder (copied to the director)"
        DIGEST = "digest", "Weekly data-quality digest"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    recipient = models.EmailField("sent to")
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emails_received",
        help_text="The person the email was addressed to, if they are named in the programme.",
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    period = models.DateField("month", null=True, blank=True, help_text="The month reminded of.")
    copied_to = models.CharField(max_length=500, blank=True)
    sent_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = "email sent"
        verbose_name_plural = "emails sent"
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "period", "project", "sent_on"],
                condition=Q(project__isnull=False),
                name="email_log_once_a_day_per_project",
            ),
            models.UniqueConstraint(
                fields=["recipient", "kind", "period", "indicator", "sent_on"],
                condition=Q(indicator__isnull=False),
                name="email_log_once_a_day_per_indicator",
            ),
            models.UniqueConstraint(
                fields=["recipient", "kind", "sent_on"],
                condition=Q(kind="digest"),
                name="email_log_one_digest_a_day",
            ),
            # A reminder is about exactly one project or indicator, for a month; a digest is
            # about neither.
            models.CheckConstraint(
                condition=(
                    Q(kind="digest", project__isnull=True, indicator__isnull=True)
                    | (
                        ~Q(kind="digest")
                        & Q(period__isnull=False)
                        & (
                            Q(project__isnull=False, indicator__isnull=True)
                            | Q(project__isnull=True, indicator__isnull=False)
                        )
                    )
                ),
                name="email_log_about_one_thing",
            ),
        ]
        indexes = [models.Index(fields=["period", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient} on {self.sent_on:%-d %B %Y}"

    @property
    def about(self) -> Project | Indicator | None:
        return self.project or self.indicator


class DocumentBuild(models.Model):
    """A document asked for and built in the background (the monthly reports pack, an
    evidence pack for an area of weakness), with where it has got to and its file."""

    class Kind(models.TextChoices):
        MONTHLY_REPORTS_PACK = "monthly_reports_pack", "Monthly reports pack"
        EVIDENCE_PACK = "evidence_pack", "Evidence pack"
        BOARD_PACK = "board_pack", "Meeting pack"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        # The job queue (Redis) did not answer when the build was asked for: it is sent
        # again when the queue is back (sendtrack.jobs).
        WAITING = "waiting", "Waiting for the job queue"
        RUNNING = "running", "Being built"
        SUCCEEDED = "succeeded", "Ready"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=40, choices=Kind.choices)
    parameters = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to="documents/%Y/%m/", max_length=300, blank=True)
    error = models.TextField("what went wrong", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="document_builds",
    )
    requested_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(
        "handed to the job queue", null=True, blank=True, help_text="When it was last sent."
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def month(self) -> date | None:
        """The month a monthly document covers, from its parameters."""
        text = (self.parameters or {}).get("period")
        return date.fromisoformat(f"{text}-01") if text else None

    @property
    def title(self) -> str:
        month = self.month
        name = self.Kind(self.kind).label if self.kind in self.Kind.values else self.kind
        if self.kind == self.Kind.EVIDENCE_PACK:
            area = (self.parameters or {}).get("area")
            return f"{name} for area {area}" if area else f"{name} for all nine areas"
        if self.kind == self.Kind.BOARD_PACK:
            parameters = self.parameters or {}
            fmt = str(parameters.get("format", "")).upper()
            as_at = parameters.get("as_at")
            day = f" as at {date.fromisoformat(as_at):%-d %B %Y}" if as_at else ""
            return f"{name} ({fmt}): {month:%B %Y} (month){day}" if month else name
        return f"{name} for {month:%B %Y}" if month else name


class DataChange(models.Model):
    """A write to the data, filed by the statement that made it (see ``dataversion``): the
    rows' count and ids are the data's version, which caches and validators are keyed on;
    per family of tables written (risks, milestones, …, or ``other``), the version that what
    is derived from that family alone is kept under."""

    family = models.CharField(max_length=20, db_default="other")

    class Meta:
        verbose_name = "data change"

    def __str__(self) -> str:
        return f"Change {self.pk}"


# The co-production log ("you said, we did") and the published summaries live in their own
# packages; Django finds their models through here.
from .boards.models import AgendaItem, BoardAction, Decision, EscalationResponse  # noqa: E402
from .coproduction.models import CoproductionEntry  # noqa: E402
from .publications.models import Publication, PublicationVersion, WorkforceFigure  # noqa: E402

__all__ = [
    "AgendaItem",
    "BoardAction",
    "CoproductionEntry",
    "Decision",
    "EscalationResponse",
    "DataChange",
    "DocumentBuild",
    "EmailLog",
    "Publication",
    "PublicationVersion",
    "WorkforceFigure",
]
