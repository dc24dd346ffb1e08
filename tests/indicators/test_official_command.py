"""``manage.py import_official_statistics``: the analyst's door for a downloaded release."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from indicators.models import Benchmark, ImportRun, Measurement
from tests import factories as f

from .official_setup import FIXTURES, caseload_mappings, kent, timeliness_mapping

pytestmark = pytest.mark.django_db


@pytest.fixture
def mapped(db):
    kent()
    caseload_mappings()
    return timeliness_mapping()


def test_the_command_imports_csv_files_and_says_what_it_did(mapped, capsys):
    call_command(
        "import_official_statistics",
        str(FIXTURES / "timeliness_20_week.csv"),
        str(FIXTURES / "caseload.csv"),
        "--release=June 2024",
    )

    out = capsys.readouterr().out
    assert out.startswith("June 2024: 30 figures were created, 0 were updated, 0 unchanged")
    assert "created  DFE-01 2023-01 Council: – → 40" in out
    assert Measurement.objects.count() == 6
    assert ImportRun.objects.get().door == ImportRun.Door.COMMAND


def test_the_command_dry_run_writes_nothing(mapped, capsys):
    call_command(
        "import_official_statistics", str(FIXTURES / "timeliness_20_week.csv"), "--dry-run"
    )

    assert "Dry run: nothing was written." in capsys.readouterr().out
    assert not Measurement.objects.exists()
    assert not Benchmark.objects.exists()


def test_the_command_fails_with_every_problem_and_imports_nothing(mapped, tmp_path):
    bad = tmp_path / "timeliness_20_week.csv"
    text = (FIXTURES / "timeliness_20_week.csv").read_text()
    bad.write_text(text.replace("\n2023,", "\n2023x,", 1))

    with pytest.raises(CommandError) as raised:
        call_command("import_official_statistics", str(bad), str(FIXTURES / "caseload.csv"))

    assert "timeliness_20_week.csv, row 19, column time_period:" in str(raised.value)
    assert not Measurement.objects.exists()


def test_the_command_records_who_ran_it(mapped, capsys):
    user = f.pmo_user(username="analyst")

    call_command("import_official_statistics", str(FIXTURES / "caseload.csv"), "--user=analyst")

    assert ImportRun.objects.get().user == user


def test_the_command_refuses_a_missing_path(mapped):
    with pytest.raises(CommandError, match="is not a file"):
        call_command("import_official_statistics", "/nowhere/caseload.csv")
