"""``manage.py import_official_statistics``: the analyst's door for a downloaded release."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from indicators.models import Benchmark, ImportRun, Measurement
from sendtrack.demo.official import SAMPLE, load_official_statistics
from sendtrack.demo.people import LEADS
from tests import factories as f

from .official_setup import (
    FIXTURES,
    caseload_mappings,
    kent,
    timeliness_mapping,
    with_filters_of_the_old_layout,
)

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


def test_a_release_cut_short_changes_nothing_and_names_the_line(tmp_path):
    # given the demo's sample release imported, Kent's January 2025 census 23,100
    load_official_statistics(people={LEADS[0]: f.PersonFactory(name=LEADS[0])})
    kent_2025 = Measurement.objects.get(indicator__code="DFE-02", period=date(2025, 1, 1))
    assert kent_2025.value == 23100
    before = list(Measurement.objects.values()) + list(Benchmark.objects.values())
    # when its caseload.csv arrives cut after 2,000 bytes, part way through row 15
    cut = tmp_path / "caseload.csv"
    cut.write_bytes((SAMPLE / "caseload.csv").read_bytes()[:2000])

    with pytest.raises(CommandError) as raised:
        call_command("import_official_statistics", str(cut), "--release=cut")

    # then the command names the file and row, and no figure, median or mean moved
    assert "caseload.csv, row 15: This row has 7 values where the header has 14 columns" in str(
        raised.value
    )
    assert list(Measurement.objects.values()) + list(Benchmark.objects.values()) == before
    assert ImportRun.objects.latest("pk").outcome == ImportRun.Outcome.REFUSED


def test_the_command_imports_the_release_layout_with_the_demos_mappings(tmp_path, capsys):
    # given the demo's mappings, and a release whose files hold only the DfE's headline rows
    # and breakdowns, in the published column order
    load_official_statistics(people={LEADS[0]: f.PersonFactory(name=LEADS[0])})
    Measurement.objects.all().delete()
    Benchmark.objects.all().delete()

    call_command(
        "import_official_statistics",
        str(SAMPLE / "timeliness_20_week.csv"),
        str(SAMPLE / "caseload.csv"),
        "--release=again",
    )

    assert "again: " in capsys.readouterr().out
    assert ImportRun.objects.latest("pk").outcome == ImportRun.Outcome.IMPORTED
    assert Measurement.objects.get(indicator__code="DFE-02", period=date(2025, 1, 1)).value == (
        23100
    )


def test_a_mapping_reading_rows_the_file_lacks_is_refused_with_what_to_put(mapped):
    with_filters_of_the_old_layout(mapped)

    with pytest.raises(CommandError) as raised:
        call_command("import_official_statistics", str(FIXTURES / "timeliness_20_week.csv"))

    message = str(raised.value)
    assert "timeliness_20_week.csv, column breakdown_topic, breakdown: No row has" in message
    assert "breakdown_topic holds “All EHC plans issued” (32 rows)" in message
    assert not Measurement.objects.exists()
