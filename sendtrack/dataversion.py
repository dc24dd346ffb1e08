"""The data's version: a value that changes with every write to the database, whatever the
door (a form, the admin, the API, an import, a Celery task, a management command, a
``QuerySet.update`` or ``bulk_create``), so that anything derived from the data can be kept
under it and is never served once the data has moved on.

Every statement Django sends is watched (an execute wrapper on each connection): an INSERT,
UPDATE, DELETE, TRUNCATE or schema change to any table but the few that no page shows also
files a row in ``DataChange``, in the same transaction, so that it counts exactly when the
write does (a rolled-back write leaves no trace). The version is the count, lowest and highest
id of those rows, read in one query: an insert that commits after a later one still changes
the count, where a highest id alone would miss it. Old rows are pruned as new ones come."""

from __future__ import annotations

import re
from contextlib import contextmanager

from django.db import connections
from django.db.models import Count, Max, Min

# Tables written by what no page, report or list shows: sign-in sessions, django-axes'
# records of attempts, and the change rows themselves.
IGNORED_TABLES = frozenset(
    {
        "sendtrack_datachange",
        "django_session",
        "axes_accessattempt",
        "axes_accesslog",
        "axes_accessfailurelog",
    }
)
# Rows kept: pruning keeps the version's query small whatever the history of writes (the
# latest row of each family is always kept, so that no family's version goes back to empty).
KEEP = 1000

# The tables whose writes are filed under a family of their own: the records officers update
# most, each with its history. Every other table is "other".
FAMILIES = {
    "risks": (
        "projects_risk",
        "projects_historicalrisk",
        "projects_risk_co_owners",
        "projects_historicalrisk_co_owners",
    ),
    "milestones": ("projects_milestone", "projects_historicalmilestone"),
    "status_reports": ("projects_statusreport", "projects_historicalstatusreport"),
    "figures": ("indicators_measurement", "indicators_historicalmeasurement"),
}
OTHER = "other"
FAMILY_OF_TABLE = {table: family for family, tables in FAMILIES.items() for table in tables}


def family_of(table: str) -> str:
    """The family a written table's change is filed under (``"*"``, anywhere: ``other``)."""
    return FAMILY_OF_TABLE.get(table, OTHER)


_WRITE = re.compile(
    r"\s*(?:(?:INSERT|REPLACE)\s+(?:OR\s+\w+\s+)?INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM|"
    r'(TRUNCATE|WITH))\s+(?:TABLE\s+|ONLY\s+)?"?(\w+)"?',
    re.IGNORECASE,
)


def writes_to(sql: str) -> str | None:
    """The table ``sql`` writes to (``"*"`` for statements that may write anywhere: TRUNCATE,
    WITH), or None for a read, a savepoint, a pragma or a schema change (which comes with a
    migration, and so with a new release: see ``conditional.RELEASE``)."""
    match = _WRITE.match(sql)
    if match is None:
        return None
    if match.group(1):
        return "*"
    return match.group(2).lower()


class _State:
    # While migrations run the change table may not exist yet: writes are not filed one by
    # one, and one change is filed when migrate has finished.
    migrating = False


def record_writes(execute, sql, params, many, context):
    """The execute wrapper: run the statement, then, if it wrote to a table a page may show,
    file a change row on the same connection and in the same transaction."""
    result = execute(sql, params, many, context)
    if _State.migrating:
        return result
    table = writes_to(sql) if isinstance(sql, str) else "*"
    if table is not None and table not in IGNORED_TABLES:
        connection = context["connection"]
        family = family_of(table)
        if not _filed_in_scope(connection, family):
            _file_change(connection, family)
    return result


def _filed_in_scope(connection, family: str) -> bool:
    """Whether a change row of ``family`` is already filed for this write's scope, and if
    not, mark it so.

    Outside a transaction every statement is its own scope. Inside one, the scope is the
    innermost savepoint (or the transaction itself): one row for all the writes made there is
    enough, since they commit or roll back together; a savepoint rolled back takes its row
    with it, and a later write in the enclosing scope files that scope's own. Reading the
    version clears the marks (``data_version``), so a write after a read always files anew."""
    if not connection.in_atomic_block or not connection.atomic_blocks:
        return False
    savepoints = [sid for sid in connection.savepoint_ids if sid]
    scope = savepoints[-1] if savepoints else ""
    # The marks live as long as the transaction. Django gives each transaction a new list of
    # commit hooks (after a commit, a rollback, or a savepoint's rollback, when the marks are
    # conservatively dropped too), so they are kept with that list and start afresh when it
    # changes. (Not on the outermost Atomic: a service decorated with ``transaction.atomic``
    # is one Atomic for all its calls, and its marks outlived each call's transaction.)
    hooks, filed = connection.__dict__.get("_data_changes_filed", (None, None))
    if hooks is not connection.run_on_commit or filed is None:
        filed = set()
        connection.__dict__["_data_changes_filed"] = (connection.run_on_commit, filed)
    if (scope, family) in filed:
        return True
    filed.add((scope, family))
    return False


