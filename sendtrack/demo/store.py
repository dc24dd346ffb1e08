"""Writing demo records by their natural keys, so that loading twice changes nothing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import models, transaction

from projects.selectors import month_add
from sendtrack.kernel.concurrency import Versioned

Key = tuple[Any, ...]


@transaction.atomic
def upsert(
    model: type[models.Model], rows: Iterable[dict[str, Any]], *, keys: Sequence[str]
) -> dict[Key, models.Model]:
    """Create or update ``rows`` of ``model`` matched on the ``keys`` fields, in bulk.

    Rows name foreign keys by their column (``project_id``). Returns every row's instance by key.
    Existing rows whose values already match are left untouched. A record whose saves are
    numbered (a report, figure, milestone or risk) has its version raised when it changes, as
    any save through the services would, so that a page opened before the load cannot put the
    old values back; its rows are locked from being read until they are written.
    """
    rows = list(rows)
    existing_rows = model.objects.filter(**_key_filter(rows, keys))
    versioned = issubclass(model, Versioned)
    if versioned:
        existing_rows = existing_rows.select_for_update()
    existing = {tuple(getattr(obj, k) for k in keys): obj for obj in existing_rows}
    to_create, to_update, changed_fields = [], [], set()
    result = {}
    for row in rows:
        key = tuple(row[k] for k in keys)
        obj = existing.get(key)
        if obj is None:
            obj = model(**row)
            to_create.append(obj)
        else:
            changed = {f for f, v in row.items() if getattr(obj, f) != v}
            if changed:
                for field in changed:
                    setattr(obj, field, row[field])
                if versioned:
                    obj.version += 1
                    changed.add("version")
                changed_fields |= changed
                to_update.append(obj)
        result[key] = obj
    if to_create:
        model.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        model.objects.bulk_update(to_update, sorted(changed_fields), batch_size=500)
    return result


def _key_filter(rows: list[dict[str, Any]], keys: Sequence[str]) -> dict[str, Any]:
    # Narrow the lookup of existing rows by the first key's values.
    first = keys[0]
    return {f"{first}__in": {row[first] for row in rows}}


def set_related(objects: dict[Any, models.Model], field: str, wanted: dict[Any, list]) -> None:
    """Set a many-to-many field on each object to exactly the wanted related objects."""
    for key, obj in objects.items():
        getattr(obj, field).set(wanted.get(key, []))


def months_between(first: date, last: date) -> list[date]:
    """First days of every month from ``first``'s month to ``last``'s, inclusive."""
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = month_add(current, 1)
    return months
