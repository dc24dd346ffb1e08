"""Evidence of progress on an area of weakness or of a plan action's impact: a document, data,
an audit or what families said, as an uploaded file or a link, and who reviewed it."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from ..evidence_files import validate_evidence_file
from ..validators import validate_not_in_future
from .base import Record
from .inspection import AreaOfWeakness
from .people import Person
from .plans import PlanAction


def evidence_upload_to(instance: EvidenceItem, filename: str) -> str:
    """Each file in a folder of its own random name, so no stored path can be guessed."""
    path = PurePath(filename)
    stem = slugify(path.stem)[:80] or "evidence"
    return f"evidence/{uuid.uuid4().hex}/{stem}{path.suffix.lower()}"


class EvidenceItem(Record):
    """A piece of evidence on an area of weakness or a plan action; once reviewed it counts
    towards the action's impact rating."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", "Document or report"
        DATA = "data", "Data or analysis"
        AUDIT = "audit", "Audit or quality check"
        FEEDBACK = "feedback", "Feedback from children, young people and families"
        CASE_STUDY = "case_study", "Case study"
        MINUTES = "minutes", "Minutes or decision"

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    area = models.ForeignKey(
        AreaOfWeakness,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence_items",
        help_text="The area of weakness it evidences (or choose a plan action).",
    )
    plan_action = models.ForeignKey(
        PlanAction,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence_items",
        help_text="The plan action whose delivery or impact it evidences.",
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    dated = models.DateField(
        "date", validators=[validate_not_in_future], help_text="The date of the evidence itself."
    )
    summary = models.TextField(blank=True, help_text="What it shows, in a sentence or two.")
    link = models.URLField(blank=True, max_length=500, help_text="Where it is kept, if online.")
    file = models.FileField(
        upload_to=evidence_upload_to,
        max_length=300,
        blank=True,
        validators=[validate_evidence_file],
        help_text="PDF, Word (DOCX), Excel (XLSX), CSV, PNG or JPEG.",
    )
    original_name = models.CharField(max_length=200, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence_reviewed",
        help_text="Who checked that it shows what it claims.",
    )
    reviewed_on = models.DateField(null=True, blank=True, validators=[validate_not_in_future])

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        ordering = ["-dated", "title"]
        verbose_name = "evidence item"
        constraints = [
            models.CheckConstraint(
                condition=Q(area__isnull=False) | Q(plan_action__isnull=False),
                name="evidence_item_on_area_or_action",
                violation_error_message="Choose the area of weakness or the plan action it "
                "evidences.",
            ),
            models.CheckConstraint(
                condition=~Q(link="") | ~Q(file=""),
                name="evidence_item_has_link_or_file",
                violation_error_message="Give a link to the evidence or upload its file.",
            ),
            models.CheckConstraint(
                condition=Q(reviewed_by__isnull=True, reviewed_on__isnull=True)
                | Q(reviewed_by__isnull=False, reviewed_on__isnull=False),
                name="evidence_item_reviewed_by_and_on",
                violation_error_message="Give both who reviewed the evidence and when.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_on is not None

    def clean(self) -> None:
        errors = {}
        if self.reviewed_by_id and not self.reviewed_on:
            errors["reviewed_on"] = "Give the date the evidence was reviewed."
        if self.reviewed_on and not self.reviewed_by_id:
            errors["reviewed_by"] = "Say who reviewed the evidence."
        if self.reviewed_on and self.dated and self.reviewed_on < self.dated:
            errors["reviewed_on"] = "Evidence cannot be reviewed before its own date."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        # The name the file was uploaded under, for the download; the stored name is random.
        if self.file and not getattr(self.file, "_committed", True):
            self.original_name = PurePath(self.file.name).name[:200]
        super().save(*args, **kwargs)
