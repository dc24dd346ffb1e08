"""A publication for a meeting, its frozen versions, and the workforce figures it reports."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from governance.models import Meeting, Record
from sendtrack.coproduction.identifiers import validate_no_child_identifiers


class Section(models.TextChoices):
    """The parts a publication may show, in the order it shows them."""

    AREAS = "areas", "Progress on the areas of weakness"
    KPIS = "kpis", "Key performance indicators"
    PORTFOLIO = "portfolio", "Projects by workstream"
    PROMISES = "promises", "Promised by the next meeting"
    REQUESTS = "requests", "Members' information requests"
    YOUSAID = "yousaid", "You said, we did"
    WORKFORCE = "workforce", "Workforce"
    FINANCE = "finance", "Safety Valve savings"


def _section_summary(section: Section) -> models.TextField:
    return models.TextField(
        f"plain-English summary: {section.label[0].lower()}{section.label[1:]}",
        blank=True,
        validators=[validate_no_child_identifiers],
        help_text="Shown under the section's heading: what it says, in a sentence or two that "
        "anyone can read easily.",
    )


class Publication(models.Model):
    """What the council publishes for a meeting; its content is frozen in its versions."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for approval"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="publications")
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=120,
        unique=True,
        blank=True,
        help_text="The last part of its public address. Left blank, it is made from the "
        "meeting's body and date.",
    )
    summary = models.TextField(
        blank=True, help_text="An introduction shown at the top, in plain English."
    )
    as_at = models.DateField(
        "figures as at",
        null=True,
        blank=True,
        help_text="The day the figures are read as at: reports and figures for the latest "
        "period on or before it, milestones as their history recorded them then, and the "
        "requests raised by then. Left blank, the meeting's date.",
    )
    include_areas = models.BooleanField(Section.AREAS.label, default=True)
    include_kpis = models.BooleanField(Section.KPIS.label, default=True)
    include_portfolio = models.BooleanField(Section.PORTFOLIO.label, default=True)
    include_promises = models.BooleanField(Section.PROMISES.label, default=True)
    include_requests = models.BooleanField(Section.REQUESTS.label, default=True)
    include_yousaid = models.BooleanField(
        Section.YOUSAID.label,
        default=False,
        help_text="What families said and what was done: the entries approved for publication "
        "that were said by the day the figures are read as at.",
    )
    include_workforce = models.BooleanField(Section.WORKFORCE.label, default=True)
    include_finance = models.BooleanField(
        Section.FINANCE.label,
        default=False,
        help_text="The programme's savings per financial year against the Safety Valve target; "
        "a project's own figures only where the programme office has made them public.",
    )
    areas_summary = _section_summary(Section.AREAS)
    kpis_summary = _section_summary(Section.KPIS)
    portfolio_summary = _section_summary(Section.PORTFOLIO)
    promises_summary = _section_summary(Section.PROMISES)
    requests_summary = _section_summary(Section.REQUESTS)
    yousaid_summary = _section_summary(Section.YOUSAID)
    workforce_summary = _section_summary(Section.WORKFORCE)
    finance_summary = _section_summary(Section.FINANCE)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    correction_reason = models.TextField(
        blank=True,
        editable=False,
        help_text="Why the published version is being corrected; shown on the next version.",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Every change is kept: who made it, when, and the values before and after.
    history = HistoricalRecords()

    class Meta:
        ordering = ["-meeting__date", "title"]
        permissions = [("approve_publication", "Can approve a publication for publishing")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self.as_at is None and self.meeting_id:
            self.as_at = self.meeting.date
        if not self.slug and self.meeting_id:
            body = self.meeting.body
            base = slugify(f"{body.short_name or body.name} {self.meeting.date:%Y-%m-%d}")
            # A second publication for the same meeting is numbered: …-2023-03-22-2.
            taken = set(
                Publication.objects.filter(slug__startswith=base)
                .exclude(pk=self.pk)
                .values_list("slug", flat=True)
            )
            self.slug = next(
                slug
                for slug in (base, *(f"{base}-{n}" for n in range(2, len(taken) + 3)))
                if slug not in taken
            )
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.as_at and self.meeting_id and self.as_at > self.meeting.date:
            raise ValidationError(
                {
                    "as_at": f"Figures for the meeting of {self.meeting.date:%-d %B %Y} cannot "
                    "be as at a later day. Give the meeting's date or an earlier one."
                }
            )

    @property
    def sections(self) -> list[str]:
        """The chosen sections, in the order the publication shows them."""
        return [s.value for s in Section if getattr(self, f"include_{s.value}")]

    def section_summary(self, key: str) -> str:
        """The plain-English summary the programme office wrote for section ``key``."""
        return getattr(self, f"{key}_summary").strip()


class FrozenVersionError(Exception):
    """A published version was about to be changed or deleted."""


class PublicationVersion(models.Model):
    """A published version: the snapshot of everything it shows, never changed once saved.

    Only the PDF built from it afterwards (its file, status and error) may be written later."""

    class PdfStatus(models.TextChoices):
        PENDING = "pending", "Waiting to be built"
        # The job queue (Redis) did not answer when it was published: the PDF is sent again
        # when the queue is back (sendtrack.jobs).
        WAITING = "waiting", "Waiting for the job queue"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    PDF_FIELDS = frozenset({"pdf", "pdf_status", "pdf_error", "pdf_built_at", "pdf_queued_at"})

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField()
    content = models.JSONField(help_text="The frozen snapshot the public pages, PDF and API show.")
    correction_reason = models.TextField(blank=True)
    correction_note = models.TextField(blank=True)
    pdf = models.FileField(upload_to="publications/", blank=True)
    pdf_status = models.CharField(
        "PDF", max_length=20, choices=PdfStatus.choices, default=PdfStatus.PENDING
    )
    pdf_error = models.TextField("PDF error", blank=True)
    pdf_built_at = models.DateTimeField(null=True, blank=True)
    pdf_queued_at = models.DateTimeField(
        "PDF handed to the job queue", null=True, blank=True, help_text="When it was last sent."
    )

    class Meta:
        ordering = ["publication", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "number"],
                name="publication_version_number_unique",
                violation_error_message="This publication already has a version with this number.",
            ),
            models.CheckConstraint(
                condition=Q(number=1) | ~Q(correction_reason=""),
                name="publication_version_correction_has_reason",
                violation_error_message="A correction needs its reason.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publication} (version {self.number})"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= self.PDF_FIELDS:
                raise FrozenVersionError(
                    "A published version never changes: publish a correction instead."
                )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenVersionError("A published version stays readable: it cannot be deleted.")


class WorkforceFigure(Record):
    """Staff in post and vacancies of a team on a date, as members asked to see at each meeting."""

    as_at = models.DateField("as at")
    team = models.CharField("service or team", max_length=200)
    posts_established = models.PositiveIntegerField(
        "established posts", help_text="Posts in the team's establishment (full-time equivalent)."
    )
    staff_in_post = models.PositiveIntegerField()
    vacancies = models.PositiveIntegerField()
    source = models.CharField(
        max_length=200, blank=True, help_text="Where the figures come from, e.g. the HR system."
    )

    # Every change is kept: who made it, when, and the values before and after.
    history = HistoricalRecords()

    class Meta:
        ordering = ["-as_at", "team"]
        constraints = [
            models.UniqueConstraint(
                fields=["as_at", "team"],
                name="workforce_figure_one_per_team_per_date",
                violation_error_message="This team already has figures for this date.",
            ),
            models.CheckConstraint(
                condition=Q(vacancies__lte=F("posts_established")),
                name="workforce_vacancies_within_establishment",
                violation_error_message="Vacancies cannot be more than the established posts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} at {self.as_at:%-d %B %Y}"

    def clean(self) -> None:
        if (
            self.vacancies is not None
            and self.posts_established is not None
            and self.vacancies > self.posts_established
        ):
            raise ValidationError(
                {"vacancies": "Vacancies cannot be more than the established posts."}
            )
