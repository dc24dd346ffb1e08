"""Pages, reports and lists answered from what was derived last time, while the data is
unchanged: a validator (ETag) that a repeat request can send back for a bodiless 304, and the
answer itself kept in the cache for a repeat without one.

Both are keyed on everything the answer depends on: the data's version (which every write
changes, through every door: see ``dataversion``), who is asking and how (the request's
cookies, so its session and CSRF token, and its Authorization header), the address with its
query, the formats accepted, the day (figures are judged "as at" today), and the code
release. So one reader's answer never reaches another, nor outlives a write, a day or a
deploy. Only successful answers to signed-in GETs are kept; anything that sets a cookie, is
streamed or asks not to be stored passes through untouched."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache as django_cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags

from .dataversion import OTHER, data_versions, reads_checked

# Answers larger than this are not kept (a validator is still sent).
MAX_CACHED_BYTES = 512 * 1024
# Kept at most this long, however quiet the data (seconds).
CACHE_SECONDS = 6 * 3600
# What a kept answer is served with: the view's own headers, less those that are per answer.
NOT_REPLAYED = {"set-cookie", "date", "content-length"}
# The headers of a request that the answer may depend on.
VARY_ON = ("Cookie", "Authorization", "Accept", "Accept-Language")
SOURCE_DIRS = ("governance", "indicators", "projects", "sendtrack", "templates")


@cache
def release() -> str:
    """The code's release: settings.RELEASE if set, otherwise a digest of the source and the
    templates, so that a deploy that changes a page is never answered from before it."""
    configured = getattr(settings, "RELEASE", "")
    if configured:
        return configured
    digest = hashlib.blake2b(digest_size=8)
    base = Path(settings.BASE_DIR)
    for folder in SOURCE_DIRS:
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".txt"} and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def _paths() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in settings.CONDITIONAL_GET_PATHS))


def reads_for(path: str) -> tuple[str, ...] | None:
    """The families of tables the answer at ``path`` reads (besides ``other``), as
    ``CONDITIONAL_GET_READS`` declares them; None, for every table, where it says nothing."""
    for pattern, families in settings.CONDITIONAL_GET_READS:
        if re.match(pattern, path):
            return tuple(families)
    return None


def version_for(versions: dict[str, str], reads: tuple[str, ...] | None) -> str:
    """The version an answer reading ``reads`` is kept under: the whole data's, or that of
    the families it reads and of every other table."""
    if reads is None:
        return versions["all"]
    return "|".join(f"{family}={versions[family]}" for family in (*sorted(reads), OTHER))


def _signed_in(request) -> bool:
    """Whether the request carries credentials: a token (checked by the view that answers it
    first; a revoked token is a write, so a new version) or a signed-in session (read here,
    which also tells an expired one)."""
    if request.headers.get("Authorization"):
        return True
    session = getattr(request, "session", None)
    if session is None or not request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        return False
    if SESSION_KEY not in session:
        return False
    # A message waiting to be shown is shown by the page, once: answer afresh.
    return "_messages" not in session and "messages" not in request.COOKIES


def _tag(request, version: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in (
        version,
        release(),
        timezone.localdate().isoformat(),
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        *(request.headers.get(name, "") for name in VARY_ON),
    ):
        digest.update(part.encode())
        digest.update(b"\0")
    return f'W/"{digest.hexdigest()}"'


def _matches(request, etag: str) -> bool:
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    wanted = {tag.removeprefix("W/") for tag in parse_etags(header)}
    return "*" in wanted or etag.removeprefix("W/") in wanted


def _finish(response: HttpResponse, etag: str) -> HttpResponse:
    if not response.has_header("ETag"):
        response["ETag"] = etag
    if not response.has_header("Cache-Control"):
        # The browser may keep it but must ask each time; no shared cache may keep it.
        response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, VARY_ON)
    return response


def _keepable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "no-store" not in response.get("Cache-Control", "")
    )


class ConditionalGetMiddleware:
    """For signed-in GETs of the addresses in ``CONDITIONAL_GET_PATHS``: 304 when the
    request's ``If-None-Match`` names the current answer, the kept answer when there is one,
    otherwise the view's answer, tagged and kept. It needs the session and message
    middleware before it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or not _paths().match(request.path_info)
            or not _signed_in(request)
        ):
            return self.get_response(request)
        # Read once: the view's kept parts are keyed on the same versions
        # (``sendtrack.derivations``). An answer that reads only some families of tables is
        # kept, and tagged, under theirs: a write to a risk leaves the list of bodies be.
        request.data_versions = data_versions()
        reads = reads_for(request.path_info)
        etag = _tag(request, version_for(request.data_versions, reads))
        if _matches(request, etag):
            return _finish(HttpResponseNotModified(), etag)
        keep = settings.CONDITIONAL_GET_KEEP_ANSWERS
        key = f"answer:{etag}"
        kept = django_cache.get(key) if keep else None
        if kept is not None:
            status, headers, content = kept
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        if reads is not None and settings.SENDTRACK_CHECK_DERIVED_READS:
            with reads_checked(request.path_info, reads):
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        if not _keepable(response):
            return response
        _finish(response, etag)
        if keep and request.method == "GET" and len(response.content) <= MAX_CACHED_BYTES:
            headers = [
                (name, value)
                for name, value in response.headers.items()
                if name.lower() not in NOT_REPLAYED
            ]
            django_cache.set(key, (response.status_code, headers, response.content), CACHE_SECONDS)
        return response
