"""``manage.py bench_reports`` times every report in every format and says how many queries
each took."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tests import factories as f


@pytest.mark.django_db
def test_the_benchmark_times_each_report_in_each_format(pmo):
    f.StatusReportFactory()
    out = io.StringIO()

    call_command("bench_reports", repeat=1, period="2026-10", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["report", "format", "rows", "queries", "p50", "ms", "max", "ms"]
    assert [line.split()[:2] for line in lines[1:]] == [
        [report, fmt]
        for report in ("milestones", "risks", "kpis", "programme", "finance")
        for fmt in ("json", "csv", "xlsx")
    ]
    programme_json = lines[10].split()
    assert programme_json[2] == "1"  # one project owed a report for October 2026


@pytest.mark.django_db
def test_the_benchmark_needs_a_user_to_run_as():
    with pytest.raises(CommandError, match="No user “pmo”"):
        call_command("bench_reports", repeat=1)
