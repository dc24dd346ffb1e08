"""Projects' monthly status reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from governance.models import Record
from governance.validators import validate_first_of_month, validate_period_started
from sendtrack.kernel.concurrency import Versioned
from sendtrack.kernel.rag import RAG

from .programme import Project


class StatusReport(Versioned, Record):
    """A project's monthly report: one per project per month."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    period = models.DateField(
        "month",
        validators=[validate_first_of_month, validate_period_started],
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
        if self.project_id is None or self.period is None:
            return "New monthly report"
        return f"{self.project.code} — {self.period:%B %Y}"
