"""Parts of a page worked out once and read many times: each part of a dashboard (the open red
risks, the milestones slipped, the figures off target, …) is kept under the versions of the
families of tables it reads (``dataversion.FAMILIES``; every part also reads ``other``), so a
write to a risk works out afresh only the parts that read risks, and the rest of the page is
read from what was kept. Like a kept answer (``conditional``), a part is keyed on who is
asking, the address with its query, the day and the code's release, and never outlives a
write to what it reads.

What a part reads is declared by its caller and checked, when
``SENDTRACK_CHECK_DERIVED_READS`` is on (as in the tests): a part whose queries touch a table
of a family it did not declare fails, so a part can never be kept past a write that changes
it."""

from __future__ import annotations

import hashlib
import pickle
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Model
from django.urls import get_urlconf
from django.utils import timezone
from django.utils.translation import get_language

from .conditional import release
from .dataversion import FAMILIES, OTHER, UndeclaredRead, data_versions, reads_checked

T = TypeVar("T")

# Kept at most this long, however quiet the data (seconds).
PART_SECONDS = 6 * 3600


class Parts:
    """The parts of one request's page: ``parts(name, reads=…, compute=…)`` returns the part
    kept under the current versions, or works it out and keeps it."""

    def __init__(self, request) -> None:
        self.request = request
        versions = getattr(request, "data_versions", None)
        self.versions = versions if versions is not None else data_versions()
        user = getattr(request, "user", None)
        self.base = (
            release(),
            timezone.localdate().isoformat(),
            str(getattr(user, "pk", "") or ""),
            request.get_full_path(),
        )

    def __call__(self, name: str, *, reads: Iterable[str], compute: Callable[[], T]) -> T:
        reads = tuple(sorted(set(reads)))
        unknown = set(reads) - set(FAMILIES)
        if unknown:
            raise ValueError(f"Unknown families of tables: {', '.join(sorted(unknown))}.")
        keep = settings.SENDTRACK_KEEP_DERIVED_PARTS
        key = self._key(name, reads) if keep else None
        if keep:
            kept = cache.get(key)
            if kept is not None:
                return pickle.loads(kept)  # noqa: S301 - written by this module only
        if settings.SENDTRACK_CHECK_DERIVED_READS:
            with reads_checked(name, reads):
                value = compute()
                stored = pickle.dumps(value)  # a lazy value is read here, and checked too
        else:
            value = compute()
            stored = pickle.dumps(value) if keep else b""
        if keep:
            cache.set(key, stored, PART_SECONDS)
        return value

    def _key(self, name: str, reads: tuple[str, ...]) -> str:
        digest = hashlib.blake2b(digest_size=16)
        for part in (*self.base, name, *(f"{f}={self.versions[f]}" for f in (*reads, OTHER))):
            digest.update(part.encode())
            digest.update(b"\0")
        return f"part:{digest.hexdigest()}"


# Rendered rows kept in this process by what they show (``rendered_from``): the same figures
# always render the same row, so a row kept is never stale, whichever worker keeps it.
ROWS_KEPT = 8192
_rows: OrderedDict[str, str] = OrderedDict()
_PLAIN = frozenset({str, int, float, Decimal, date, datetime, time, timedelta, bool, type(None)})


class NotFingerprintable(TypeError):
    """A value a kept row shows that cannot be told apart by its contents."""


def fingerprint(value) -> object:
    """Everything ``value`` holds, as plain values whose ``repr`` is equal exactly when two
    values would show the same: a record's fields, annotations and attributes set on it, the
    related records and prefetched lists it carries, lists, tuples and mappings of those, and
    plain values (whose ``repr`` names their type)."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if isinstance(value, Model):
        return (
            kind.__name__,
            [
                (k, v if type(v) in _PLAIN else fingerprint(v))
                for k, v in vars(value).items()
                if k[0] != "_"
            ],
            fingerprint(value._state.fields_cache),
            fingerprint(
                {k: list(v) for k, v in getattr(value, "_prefetched_objects_cache", {}).items()}
            ),
        )
    if isinstance(value, Mapping):
        return (kind.__name__, sorted((str(k), fingerprint(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return (kind.__name__, [v if type(v) in _PLAIN else fingerprint(v) for v in value])
    if isinstance(value, str):
        # A choice shows as its value, as the same value read from the database does.
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float | Decimal | date | timedelta):
        return (kind.__name__, repr(value))
    raise NotFingerprintable(f"A kept row cannot show a {kind.__name__}.")


def rendered_from(name: str, values: Iterable, render: Callable[[], str]) -> str:
    """A row of a long table rendered once per process for the same ``values`` (what it
    shows, fingerprinted whole) and the same code, address scheme, time zone and language; a
    row showing anything else is rendered afresh. With ``SENDTRACK_CHECK_DERIVED_READS`` a row
    that asks the database anything fails: it may show only what it was given."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (
        release(),
        name,
        str(get_urlconf() or settings.ROOT_URLCONF),
        timezone.get_current_timezone_name(),
        get_language() or "",
        repr(fingerprint(list(values))),
    ):
        digest.update(part.encode())
        digest.update(b"\0")
    key = digest.hexdigest()
    html = _rows.get(key)
    if html is not None:
        _rows.move_to_end(key)
        return html
    if settings.SENDTRACK_CHECK_DERIVED_READS:
        with connection.execute_wrapper(_no_query(name)):
            html = str(render())
    else:
        html = str(render())
    _rows[key] = html
    if len(_rows) > ROWS_KEPT:
        _rows.popitem(last=False)
    return html


def _no_query(name: str):
    def refuse(execute, sql, params, many, context):
        raise UndeclaredRead(f"The kept row “{name}” asked the database: {sql[:200]}")

    return refuse
