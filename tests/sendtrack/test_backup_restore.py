"""Backing up everything and restoring it into an empty database: every table's rows, the
content checksum and the files under MEDIA_ROOT come back as they were."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from rest_framework.authtoken.models import Token

from projects.services import risk_save
from sendtrack.backups.fingerprint import EXCLUDED, fingerprint
from tests import factories as f
from tests.sendtrack.test_settings import _run

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    """Rows per table, counted afresh (not by the code under test)."""
    return {
        model._meta.db_table: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label_lower not in EXCLUDED
    }


def _empty_the_database() -> None:
    """Empty every table, as a new database is before migrate fills what it rebuilds."""
    postgresql = connection.vendor == "postgresql"
    if postgresql:
        # Run the deferred foreign key checks of this test's writes now: PostgreSQL will not
        # truncate tables with checks pending. (Then defer them again, as a new transaction
        # would, for the restore.)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if postgresql:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def records(settings):
    """Some of everything: people and logins with roles and a token, a project with areas,
    milestones, a risk changed twice (history), reports, an indicator with figures, a
    published version with its PDF and a built document with its file."""
    lead = f.lead_user(username="lead")
    Token.objects.create(user=lead)
    person = f.PersonFactory(user=lead)
    area = f.AreaOfWeaknessFactory()
    project = f.ProjectFactory(lead=person)
    project.areas.add(area)
    f.MilestoneFactory(project=project, forecast_date=date(2026, 12, 1))
    risk = risk_save(risk=f.RiskFactory.build(project=project, owner=person))
    risk.likelihood = 5
    risk_save(risk=risk)
    f.StatusReportFactory(project=project, submitted_by=lead)
    indicator = f.IndicatorFactory(owner=person)
    indicator.projects.add(project)
    f.MeasurementFactory(indicator=indicator, entered_by=lead)
    f.TargetFactory(indicator=indicator)
    version = f.PublicationVersionFactory()
    version.pdf.save("summary.pdf", ContentFile(b"%PDF-1.7 summary"), save=False)
    type(version).objects.filter(pk=version.pk).update(pdf=version.pdf.name)
    build = f.DocumentBuildFactory(requested_by=lead)
    build.file.save("pack.xlsx", ContentFile(b"PK pack"), save=True)
    return settings


def test_a_backup_restores_into_an_empty_database_with_nothing_lost(records, tmp_path, capsys):
    media = Path(records.MEDIA_ROOT)
    # given a backup of everything
    archive = tmp_path / "backup.zip"
    call_command("backup_data", str(archive))
    assert "Content checksum:" in capsys.readouterr().out
    counts, checksum, files = _counts(), fingerprint(), _files(media)
    assert counts["projects_risk"] == 1
    assert counts["projects_historicalrisk"] == 2
    assert counts["projects_project_areas"] == 1
    assert len(files) == 2
    # when the database is emptied (as a new one would be after migrate) and the files lost
    _empty_the_database()
    shutil.rmtree(media)
    assert _counts()["projects_project"] == 0
    # and the backup is restored
    call_command("restore_data", str(archive))
    # then every table has its rows, the content matches, and the files are back
    assert "Content checksum matches the backup" in capsys.readouterr().out
    assert _counts() == counts
    assert fingerprint() == checksum
    assert _files(media) == files


def test_a_restore_refuses_a_database_that_holds_records(records, tmp_path):
    archive = tmp_path / "backup.zip"
    call_command("backup_data", str(archive))
    with pytest.raises(CommandError, match="The database already holds records"):
        call_command("restore_data", str(archive))


def test_a_backup_whose_content_does_not_match_restores_nothing(records, tmp_path):
    # given a backup whose data lost a row after it was made
    archive = tmp_path / "backup.zip"
    call_command("backup_data", str(archive))
    with zipfile.ZipFile(archive) as original:
        manifest = original.read("manifest.json")
        data = json.loads(original.read("data.json"))
    data = [row for row in data if row["model"] != "indicators.measurement"]
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(damaged, "w") as copy:
        copy.writestr("manifest.json", manifest)
        copy.writestr("data.json", json.dumps(data))
    _empty_the_database()
    # when it is restored, then the difference is named and nothing is kept
    with pytest.raises(CommandError, match=r"indicators.measurement \(1 rows backed up, 0"):
        call_command("restore_data", str(damaged))
    assert _counts()["projects_project"] == 0


def test_a_file_that_is_not_a_backup_is_refused_plainly(db, tmp_path):
    path = tmp_path / "notes.zip"
    path.write_bytes(b"hello")
    with pytest.raises(CommandError, match="is not a sendtrack backup"):
        call_command("restore_data", str(path))


@pytest.mark.slow
def test_a_backup_restores_into_a_new_database_made_by_migrate(records, tmp_path):
    # given a backup of this database
    archive = tmp_path / "backup.zip"
    call_command("backup_data", str(archive))
    expected = fingerprint()["sha256"]
    # when a new, empty database is migrated and the backup restored into it, by the commands
    env = {
        "DJANGO_SETTINGS_MODULE": "sendtrack.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "new-media"),
    }
    migrated = _run("manage.py", "migrate", "--noinput", env=env)
    assert migrated.returncode == 0, migrated.stderr
    restored = _run("manage.py", "restore_data", str(archive), env=env)
    # then the new database holds the same content, checked against the backup's manifest
    assert restored.returncode == 0, restored.stderr
    assert f"Content checksum matches the backup: {expected}" in restored.stdout
    assert sorted(p.name for p in (tmp_path / "new-media").rglob("*") if p.is_file()) == [
        "pack.xlsx",
        "summary.pdf",
    ]
