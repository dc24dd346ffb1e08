"""Where an imported figure came from, and how a benchmark compares the council with others:
fields shared by measurements and benchmarks, kept here so that the import owns them."""

from __future__ import annotations

from django.db import models
from django.db.models import Case, CharField, F, Value, When
from django.db.models.functions import Cast, Concat


class Provenance(models.Model):
    """The published file, release and row a figure was read from; blank when typed in."""

    source_file = models.CharField(
        "source file", max_length=200, blank=True, editable=False, help_text="Published file."
    )
    source_release = models.CharField("source release", max_length=200, blank=True, editable=False)
    source_row = models.PositiveIntegerField(
        "source row",
        null=True,
        blank=True,
        editable=False,
        help_text="Line of the file, counting the header as line 1, as a spreadsheet shows it.",
    )
    source_run = models.ForeignKey(
        "indicators.ImportRun",
        verbose_name="import run",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="The import that last wrote the figure.",
    )

    class Meta:
        abstract = True

    @property
    def provenance(self) -> str:
        """The file, release and row in words, or blank."""
        return provenance_text(self.source_file, self.source_release, self.source_row)


class Comparison(models.Model):
    """How many published figures a benchmark was worked out from, and the council's place."""

    figures_used = models.PositiveIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="Published figures behind it: the neighbours averaged (suppressed ones left "
        "out), or the local authorities ranked.",
    )
    figures_expected = models.PositiveIntegerField(
        null=True, blank=True, editable=False, help_text="The neighbours named, for a mean."
    )
    rank = models.PositiveIntegerField(
        null=True, blank=True, editable=False, help_text="The council's place; 1 is best."
    )
    quartile = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False, help_text="1 is the best quarter, 4 the worst."
    )

    class Meta:
        abstract = True


def provenance_text(file: str, release: str, row: int | None) -> str:
    """ "caseload.csv, release 2025, row 12", or blank when the figure was typed in."""
    if not file:
        return ""
    parts = [file]
    if release:
        parts.append(f"release {release}")
    if row:
        parts.append(f"row {row}")
    return ", ".join(parts)


def provenance_expression(*, fallback: str | None = None) -> Case:
    """The same words worked out in the query; ``fallback`` names a field to show instead for
    figures typed in (a benchmark's free-text source)."""
    file_and_release = Concat(
        F("source_file"), Value(", release "), F("source_release"), output_field=CharField()
    )
    return Case(
        When(source_file="", then=F(fallback) if fallback else Value("")),
        When(source_row__isnull=True, then=file_and_release),
        default=Concat(
            F("source_file"),
            Value(", release "),
            F("source_release"),
            Value(", row "),
            Cast("source_row", CharField()),
            output_field=CharField(),
        ),
        output_field=CharField(),
    )