def _forget_filed(connection) -> None:
    connection.__dict__.pop("_data_changes_filed", None)


def _file_change(connection, family: str = OTHER) -> None:
    # A cursor of its own on the database connection: the statement's cursor may still hold
    # rows (an INSERT … RETURNING), and a row of bookkeeping is no query of the request's.
    cursor = connection.connection.cursor()
    placeholder = "?" if connection.vendor == "sqlite" else "%s"
    try:
        cursor.execute(
            f'INSERT INTO "sendtrack_datachange" ("family") VALUES ({placeholder}) RETURNING "id"',  # noqa: S608
            [family],
        )
        (new_id,) = cursor.fetchone()
        if new_id % KEEP == 0:
            oldest = int(new_id) - KEEP
            cursor.execute(
                f'DELETE FROM "sendtrack_datachange" WHERE "id" <= {oldest} AND "id" NOT IN '  # noqa: S608
                '(SELECT MAX("id") FROM "sendtrack_datachange" GROUP BY "family")'
            )
    finally:
        cursor.close()


def data_changed(using: str = "default") -> None:
    """File a change by hand: for data written other than through Django's connections."""
    connection = connections[using]
    connection.ensure_connection()
    _file_change(connection)


def migration_started(sender, **kwargs) -> None:
    """Receiver of ``pre_migrate``."""
    _State.migrating = True


def migration_finished(sender, using: str = "default", **kwargs) -> None:
    """Receiver of ``post_migrate`` (sent once per app, the last for sendtrack)."""
    _State.migrating = False
    # (Unless the change table is not there yet: a migration to an earlier state.)
    if "sendtrack_datachange" in connections[using].introspection.table_names():
        data_changed(using)


def watch(sender, connection, **kwargs) -> None:
    """Receiver of ``connection_created``: watch the new connection's writes."""
    if record_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(record_writes)


def watch_open_connections() -> None:
    """Watch the connections already open (those made before the app was ready)."""
    for connection in connections.all(initialized_only=True):
        watch(None, connection)


def data_versions(using: str = "default") -> dict[str, str]:
    """The version of the data now (``"all"``: it changes with every committed write) and of
    each family of tables (``"risks"``, …, ``"other"``: it changes with every committed write
    to that family), in one query."""
    from .models import DataChange

    _forget_filed(connections[using])
    rows = list(
        DataChange.objects.using(using)
        .order_by()
        .values_list("family")
        .annotate(n=Count("id"), lo=Min("id"), hi=Max("id"))
    )
    versions = dict.fromkeys((*FAMILIES, OTHER), "0.0.0")
    versions |= {family: f"{n}.{lo}.{hi}" for family, n, lo, hi in rows}
    versions["all"] = (
        f"{sum(n for _, n, _, _ in rows)}.{min((lo for _, _, lo, _ in rows), default=0)}."
        f"{max((hi for _, _, _, hi in rows), default=0)}"
    )
    return versions


def data_version(using: str = "default") -> str:
    """The version of the data now: it changes with every committed write (one query)."""
    return data_versions(using)["all"]


# What may be kept under some families' versions (``derivations``, ``conditional``) declares
# them; with SENDTRACK_CHECK_DERIVED_READS each of its queries is checked against them.
_IDENTIFIER = re.compile(r'"(\w+)"')


class UndeclaredRead(AssertionError):
    """Something kept read a family of tables it did not declare, so it could outlive a
    write to what it shows."""


@contextmanager
def reads_checked(name: str, reads, using: str = "default"):
    """Fail any query made within that reads a table of a family not in ``reads``."""
    declared = set(reads)

    def check(execute, sql, params, many, context):
        read = {FAMILY_OF_TABLE.get(table) for table in _IDENTIFIER.findall(sql)} - {None}
        undeclared = read - declared
        if undeclared:
            raise UndeclaredRead(
                f"“{name}” reads {', '.join(sorted(undeclared))} but declares only "
                f"{', '.join(sorted(declared)) or 'other tables'}: {sql[:200]}"
            )
        return execute(sql, params, many, context)

    with connections[using].execute_wrapper(check):
        yield
