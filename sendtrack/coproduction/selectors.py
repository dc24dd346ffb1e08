"""Reads of the co-production log: the entries each reader may see (published ones for
everyone, all of them for the roles that read the log), with what their pages, the API and
publications show loaded in a fixed number of queries."""

from __future__ import annotations

from datetime import date
from itertools import groupby
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, QuerySet

from governance.models import PlanAction
from projects.models import Project

from .models import CoproductionEntry

VIEW = "sendtrack.view_coproductionentry"


def coproduction_entries(
    *, queryset: QuerySet[CoproductionEntry] | None = None
) -> QuerySet[CoproductionEntry]:
    """Entries with their area of weakness and the plan actions and projects that answer
    them: three queries, however many entries."""
    queryset = CoproductionEntry.objects.all() if queryset is None else queryset
    return queryset.select_related("area").prefetch_related(
        Prefetch(
            "plan_actions",
            queryset=PlanAction.objects.only("pk", "reference", "title").order_by("reference"),
        ),
        Prefetch("projects", queryset=Project.objects.only("pk", "code", "title").order_by("code")),
    )


def coproduction_entries_for(
    *, user: AbstractBaseUser | AnonymousUser
) -> QuerySet[CoproductionEntry]:
    """What ``user`` may read: every entry for the roles that read the log (the programme
    office and directors), only those approved for publication for anyone else."""
    queryset = CoproductionEntry.objects.all()
    if not (user.is_authenticated and user.has_perm(VIEW)):
        queryset = queryset.published()
    return coproduction_entries(queryset=queryset)


def _day(day: date | None) -> str:
    return f"{day:%-d %B %Y}" if day else ""


def entry_display(entry: CoproductionEntry) -> dict[str, Any]:
    """What the public page, a publication's snapshot and its PDF show of one entry, as text."""
    return {
        "id": entry.pk,
        "source": entry.source,
        "source_display": entry.get_source_display(),
        "heard_from": entry.heard_from,
        "said_on": entry.said_on.isoformat(),
        "said_on_display": _day(entry.said_on),
        "said": entry.said,
        "status": entry.status,
        "status_display": entry.get_status_display(),
        "we_did": entry.we_did,
        "we_did_summary": entry.we_did_summary,
        "not_taken_forward_reason": entry.not_taken_forward_reason,
        "families_told_on_display": _day(entry.families_told_on),
        "plan_actions": [f"{a.reference} {a.title}" for a in entry.plan_actions.all()],
        "projects": [f"{p.code} {p.title}" for p in entry.projects.all()],
        "is_demo": entry.is_demo,
    }


def published_entries_by_area(*, said_by: date | None = None) -> list[dict[str, Any]]:
    """The published entries grouped by area of weakness (in the areas' order), the latest
    said first within each, as display text (``entry_display``); only those said on or
    before ``said_by``, if given. Three queries."""
    queryset = CoproductionEntry.objects.published()
    if said_by is not None:
        queryset = queryset.filter(said_on__lte=said_by)
    entries = coproduction_entries(queryset=queryset).order_by(
        "area__inspection__start_date", "area__number", "area_id", "-said_on", "-pk"
    )
    return [
        {
            "area": {"number": area.number, "title": area.title},
            "entries": [entry_display(entry) for entry in rows],
        }
        for area, rows in groupby(entries, key=lambda entry: entry.area)
    ]
