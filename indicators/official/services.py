"""Writes of the official statistics import, shared by the command, the admin upload and the
API: read every file, and either refuse with every problem listed, report what would change
(a dry run), or write every figure at once, recording the run and each value it revised."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import DatabaseError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..models import (
    Benchmark,
    CouncilArea,
    ImportRun,
    Measurement,
    StatisticalNeighbour,
    StatisticRevision,
    StatisticsMapping,
    plain,
)
from ..models.provenance import provenance_text
from ..periods import period_label
from .figures import COUNCIL, Figure, Reading, mapping_figures
from .files import FileProblem, Problem, PublishedFile, read_file, sources_from

# The most changes a run keeps for its report; the counts are always complete.
CHANGES_KEPT = 2000
MEASURED = ("value", "numerator", "denominator", "status")
BENCHMARKED = ("value", "figures_used", "figures_expected", "rank", "quartile")


@dataclass(frozen=True)
class Upload:
    """A file as given: its name (a zip or a CSV) and its bytes."""

    name: str
    content: bytes


def release_from(uploads: list[Upload]) -> str:
    """The release's label when none is given: the upload's name without its extension."""
    return ", ".join(PurePosixPath(upload.name).stem for upload in uploads)[:200]


def official_statistics_import(
    *,
    uploads: list[Upload],
    user: AbstractBaseUser | None,
    door: str,
    release: str = "",
    dry_run: bool = False,
) -> ImportRun:
    """Import the council's figures and their benchmarks from published files. Any problem
    (a missing column, an unreadable period or value, no row for the council) imports nothing;
    re-importing a file changes nothing; a changed value is revised and the revision kept."""
    release = release.strip() or release_from(uploads)
    run = ImportRun(user=user, door=door, release=release, dry_run=dry_run)
    reading = _read(uploads, run)
    if reading.problems:
        return _refused(run, reading.problems)
    changes, revisions = _compare(reading.figures, release)
    run.suppressed = reading.suppressed
    run.created = sum(change["action"] == "created" for change in changes)
    run.updated = sum(change["action"] == "updated" for change in changes)
    run.unchanged = len(reading.figures) - run.created - run.updated
    run.changes = [_described(change) for change in changes[:CHANGES_KEPT]]
    run.outcome = ImportRun.Outcome.DRY_RUN if dry_run else ImportRun.Outcome.IMPORTED
    if dry_run:
        run.save()
        return run
    try:
        with transaction.atomic():
            run.save()
            _write(changes, user=user, run=run)
            for revision in revisions:
                revision.run = run
            StatisticRevision.objects.bulk_create(revisions)
    except DatabaseError as error:
        run.pk = None
        return _refused(
            run, [Problem(", ".join(run.files), f"The database refused a write: {error}")]
        )
    return run


def _refused(run: ImportRun, problems: list[Problem]) -> ImportRun:
    run.outcome = ImportRun.Outcome.REFUSED
    run.errors = [problem.as_dict() for problem in problems]
    run.created = run.updated = run.unchanged = run.suppressed = 0
    run.changes = []
    run.save()
    return run


def _read(uploads: list[Upload], run: ImportRun) -> Reading:
    reading = Reading()
    sources: dict[str, bytes] = {}
    for upload in uploads:
        try:
            sources.update(sources_from(upload.name, upload.content))
        except FileProblem as error:
            reading.problems.append(error.problem)
    run.files = sorted(sources)
    council = (
        CouncilArea.objects.prefetch_related(
            Prefetch("neighbours", queryset=StatisticalNeighbour.objects.all())
        )
        .order_by("pk")
        .first()
    )
    if council is None:
        reading.problems.append(
            Problem(
                ", ".join(run.files),
                "The council's area is not set: add it, with its neighbours, in the admin.",
            )
        )
        return reading
    mappings = list(StatisticsMapping.objects.filter(is_active=True).select_related("indicator"))
    wanted = [m for m in mappings if m.file_name in sources]
    if sources and not wanted:
        known = ", ".join(sorted({m.file_name for m in mappings})) or "none yet"
        reading.problems.append(
            Problem(
                ", ".join(run.files),
                f"No mapping reads any of these files (the mappings read: {known}).",
            )
        )
    if not sources and not reading.problems:
        reading.problems.append(Problem("", "No CSV file was given."))
    files: dict[str, PublishedFile | None] = {}
    for mapping in wanted:
        if mapping.file_name not in files:
            try:
                files[mapping.file_name] = read_file(mapping.file_name, sources[mapping.file_name])
            except FileProblem as error:
                files[mapping.file_name] = None
                reading.problems.append(error.problem)
        if (published := files[mapping.file_name]) is not None:
            mapping_figures(mapping=mapping, published=published, council=council, reading=reading)
    return reading


def _compare(
    figures: list[Figure], release: str
) -> tuple[list[dict[str, Any]], list[StatisticRevision]]:
    """What writing ``figures`` would change: the records to create or update, and a revision
    for every value that moves."""
    indicator_ids = {figure.indicator.pk for figure in figures}
    measurements = {
        (m.indicator_id, m.period, m.period_type, COUNCIL): m
        for m in Measurement.objects.filter(indicator_id__in=indicator_ids)
    }
    benchmarks = {
        (b.indicator_id, b.period, b.period_type, b.comparator): b
        for b in Benchmark.objects.filter(indicator_id__in=indicator_ids)
    }
    changes, revisions = [], []
    for figure in figures:
        own = figure.comparator == COUNCIL
        wanted = _fields(figure, release)
        existing = (measurements if own else benchmarks).get(figure.key)
        compared = MEASURED if own else BENCHMARKED
        if existing is None:
            changes.append({"action": "created", "figure": figure, "fields": wanted})
            continue
        if all(_same(getattr(existing, name), wanted[name]) for name in compared):
            continue
        changes.append(
            {"action": "updated", "figure": figure, "fields": wanted, "record": existing}
        )
        if not _same(existing.value, figure.value):
            revisions.append(
                StatisticRevision(
                    indicator=figure.indicator,
                    period=figure.period,
                    period_type=existing.period_type,
                    comparator=figure.comparator,
                    old_value=existing.value,
                    new_value=figure.value,
                    old_source=existing.provenance
                    or getattr(existing, "source", "")
                    or "Entered by hand",
                    new_source=provenance_text(figure.source_file, release, figure.source_row),
                )
            )
    return changes, revisions


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, Decimal) and isinstance(new, Decimal):
        return old.compare(new) == 0
    return old == new


def _fields(figure: Figure, release: str) -> dict[str, Any]:
    fields = {
        "value": figure.value,
        "period_type": figure.period_type,
        "source_file": figure.source_file,
        "source_release": release,
        "source_row": figure.source_row,
    }
    if figure.comparator == COUNCIL:
        return fields | {
            "numerator": figure.numerator,
            "denominator": figure.denominator,
            "status": Measurement.Status.FINAL,
        }
    return fields | {
        "figures_used": figure.extra.get("figures_used"),
        "figures_expected": figure.extra.get("figures_expected"),
        "rank": figure.extra.get("rank"),
        "quartile": figure.extra.get("quartile"),
        "source": "DfE official statistics: "
        + provenance_text(figure.source_file, release, figure.source_row),
    }


# The reason each figure's history gives for a change the import made.
REASON = "Official statistics import"


def _write(changes: list[dict[str, Any]], *, user: AbstractBaseUser | None, run: ImportRun) -> None:
    """Create and update every changed figure, in bulk, each naming the run that wrote it."""
    for change in changes:
        change["fields"]["source_run"] = run
    for model, own in ((Measurement, True), (Benchmark, False)):
        mine = [c for c in changes if (c["figure"].comparator == COUNCIL) == own]
        created = []
        for change in mine:
            if change["action"] != "created":
                continue
            figure = change["figure"]
            extra = {"entered_by": user} if own else {"comparator": figure.comparator}
            created.append(
                model(indicator=figure.indicator, period=figure.period, **change["fields"], **extra)
            )
        bulk_create_with_history(
            created, model, batch_size=500, default_user=user, default_change_reason=REASON
        )
        updated, names, now = [], set(), timezone.now()
        for change in mine:
            if change["action"] == "updated":
                for name, value in change["fields"].items():
                    setattr(change["record"], name, value)
                change["record"].updated_at = now
                if own:
                    # An officer's form opened before the import is then stale, not a silent
                    # overwrite of the published figure.
                    change["record"].version += 1
                names |= set(change["fields"])
                updated.append(change["record"])
        if updated:
            fields = [*sorted(names), "updated_at", *(["version"] if own else [])]
            bulk_update_with_history(
                updated,
                model,
                fields,
                batch_size=500,
                default_user=user,
                default_change_reason=REASON,
            )


def _described(change: dict[str, Any]) -> dict[str, Any]:
    """A change as the run's report lists it."""
    figure = change["figure"]
    record = change.get("record")
    return {
        "action": change["action"],
        "indicator": figure.indicator.code,
        "period": figure.period.isoformat(),
        "period_label": period_label(
            figure.period, figure.period_type or getattr(record, "period_type", "")
        ),
        "figure": Benchmark.Comparator(figure.comparator).label if figure.comparator else "Council",
        "old": None if record is None else plain(record.value),
        "new": plain(figure.value),
        "source": provenance_text(figure.source_file, "", figure.source_row),
    }
