"""The inspection, its nine areas of weakness and their dated self-assessments."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from .base import Record
from .people import Person


class Inspection(Record):
    class Kind(models.TextChoices):
        INSPECTION = "inspection", "Inspection"
        REVISIT = "revisit", "Revisit"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    inspectorates = models.CharField(max_length=100, default="Ofsted and CQC")
    local_area = models.CharField(max_length=100)
    start_date = models.DateField()
    end_date = models.DateField()
    letter_published_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    revisit_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="revisits"
    )

    # Every change is kept: who made it, when, and the values before and after.
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="inspection_ends_after_it_starts",
                violation_error_message="An inspection cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_date:%B %Y})"


class AreaOfWeakness(Record):
    """One of the nine areas of significant weakness an inspection found."""

    class RevisitJudgement(models.TextChoices):
        NOT_REVISITED = "not_revisited", "Not yet revisited"
        INSUFFICIENT = "insufficient", "Insufficient progress"
        SUFFICIENT = "sufficient", "Sufficient progress"

    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="areas_of_weakness"
    )
    number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text="The area's number in the inspection letter, 1 to 9.",
    )
    title = models.CharField(max_length=300)
    wording_confirmed = models.BooleanField(
        default=True, help_text="Untick while the title is a working summary awaiting checking."
    )
    finding = models.TextField(blank=True, help_text="What the inspectors found.")
    revisit_judgement = models.CharField(
        max_length=20, choices=RevisitJudgement.choices, default=RevisitJudgement.NOT_REVISITED
    )
    lead = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="areas_led",
        help_text="The senior officer accountable for improvement in this area.",
    )

    # Every change is kept: who made it, when, and the values before and after.
    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection__start_date", "number"]
        verbose_name_plural = "areas of weakness"
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "number"],
                name="area_of_weakness_number_unique_per_inspection",
                violation_error_message="This inspection already has an area with this number.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=9),
                name="area_of_weakness_number_1_to_9",
                violation_error_message="Areas of weakness are numbered 1 to 9.",
            ),
        ]

    def __str__(self) -> str:
        return f"Area {self.number}: {self.title}"


class AreaAssessment(Record):
    """A dated self-assessment of progress in an area; the latest is the current one."""

    class Rating(models.TextChoices):
        NO_PROGRESS = "no_progress", "Not yet improving"
        SOME_PROGRESS = "some_progress", "Some progress"
        GOOD_PROGRESS = "good_progress", "Good progress"
        RESOLVED = "resolved", "Weakness resolved"

    area = models.ForeignKey(AreaOfWeakness, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField()
    rating = models.CharField(max_length=20, choices=Rating.choices)
    rationale = models.TextField(help_text="Why this rating: the evidence it rests on.")
    assessed_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="assessments"
    )

    # Every change is kept: who made it, when, and the values before and after.
    history = HistoricalRecords()

    class Meta:
        ordering = ["area", "-assessed_on"]
        get_latest_by = "assessed_on"
        constraints = [
            models.UniqueConstraint(
                fields=["area", "assessed_on"],
                name="area_assessment_one_per_day",
                violation_error_message="This area already has an assessment on this date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.get_rating_display()} on {self.assessed_on}"
