"""How many queries each address asks on a cold read, counted in the benchmark's own process
against the same database: a genuine write first (so that nothing kept is used), then one
request through Django's test client with every query captured."""

from __future__ import annotations

import json

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

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
        with CaptureQueriesContext(connection) as captured:
            response = client.get(target.path)
        content = b"" if response.streaming else response.content
        counted[target.path] = {
            "queries": len(captured),
            "status": response.status_code,
            "bytes": len(content),
            "rows": _rows(response, content),
        }
    return counted


def _rows(response, content: bytes) -> int | None:
    if not response.get("Content-Type", "").startswith("application/json"):
        return None
    try:
        count = json.loads(content).get("count")
    except (ValueError, AttributeError):
        return None
    return count if isinstance(count, int) else None
