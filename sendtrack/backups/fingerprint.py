"""A fingerprint of the database's content: rows per table and a checksum over every row,
written so that the same records give the same fingerprint in any database, whatever ids the
database gave to rows that are identified by natural keys (content types, permissions, groups)
or to the rows linking many-to-many relations."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.apps import apps
from django.db import models

# Rebuilt by ``migrate`` from the code, so never backed up: content types and permissions.
# Sessions are sign-ins in progress, not records: a restored site starts signed out. The data
# changes are the version of the data in this database (a restore files its own).
EXCLUDED = (
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "sendtrack.datachange",
)


def backed_up_models() -> list[type[models.Model]]:
    """Every model whose rows a backup holds, including many-to-many link tables."""
    return sorted(
        (
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.label_lower not in EXCLUDED and not model._meta.proxy
        ),
        key=lambda model: model._meta.label_lower,
    )


def fingerprint() -> dict[str, Any]:
    """Rows and a SHA-256 checksum per table, and one checksum over them all."""
    tables: dict[str, dict[str, Any]] = {}
    for model in backed_up_models():
        rows = sorted(_row(model, values) for values in _values(model))
        digest = hashlib.sha256()
        for row in rows:
            digest.update(row.encode())
            digest.update(b"\n")
        tables[model._meta.label_lower] = {"rows": len(rows), "sha256": digest.hexdigest()}
    overall = hashlib.sha256(json.dumps(tables, sort_keys=True).encode()).hexdigest()
    return {"tables": tables, "sha256": overall}


def _natural(model: type[models.Model]) -> bool:
    """Rows identified by a natural key (groups by name, users by username) are compared by
    it: a restore may give them other ids."""
    return hasattr(model, "natural_key")


def _values(model: type[models.Model]):
    fields = [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]
    names = [f.attname for f in fields]
    keys = _natural_keys(model, fields)
    for row in model._base_manager.values_list(*names):
        yield {
            field.name: keys[field.name].get(value, value) if field.name in keys else value
            for field, value in zip(fields, row, strict=True)
        }


def _natural_keys(model, fields) -> dict[str, dict[Any, Any]]:
    """For each foreign key to a model with natural keys, the key to compare in place of the
    id it holds."""
    keys: dict[str, dict[Any, Any]] = {}
    for field in fields:
        target = field.related_model if field.is_relation else None
        if target is not None and _natural(target):
            keys[field.name] = {
                obj.pk: list(obj.natural_key()) for obj in target._base_manager.all()
            }
    return keys


def _row(model: type[models.Model], values: dict[str, Any]) -> str:
    # The row's own id is left out where a restore may change it.
    if _natural(model) or model._meta.auto_created:
        values.pop(model._meta.pk.name, None)
    return json.dumps(values, sort_keys=True, default=str)
