"""Configuration from the environment: the embedded default and the production settings."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
    )


SHOW = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, "
    "s.CACHES['default']['BACKEND'])"
)


def test_with_nothing_set_the_app_uses_sqlite_and_eager_tasks():
    result = _run("-c", SHOW, env={"DJANGO_SETTINGS_MODULE": "sendtrack.settings"})
    assert result.returncode == 0, result.stderr
    engine, eager, cache = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert eager == "True"
    assert cache.endswith("LocMemCache")


def test_database_and_redis_urls_switch_to_postgresql_and_redis():
    result = _run(
        "-c",
        SHOW,
        env={
            "DJANGO_SETTINGS_MODULE": "sendtrack.settings",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/sendtrack",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
    )
    assert result.returncode == 0, result.stderr
    engine, eager, cache = result.stdout.split()
    assert engine == "django.db.backends.postgresql"
    assert eager == "False"
    assert cache.endswith("RedisCache")


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "sendtrack.settings.production",
    "SECRET_KEY": "k3v9-Qz!p7Lm2#Xr8Wd4^Tb6@Hn1*Js5%Yf0&Gc8+Ua3=Re7~Ow2$Ni9",
    "ALLOWED_HOSTS": "sendtrack.example.org",
}


def test_check_deploy_is_clean_in_production_settings():
    result = _run("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _run("manage.py", "check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
