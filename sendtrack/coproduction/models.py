"""The co-production log: what families said, what was done about it and when they were told.
Nothing in it may identify a child: its free text is checked by ``NoChildIdentifiers``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from governance.models import AreaOfWeakness, Person, PlanAction, Record
from governance.validators import validate_not_in_future
from projects.models import Project

from .identifiers import validate_no_child_identifiers

NO_IDS = [validate_no_child_identifiers]


class CoproductionEntryQuerySet(models.QuerySet):
    def published(self) -> CoproductionEntryQuerySet:
        """Entries the programme office has approved for the public pages and the API."""
        return self.filter(is_published=True)


class CoproductionEntry(Record):
    """One thing parents, carers, children or young people told us (“you said”) and what the
    partnership did about it (“we did”)."""

    class Source(models.TextChoices):
        FORUM_MEETING = "forum_meeting", "Forum meeting"
        SURVEY = "survey", "Survey"
        EVENT = "event", "Event or workshop"
        COMPLAINT_THEME = "complaint_theme", "Theme from complaints"

    class Status(models.TextChoices):
        HEARD = "heard", "Heard"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        NOT_TAKEN_FORWARD = "not_taken_forward", "Not taken forward"

    source = models.CharField(max_length=20, choices=Source.choices)
    heard_from = models.CharField(
        "heard from",
        max_length=200,
        validators=NO_IDS,
        help_text="The forum, survey or event, e.g. “Kent PACT forum meeting”. Never a "
        "child's name.",
    )
    said_on = models.DateField(
        "date said", validators=[validate_not_in_future], help_text="When it was said."
    )
    said = models.TextField(
        "you said",
        validators=NO_IDS,
        help_text="Their words, or a summary of them.",
    )
    area = models.ForeignKey(
        AreaOfWeakness,
        on_delete=models.PROTECT,
        related_name="coproduction_entries",
        verbose_name="area of weakness",
    )
    recorded_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coproduction_recorded",
        help_text="Who recorded it. Left blank, the person signed in.",
    )
    plan_actions = models.ManyToManyField(
        PlanAction,
        blank=True,
        related_name="coproduction_entries",
        help_text="The plan actions that answer it.",
    )
    projects = models.ManyToManyField(
        Project,
        blank=True,
        related_name="coproduction_entries",
        help_text="The projects that answer it.",
    )
    we_did = models.TextField(
        "we did",
        blank=True,
        validators=NO_IDS,
        help_text="What was done about it, in plain English.",
    )
    we_did_summary = models.TextField(
        "plain-English summary",
        blank=True,
        validators=NO_IDS,
        help_text="What was done, in a sentence or two that a family can read easily. Shown "
        "first on the public page.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.HEARD)
    not_taken_forward_reason = models.TextField(
        "why it was not taken forward",
        blank=True,
        validators=NO_IDS,
        help_text="Needed when it was not taken forward: families are told why.",
    )
    families_told_on = models.DateField(
        "families told on",
        null=True,
        blank=True,
        validators=[validate_not_in_future],
        help_text="When families were told what was done.",
    )
    is_published = models.BooleanField(
        "approved for publication",
        default=False,
        help_text="Shown on the public “You said, we did” page, the API and publications.",
    )

    objects = CoproductionEntryQuerySet.as_manager()

    # Every change is kept: who made it, when, and the values before and after.
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["area__number", "-said_on", "-pk"]
        verbose_name = "“You said, we did” entry"
        verbose_name_plural = "“You said, we did” entries"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="not_taken_forward") | ~Q(not_taken_forward_reason=""),
                name="coproduction_not_taken_forward_has_reason",
                violation_error_message="Say why it was not taken forward.",
            ),
        ]
        indexes = [models.Index(fields=["is_published", "said_on"])]

    def __str__(self) -> str:
        return f"{self.get_source_display()}, {self.said_on:%-d %B %Y}: {self.said[:60]}"

    def clean(self) -> None:
        errors = {}
        if self.status == self.Status.NOT_TAKEN_FORWARD and not self.not_taken_forward_reason:
            errors["not_taken_forward_reason"] = (
                "Say why it was not taken forward: families are told the reason."
            )
        if self.families_told_on and self.said_on and self.families_told_on < self.said_on:
            errors["families_told_on"] = (
                "Families cannot have been told before it was said. Give a date on or after "
                "the date said."
            )
        if errors:
            raise ValidationError(errors)
