"""Security headers, cookies and the Content-Security-Policy, as a browser receives them, in
the default and the production settings; and no inline script or style in our templates."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from tests.sendtrack.test_settings import PRODUCTION, _run

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_every_page_carries_the_policy_and_security_headers():
    response = Client().get("/accounts/login/")
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_only_the_redoc_page_allows_inline_styles_and_never_inline_scripts():
    policy = Client().get("/api/docs/redoc/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self';" in policy + ";"
    assert "unsafe-inline" not in Client().get("/api/docs/")["Content-Security-Policy"]


HEADERS_IN_PRODUCTION = """
import django, json
django.setup()
from django.test import Client
from django.test.utils import override_settings
# Static files come from the finders here: the manifest exists only after collectstatic.
override_settings(
    STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
).enable()
response = Client().get("/accounts/login/", secure=True, HTTP_HOST="sendtrack.example.org")
cookie = response.cookies["csrftoken"]
print(json.dumps({
    "status": response.status_code,
    "hsts": response.get("Strict-Transport-Security"),
    "csp": response.get("Content-Security-Policy"),
    "csrf_secure": bool(cookie["secure"]),
    "plain_http": Client().get("/", HTTP_HOST="sendtrack.example.org").status_code,
}))
"""


def test_production_sends_hsts_secure_cookies_and_redirects_plain_http():
    result = _run("-c", HEADERS_IN_PRODUCTION, env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["status"] == 200
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert "upgrade-insecure-requests" in seen["csp"]
    assert seen["csrf_secure"] is True
    assert seen["plain_http"] == 301


# Pages served to browsers; e-mails (inline styles are how e-mail is styled) and the PDF's
# print template (read by WeasyPrint, never served) are not under the policy.
NOT_SERVED = (
    "templates/email/",
    "templates/publications/print.html",
    "templates/assurance/print.html",
    "templates/boards/pack.html",
)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.I)


def test_no_template_or_admin_display_has_inline_script_or_style():
    offenders = []
    apps = [ROOT / app for app in ("sendtrack", "projects", "indicators", "governance")]
    sources = [*ROOT.glob("templates/**/*.html")]
    sources += [path for app in apps for path in (*app.glob("**/*.html"), *app.glob("**/*.py"))]
    for path in sources:
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(NOT_SERVED) or "/migrations/" in relative:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_STYLE):
            offenders += [f"{relative}: {m.group(0)}" for m in pattern.finditer(text)]
    assert offenders == []


SECRET_PATTERNS = {
    "a private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "an AWS access key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "a GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36}\b"),
    "a Slack token": re.compile(r"\bxox[abpr]-[A-Za-z0-9-]{10,}"),
    "a password in a URL": re.compile(r"\b[a-z+]+://[^/\s:@]+:(?!password@|\*+@)[^/\s@]{6,}@"),
}


def test_no_secret_is_committed():
    files = (
        subprocess.run(  # noqa: S603 - fixed arguments
            ["git", "ls-files", "-z"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    found = []
    for name in filter(None, files):
        if Path(name).name in (".env", "db.sqlite3") or name.endswith((".pem", ".key")):
            found.append(f"{name}: a file that holds secrets")
            continue
        path = ROOT / name
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        found += [f"{name}: {what}" for what, p in SECRET_PATTERNS.items() if p.search(text)]
    assert found == []
