"""Writing a backup archive and restoring one into an empty database.

The archive is a .zip holding ``manifest.json`` (when, which migrations, rows per table and
the content checksum), ``data.json`` (``dumpdata`` of every table but those ``migrate``
rebuilds, with natural keys for content types, permissions, groups and users) and ``media/``
(every file under MEDIA_ROOT: published PDFs, built documents).
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings

from .fingerprint import EXCLUDED, backed_up_models, fingerprint
from .serializer import FORMAT as FIXTURE_FORMAT

FORMAT = 1
# Created by migrations in every database, so present before a restore: not "data".
CREATED_BY_MIGRATE = {"auth.group", "auth.group_permissions"}


class BackupError(Exception):
    """A backup cannot be restored here; the message says why and what to do."""


def _applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def _media_files() -> Iterator[tuple[Path, str]]:
    root = Path(settings.MEDIA_ROOT)
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file():
                yield path, path.relative_to(root).as_posix()


def backup_create(*, path: Path) -> dict:
    """Write every record and file to a .zip at ``path``, read in one transaction so that the
    rows and the checksum agree. Answers the manifest."""
    with transaction.atomic(), tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / f"data.{FIXTURE_FORMAT}"
        call_command(
            "dumpdata",
            *(f"--exclude={label}" for label in EXCLUDED),
            format=FIXTURE_FORMAT,
            natural_foreign=True,
            natural_primary=True,
            output=str(data),
            verbosity=0,
        )
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "django": django.get_version(),
            "migrations": _applied_migrations(),
            "fingerprint": fingerprint(),
            "media": [],
        }
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(data, "data.json")
            for file, name in _media_files():
                archive.write(file, f"media/{name}")
                manifest["media"].append(name)
            archive.writestr("manifest.json", json.dumps(manifest, indent=2))
    return manifest


def _rows_present() -> dict[str, int]:
    """Rows already held in the tables a restore fills (those made by migrate aside)."""
    counts = {}
    for model in backed_up_models():
        label = model._meta.label_lower
        if label not in CREATED_BY_MIGRATE and model._base_manager.exists():
            counts[label] = model._base_manager.count()
    return counts


def _media_target(name: str) -> Path:
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts:
        raise BackupError(f"The archive names a file outside the media folder: {name}.")
    return Path(settings.MEDIA_ROOT, *relative.parts)


def backup_restore(*, path: Path) -> dict:
    """Load a backup into an empty, migrated database and put its files back, checking that
    every table has the rows and content it had when the backup was made. Everything or
    nothing: a mismatch undoes the load. Answers the manifest."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(f"{path} is not a sendtrack backup (.zip): {error}.") from error
    with archive, tempfile.TemporaryDirectory() as folder:
        try:
            manifest = json.loads(archive.read("manifest.json"))
        except (KeyError, ValueError) as error:
            raise BackupError(f"{path} has no readable manifest.json: {error}.") from error
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{path} is a backup of another format ({manifest.get('format')}).")
        applied = _applied_migrations()
        missing = [
            f"{app}.{name}" for app, name in manifest["migrations"] if [app, name] not in applied
        ]
        if missing:
            raise BackupError(
                "The database is missing migrations the backup was made with ("
                + ", ".join(missing[:5])
                + (", …" if len(missing) > 5 else "")
                + "). Run `manage.py migrate` with the same version of sendtrack first."
            )
        present = _rows_present()
        if present:
            listing = ", ".join(f"{count} {label}" for label, count in sorted(present.items()))
            raise BackupError(
                f"The database already holds records ({listing}). Restore into an empty "
                "database: create a new one and run `manage.py migrate` first."
            )
        data = Path(folder) / f"data.{FIXTURE_FORMAT}"
        data.write_bytes(archive.read("data.json"))
        with transaction.atomic():
            # The history tables are restored as they were backed up: loading a record's
            # many-to-many links must not write a history row of its own as an edit would.
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("loaddata", str(data), verbosity=0)
            found = fingerprint()
            expected = manifest["fingerprint"]
            if found["sha256"] != expected["sha256"]:
                differ = [
                    f"{label} ({expected['tables'].get(label, {}).get('rows')} rows backed "
                    f"up, {table['rows']} restored)"
                    for label, table in found["tables"].items()
                    if table != expected["tables"].get(label)
                ]
                raise BackupError(
                    "The restored records do not match the backup, so nothing was restored. "
                    "Tables that differ: " + ", ".join(differ) + "."
                )
        for name in manifest["media"]:
            target = _media_target(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(f"media/{name}"))
    return manifest
