"""The benchmark's PostgreSQL database: built once with ``generate_scale_data`` and reused
while it is current (same scale, same generator, same month), rebuilt from empty otherwise.

What the data was built from is kept as the database's comment, so that it lives and dies
with the data."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import psycopg
from django.core.management import call_command
from django.db import connection, connections
from psycopg import sql

from sendtrack.demo.scale import VERSION


def _maintenance() -> psycopg.Connection:
    """A connection to the server's ``postgres`` database, to create and drop others."""
    params = connection.get_connection_params()
    params["dbname"] = "postgres"
    return psycopg.connect(**params, autocommit=True)


def _name() -> str:
    return connection.settings_dict["NAME"]


def stored_marker() -> dict | None:
    """What the database's data was built from, or None if it does not exist or was not
    built by the benchmark."""
    with _maintenance() as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [_name()],
        ).fetchone()
    if row is None or not row[0]:
        return None
    try:
        return json.loads(row[0])
    except ValueError:
        return None


def wanted_marker(*, scale: float, today: date) -> dict:
    """Data stays current for the month it was built in, at the same scale and generator."""
    return {"scale": scale, "version": VERSION, "month": f"{today:%Y-%m}"}


def ensure_bench_data(*, scale: float, today: date, say: Callable[[str], None]) -> bool:
    """Make the database hold current data at ``scale``; True if it had to be built."""
    wanted = wanted_marker(scale=scale, today=today)
    if stored_marker() == wanted:
        say(f"Reusing the data in “{_name()}” (scale {scale:g}, built this month).")
        call_command("migrate", verbosity=0)
        return False
    say(f"Building “{_name()}” from empty at scale {scale:g} (minutes; longest at N=30)…")
    connections.close_all()
    with _maintenance() as conn:
        name = sql.Identifier(_name())
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
    call_command("migrate", verbosity=0)
    call_command("generate_scale_data", scale=scale, as_of=today.isoformat())
    _analyse()
    with _maintenance() as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(_name()), sql.Literal(json.dumps(wanted))
            )
        )
    return True


def _analyse() -> None:
    # Freshly loaded tables have neither statistics nor a visibility map until autovacuum gets
    # round to them; the planner needs both to choose the plans a running site would get
    # (index-only scans for the lists' counts, for one).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
