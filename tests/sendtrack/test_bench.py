"""``make bench``'s pieces that do not need a server: the floor view, the judging of targets,
the tables, percentiles, the writes that make a read cold, the databases of the growth runs,
and the refusal to measure anything but PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from indicators.models import Measurement
from projects.models import Milestone, Risk, StatusReport
from sendtrack.benchmarks import growth, load, targets, writes
from sendtrack.benchmarks.load import Run
from sendtrack.benchmarks.writes import Writer
from sendtrack.dataversion import data_version
from sendtrack.management.commands.bench import LISTS, build_targets, largest_lists
from tests import factories as f


@pytest.mark.urls("sendtrack.benchmarks.urls")
@pytest.mark.django_db
def test_the_floor_answers_through_the_sites_middleware_without_a_query(
    django_assert_num_queries,
):
    with django_assert_num_queries(0):
        response = Client().get("/bench/floor/")

    assert response.status_code == 200
    assert response.content == b"ok"
    # the site's middleware ran: its security and frame headers are set
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.urls("sendtrack.benchmarks.urls")
@pytest.mark.django_db
def test_the_benchmark_urls_still_serve_the_site():
    assert Client().get("/publications/").status_code == 200


def test_percentiles_are_nearest_rank():
    run = Run(concurrency=1, seconds=1.0, latencies_ms=[float(n) for n in range(1, 101)], errors=[])

    assert run.percentile(50) == 50
    assert run.percentile(95) == 95
    assert run.rps == 100


@pytest.mark.skipif(connection.vendor == "postgresql", reason="checks the refusal on SQLite")
@pytest.mark.django_db
def test_the_benchmark_refuses_to_run_on_anything_but_postgresql():
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("bench")


def test_a_run_sends_its_minimum_of_requests_even_with_no_time_given(monkeypatch):
    asked = []

    def answer(port, path, headers):
        asked.append(path)
        return 200, b"", None

    monkeypatch.setattr(load, "get", answer)
    targets = [load.Target("a", "page", "/a/"), load.Target("b", "page", "/b/")]

    run = load.run(8000, targets, concurrency=2, seconds=0, min_requests=8)

    assert run.requests >= 8
    assert {"/a/", "/b/"} <= set(asked)


# Targets ------------------------------------------------------------------------------------


def _row(kind: str, *, cold=(1.0, 1.0), warm=(1.0, 1.0), nm=1.0, **extra) -> dict:
    return {
        "name": f"{kind} x",
        "kind": kind,
        "cold": {"p50_ms": cold[0], "p95_ms": cold[1]},
        "warm": {"p50_ms": warm[0], "p95_ms": warm[1]},
        "not_modified": {"p50_ms": nm, "p95_ms": nm},
        "queries": 7,
        **extra,
    }


@pytest.mark.parametrize(
    ("cold", "warm", "nm", "met"),
    [
        ((59, 99), (10, 20), 3.0, True),  # floor 1 ms: 60× and 3× are allowed
        ((59, 100), (10, 20), 3.0, False),  # p95 must be under 100 ms
        ((61, 90), (10, 20), 3.0, False),  # cold p50 over 60× the floor
        ((50, 90), (61, 90), 3.0, False),  # warm p50 over 60× the floor
        ((50, 90), (10, 100.5), 3.0, False),  # warm p95
        ((50, 90), (10, 20), 3.1, False),  # the 304 over 3× the floor
    ],
)
def test_a_dashboard_is_judged_cold_and_warm_and_on_its_304(cold, warm, nm, met):
    row = targets.judge(_row("dashboard", cold=cold, warm=warm, nm=nm), floor_ms=1.0)

    assert row["met"] is met
    assert row["cold_x_floor"] == cold[0]


def test_a_reports_json_is_judged_against_the_floor_and_its_csv_against_its_json():
    rows = [
        _row("report", cold=(19, 500), report="risks", format="json"),
        _row("report", cold=(28.5, 40), report="risks", format="csv"),
        _row("report", cold=(29, 40), report="risks", format="xlsx"),
        _row("report", cold=(21, 40), report="kpis", format="json"),
    ]

    targets.judge_all(rows, floor_ms=1.0)

    assert [row["met"] for row in rows] == [True, True, False, False]
    assert targets.verdict(rows[2]) == "MISSED: cold p50 ≤ 1.5× JSON's (1.5)"
    assert targets.verdict(rows[3]) == "MISSED: cold p50 ≤ 20× floor (21.0)"


def test_a_list_is_judged_at_ten_times_the_floor_and_shows_the_goal_of_five():
    at_eight = targets.judge(_row("list", cold=(8, 30)), floor_ms=1.0)
    at_four = targets.judge(_row("list", cold=(4, 30)), floor_ms=1.0)
    at_eleven = targets.judge(_row("list", cold=(11, 30), nm=5), floor_ms=1.0)

    assert targets.verdict(at_eight) == "met; goal 5×: not yet"
    assert targets.verdict(at_four) == "met; goal 5×: met"
    assert targets.verdict(at_eleven) == (
        "MISSED: cold p50 ≤ 10× floor (11.0); 304 p50 ≤ 3× floor (5.0); goal 5×: not yet"
    )


def test_an_address_that_never_answered_304_misses_and_a_page_has_no_target():
    row = _row("list")
    row["not_modified"] = {"p50_ms": None, "p95_ms": None}

    assert targets.judge(row, floor_ms=1.0)["met"] is False
    assert targets.judge(_row("page"), floor_ms=1.0)["met"] is None
    assert targets.verdict(_row("page") | {"met": None}) == ""


def test_the_table_is_markdown_with_the_floor_first_and_a_verdict_per_row():
    rows = targets.judge_all(
        [_row("dashboard", cold=(120, 300), warm=(2, 3), nm=0.5)], floor_ms=2.0
    )

    lines = targets.render_table(rows, floor={"p50_ms": 2.0, "p95_ms": 3.0})

    assert lines[0] == targets.TABLE_HEAD
    assert lines[1].startswith("|---|")
    assert lines[2].startswith("| floor (trivial view) |")
    cells = [cell.strip() for cell in lines[3].strip("|").split("|")]
    assert cells[:10] == [
        "dashboard x",
        "120.0",
        "300.0",
        "2.0",
        "3.0",
        "0.50",
        "60.0",
        "1.0",
        "0.2",
        "7",
    ]
    assert cells[10] == "MISSED: cold p95 < 100 ms (300.0)"


def test_the_growth_table_shows_each_scale_and_whether_queries_stay_fixed():
    def at(p50, queries):
        return {"name": "list risks", "cold": {"p50_ms": p50}, "queries": queries}

    fixed = targets.render_growth({1.0: [at(2, 7)], 10.0: [at(4, 7)], 30.0: [at(8, 7)]})
    grew = targets.render_growth({1.0: [at(2, 7)], 10.0: [at(4, 7)], 30.0: [at(8, 9)]})

    assert "cold p50 ms N=1 | cold p50 ms N=10 | cold p50 ms N=30" in fixed[0]
    assert fixed[2] == "| list risks | 2.0 | 4.0 | 8.0 | 4.0 | 7/7/7 | yes |"
    assert grew[2].endswith("| 7/7/9 | NO |")


def test_the_growth_table_also_gives_each_scales_ratio_to_its_own_floor():
    def at(p50):
        return {"name": "report risks json", "cold": {"p50_ms": p50}, "queries": 7}

    lines = targets.render_growth(
        {1.0: [at(4)], 10.0: [at(30)], 30.0: [at(60)]}, floors={1.0: 1.0, 10.0: 1.5, 30.0: 0.5}
    )

    assert "| × floor N=1 | × floor N=10 | × floor N=30 |" in lines[0]
    assert lines[2] == (
        "| report risks json | 4.0 | 30.0 | 60.0 | 4 | 20 | 120 | 15.0 | 7/7/7 | yes |"
    )


# Growth databases ---------------------------------------------------------------------------


def test_the_growth_runs_use_databases_named_after_the_main_one():
    url = "postgres://postgres@127.0.0.1:5432/sendtrack_bench?sslmode=disable"

    assert growth.database_url(url, 1.0) == (
        "postgres://postgres@127.0.0.1:5432/sendtrack_bench_x1?sslmode=disable"
    )
    assert growth.database_name("sendtrack_bench", 30.0) == "sendtrack_bench_x30"


@pytest.mark.parametrize(
    ("value", "enabled"), [(None, True), ("1", True), ("0", False), ("no", False), ("OFF", False)]
)
def test_growth_runs_unless_told_not_to(value, enabled):
    environ = {} if value is None else {"BENCH_GROWTH": value}

    assert growth.enabled(environ) is enabled


def test_the_three_largest_lists_are_chosen_by_their_rows():
    rows = [
        {"kind": "list", "path": f"/api/v1/{name}/", "rows": rows}
        for name, rows in [
            ("bodies", 17),
            ("risks", 2878),
            ("benchmarks", 44096),
            ("targets", 322),
            ("status-reports", 56807),
        ]
    ] + [{"kind": "report", "path": "/api/v1/reports/risks/?format=json", "rows": 99999}]

    assert largest_lists(rows) == ["status-reports", "benchmarks", "risks"]


@pytest.mark.django_db
def test_the_targets_cover_every_dashboard_with_and_without_a_filter_and_each_report_format():
    workstream = f.WorkstreamFactory()

    found = build_targets(token="t", workstream_id=workstream.pk, lists=["risks"], pages=False)

    paths = [target.path for target in found]
    assert paths[:2] == ["/", f"/?workstream={workstream.pk}"]
    assert f"/data-quality/?workstream={workstream.pk}" in paths
    assert "/api/v1/reports/kpis/?format=xlsx" in paths
    assert paths[-1] == "/api/v1/risks/"
    assert len(paths) == 10 + 15 + 1
    assert found[-1].headers == {"Authorization": "Token t"}


@pytest.mark.django_db
def test_the_board_pages_and_the_board_actions_list_are_measured():
    # given a body that has held two meetings, and another that has held one
    from governance.models import Meeting

    busy = f.BodyFactory()
    f.MeetingFactory(body=busy, date=date(2026, 9, 14), status=Meeting.Status.HELD)
    latest = f.MeetingFactory(body=busy, date=date(2026, 10, 14), status=Meeting.Status.HELD)
    f.MeetingFactory(body=busy, date=date(2026, 11, 14), status=Meeting.Status.SCHEDULED)
    f.MeetingFactory(date=date(2026, 10, 20), status=Meeting.Status.HELD)

    # when the addresses are listed
    found = {t.name: t for t in build_targets(token="t", workstream_id=None, lists=LISTS)}

    # then the busiest body's page and its latest meeting's page are read signed in, and the
    # action log across meetings with the token
    assert found["body page"].path == f"/boards/bodies/{busy.pk}/"
    assert found["meeting page"].path == f"/boards/meetings/{latest.pk}/"
    assert found["meeting page"].kind == "page"
    assert found["list board-actions"].path == "/api/v1/board-actions/"
    assert found["list board-actions"].headers == {"Authorization": "Token t"}


# Writes that make a read cold ---------------------------------------------------------------


@pytest.fixture
def records():
    risk = f.RiskFactory(mitigation="Weekly review")
    milestone = f.MilestoneFactory(forecast_date=date(2026, 11, 2), completed_date=None)
    report = f.StatusReportFactory(commentary="On track")
    figure = f.MeasurementFactory(value=Decimal("50"))
    return {"risk": risk, "milestone": milestone, "report": report, "figure": figure}


def _stored(records):
    return (
        Risk.objects.get(pk=records["risk"].pk).mitigation,
        Milestone.objects.get(pk=records["milestone"].pk).forecast_date,
        StatusReport.objects.get(pk=records["report"].pk).commentary,
        Measurement.objects.get(pk=records["figure"].pk).value,
    )


@pytest.mark.django_db
def test_each_write_changes_the_data_version_and_the_record_the_address_shows(records):
    writer = Writer(user=f.UserFactory())
    before = _stored(records)
    versions = [data_version()]

    for kind in writes.KINDS:
        writer.write(kind=kind)
        versions.append(data_version())

    assert len(set(versions)) == 5
    after = _stored(records)
    assert all(a != b for a, b in zip(before, after, strict=True))
    assert after[0] == "Weekly review (Reviewed.)"
    assert after[1] == date(2026, 11, 3)
    assert after[3] == Decimal("51")


@pytest.mark.django_db
def test_writes_toggle_back_so_the_data_does_not_drift(records):
    writer = Writer(user=f.UserFactory())
    before = _stored(records)

    for _ in range(2):
        for kind in writes.KINDS:
            writer.write(kind=kind)
    assert _stored(records) == before

    writer.write()  # the next kind in turn: a risk
    writer.restore()
    assert _stored(records) == before
    assert writer.made == 9  # the writes before timed reads; restoring is not one


def test_each_address_is_preceded_by_the_write_it_shows():
    assert writes.kind_for("/") == "report"
    assert writes.kind_for("/?workstream=3") == "report"
    assert writes.kind_for("/performance/?workstream=3") == "figure"
    assert writes.kind_for("/api/v1/reports/risks/?format=csv") == "risk"
    assert writes.kind_for("/api/v1/milestones/") == "milestone"
    assert writes.kind_for("/api/v1/bodies/") is None


@pytest.mark.django_db
def test_each_address_has_its_queries_counted_on_a_cold_read(records):
    from rest_framework.authtoken.models import Token

    from sendtrack.benchmarks.queries import count_queries

    director = f.director_user(username="director")
    token = Token.objects.create(user=director).key
    api = {"Authorization": f"Token {token}"}
    found = [
        load.Target("dashboard /", "dashboard", "/"),
        load.Target("list risks", "list", "/api/v1/risks/", api),
    ]
    writer = Writer(user=director)

    counted = count_queries(found, user=director, token=token, writer=writer)

    assert writer.made == 2  # one write before each read, so nothing kept was used
    assert counted["/"]["status"] == 200
    assert counted["/"]["queries"] > 5
    assert counted["/"]["rows"] is None
    assert counted["/api/v1/risks/"]["status"] == 200
    assert counted["/api/v1/risks/"]["rows"] == 1
    assert counted["/api/v1/risks/"]["queries"] > 1


@pytest.mark.django_db
def test_queries_are_counted_even_once_djangos_log_of_queries_is_full(records):
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token

    from sendtrack.benchmarks.queries import count_queries

    director = f.director_user(username="director")
    token = Token.objects.create(user=director).key
    found = [
        load.Target("list risks", "list", "/api/v1/risks/", {"Authorization": f"Token {token}"})
    ]
    expected = count_queries(found, user=director, token=token, writer=Writer(user=director))
    # given a run that has already asked more queries than Django's log keeps
    with CaptureQueriesContext(connection):
        with connection.cursor() as cursor:
            for _ in range(connection.queries_log.maxlen + 1):
                cursor.execute("SELECT 1")

        # when the addresses are counted
        counted = count_queries(found, user=director, token=token, writer=Writer(user=director))

    # then the count is the same as on a fresh connection, not 0
    assert counted["/api/v1/risks/"]["queries"] == expected["/api/v1/risks/"]["queries"] > 1
