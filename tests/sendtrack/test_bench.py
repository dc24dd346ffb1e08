"""``make bench``'s pieces that do not need a server: the floor view, the judging of targets,
percentiles, and the refusal to measure anything but PostgreSQL."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from sendtrack.benchmarks import load
from sendtrack.benchmarks.load import Run
from sendtrack.management.commands.bench import _judge


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


def _result(kind: str, p50: float, p95: float) -> dict:
    return {"kind": kind, "c1": {"p50_ms": p50, "p95_ms": p95}}


@pytest.mark.parametrize(
    ("kind", "p50", "p95", "met"),
    [
        ("list", 4.9, 20, True),  # within five times the floor's 1 ms
        ("list", 5.1, 20, False),
        ("report", 3, 100, False),  # p95 must be under 100 ms
        ("dashboard", 200, 249, True),
        ("dashboard", 200, 250, False),
        ("page", 900, 900, None),  # no target
    ],
)
def test_targets_are_judged_against_the_floor(kind, p50, p95, met):
    floor = _result("floor", 1.0, 2.0)
    result = _result(kind, p50, p95)

    _judge(result, floor)

    assert result["met"] is met
    assert result["ratio_to_floor"] == round(p50, 1)


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
