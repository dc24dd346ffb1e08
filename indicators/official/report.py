"""An import run in words, for the command's output and the admin's messages."""

from __future__ import annotations

from ..models import ImportRun
from .files import Problem


def run_summary(run: ImportRun) -> str:
    """One sentence: what the run did, or why it imported nothing."""
    if run.outcome == ImportRun.Outcome.REFUSED:
        count = len(run.errors)
        return (
            f"Nothing was imported from {run.release}: {count} problem{'s' if count != 1 else ''} "
            "to put right."
        )
    verb = "would be" if run.dry_run else "were"
    values = "value" if run.suppressed == 1 else "values"
    return (
        f"{run.release}: {run.created} figures {verb} created, {run.updated} {verb} updated, "
        f"{run.unchanged} unchanged; {run.suppressed} suppressed {values} skipped."
        + (" Dry run: nothing was written." if run.dry_run else "")
    )


def run_problems(run: ImportRun) -> list[str]:
    """Each problem with its file, row and column."""
    return [str(Problem(**error)) for error in run.errors]
