"""Timing pages and API calls in process, for the ``bench_*`` commands: how many queries a
call asks and how long it takes, median and worst over several calls."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from django.db import connection


@dataclass(frozen=True)
class Timing:
    url: str
    status: int
    queries: int
    median_ms: float
    worst_ms: float


def time_get(client, url: str, *, repeat: int) -> Timing:
    """GET ``url`` once to warm up and count queries, then ``repeat`` times to time it."""
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    client.get(url)
    with connection.execute_wrapper(count):
        status = client.get(url).status_code
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return Timing(url, status, len(queries), statistics.median(timings), max(timings))
