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
import re
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from .conditional import release
from .dataversion import FAMILIES, FAMILY_OF_TABLE, OTHER, data_versions

T = TypeVar("T")

# Kept at most this long, however quiet the data (seconds).
PART_SECONDS = 6 * 3600
_IDENTIFIER = re.compile(r'"(\w+)"')


class UndeclaredRead(AssertionError):
    """A part read a family of tables it did not declare, so it could be kept past a write."""


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
            with connection.execute_wrapper(_Check(name, reads)):
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


class _Check:
    def __init__(self, name: str, reads: tuple[str, ...]) -> None:
        self.name, self.reads = name, reads

    def __call__(self, execute, sql, params, many, context):
        read = {FAMILY_OF_TABLE.get(table) for table in _IDENTIFIER.findall(sql)} - {None}
        undeclared = read - set(self.reads)
        if undeclared:
            raise UndeclaredRead(
                f"The part “{self.name}” reads {', '.join(sorted(undeclared))} but declares "
                f"only {', '.join(self.reads) or 'other tables'}: {sql[:200]}"
            )
        return execute(sql, params, many, context)
