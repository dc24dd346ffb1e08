"""How many queries each address asks on a cold read, counted in the benchmark's own process
against the same database: a genuine write first (so that nothing kept is used), then one
request through Django's test client with every query counted.

Counted as they are sent (``connection.execute_wrapper``) rather than read back from Django's
log of queries, which keeps only the last 9,000: once a run had asked more than that in all,
the log's length stopped moving and every address read 0."""

from __future__ import annotations

import json

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.test import Client

from .load import Target
from .writes import Writer, kind_for


def count_queries(
    targets: list[Target], *, user: AbstractBaseUser, token: str, writer: Writer
) -> dict[str, dict]:
    """For each target's path: its queries on a cold read, its status and size, and for a
    list or report the rows it counts (``count`` in its JSON), if any."""
    session = Client()
    session.force_login(user)
    api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    counted = {}
    for target in targets:
        client = api if "Authorization" in target.headers else session
        writer.write(kind=kind_for(target.path))
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            response = client.get(target.path)
        content = b"" if response.streaming else response.content
        counted[target.path] = {
            "queries": counter.count,
            "status": response.status_code,
            "bytes": len(content),
            "rows": _rows(response, content),
        }
    return counted


class QueryCounter:
    """Counts the statements sent through a connection while installed as its wrapper."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _rows(response, content: bytes) -> int | None:
    if not response.get("Content-Type", "").startswith("application/json"):
        return None
    try:
        count = json.loads(content).get("count")
    except (ValueError, AttributeError):
        return None
    return count if isinstance(count, int) else None
