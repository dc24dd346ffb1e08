"""From nothing to a working admin: migrate a new database, load the demo, log in."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FETCH_ADMIN = """
import django
django.setup()
from django.http import HttpRequest
from django.test import Client
client = Client()
# Sign-ins are throttled per address (django-axes), so the login names its request.
assert client.login(request=HttpRequest(), username="pmo", password="sendtrack-demo"), (
    "demo login failed"
)
index = client.get("/admin/")
projects = client.get("/admin/projects/project/")
print(index.status_code, projects.status_code, b"SUF-01" in projects.content)
"""


@pytest.mark.slow
def test_new_database_migrates_loads_the_demo_and_serves_the_admin(tmp_path):
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env = {
        **base,
        "DJANGO_SETTINGS_MODULE": "sendtrack.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
    }

    def run(*args):
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    run("manage.py", "migrate", "--noinput")
    loaded = run("manage.py", "load_demo", "--as-of", "2026-11-24")
    assert "pmo" in loaded
    assert "sendtrack-demo" in loaded
    assert run("-c", FETCH_ADMIN).split() == ["200", "200", "True"]
