"""Configuration from the environment: the embedded default and the production settings."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

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


SCHEDULE = (
    "import django; django.setup(); from django.conf import settings as s; "
    "[print(name, entry['task'], entry['schedule']) "
    "for name, entry in sorted(s.CELERY_BEAT_SCHEDULE.items())]; "
    "print(s.SENDTRACK_REMINDER_DAY, s.SENDTRACK_REMINDER_ESCALATION_DAYS, "
    "s.SENDTRACK_REPORT_DEADLINE_DAY, s.SENDTRACK_BASE_URL)"
)


def test_the_schedule_by_default_snapshot_at_2_reminders_at_8_and_digest_on_mondays():
    result = _run("-c", SCHEDULE, env={"DJANGO_SETTINGS_MODULE": "sendtrack.settings"})

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "daily-snapshot sendtrack.tasks.take_daily_snapshot <crontab: 0 2 * * * (m/h/dM/MY/d)>",
        "data-quality-digest sendtrack.tasks.send_data_quality_digest "
        "<crontab: 30 7 * * monday (m/h/dM/MY/d)>",
        "reminders sendtrack.tasks.send_reminders <crontab: 0 8 * * * (m/h/dM/MY/d)>",
        "requeue-waiting-jobs sendtrack.tasks.requeue_waiting_jobs 0:05:00",
        "5 5 10 http://127.0.0.1:8000",
    ]


def test_the_schedule_and_reminders_are_set_from_the_environment():
    result = _run(
        "-c",
        SCHEDULE,
        env={
            "DJANGO_SETTINGS_MODULE": "sendtrack.settings",
            "SENDTRACK_SNAPSHOT_TIME": "03:15",
            "SENDTRACK_REMINDER_TIME": "09:05",
            "SENDTRACK_DIGEST_DAY": "friday",
            "SENDTRACK_DIGEST_TIME": "16:00",
            "SENDTRACK_REMINDER_DAY": "3",
            "SENDTRACK_REMINDER_ESCALATION_DAYS": "7",
            "SENDTRACK_REPORT_DEADLINE_DAY": "15",
            "SENDTRACK_BASE_URL": "https://sendtrack.example.org/",
            "SENDTRACK_JOB_REQUEUE_MINUTES": "2",
        },
    )

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "<crontab: 15 3 * * *" in lines[0]
    assert "<crontab: 0 16 * * friday" in lines[1]
    assert "<crontab: 5 9 * * *" in lines[2]
    assert lines[3] == "requeue-waiting-jobs sendtrack.tasks.requeue_waiting_jobs 0:02:00"
    assert lines[4] == "3 7 15 https://sendtrack.example.org"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "SENDTRACK_SNAPSHOT_TIME",
            "2am",
            "SENDTRACK_SNAPSHOT_TIME must be a time of day as HH:MM",
        ),
        ("SENDTRACK_DIGEST_TIME", "24:00", "SENDTRACK_DIGEST_TIME must be a time of day as HH:MM"),
        ("SENDTRACK_REMINDER_DAY", "31", "SENDTRACK_REMINDER_DAY must be a day from 1 to 28"),
        ("SENDTRACK_REMINDER_ESCALATION_DAYS", "30", "keep the second reminder within the month"),
        (
            "SENDTRACK_REPORT_DEADLINE_DAY",
            "29",
            "SENDTRACK_REPORT_DEADLINE_DAY must be a day from 1 to 28",
        ),
        ("SENDTRACK_JOB_STALE_MINUTES", "5", "SENDTRACK_JOB_STALE_MINUTES must be longer than"),
        ("SENDTRACK_JOB_REQUEUE_MINUTES", "0", "SENDTRACK_JOB_REQUEUE_MINUTES must be at least 1"),
    ],
)
def test_a_setting_out_of_range_stops_the_app_with_a_plain_message(variable, value, message):
    result = _run("-c", "import sendtrack.settings", env={variable: value})

    assert result.returncode != 0
    assert message in result.stderr


def test_postgresql_connections_skip_jit_compilation():
    show = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['OPTIONS'].get('options'))"
    )
    result = _run(
        "-c",
        show,
        env={
            "DJANGO_SETTINGS_MODULE": "sendtrack.settings",
            "DATABASE_URL": "postgres://someone@127.0.0.1:5432/sendtrack",
        },
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "-c jit=off"


def test_collectstatic_with_production_storage_finds_every_file_the_assets_refer_to(
    settings, tmp_path
):
    # given production's manifest storage, which fails on a reference to a missing file
    # (a source map, an image in a stylesheet)
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }

    # when the files are collected
    call_command("collectstatic", interactive=False, verbosity=0)

    # then the served stylesheet names the crest by its hashed name
    paths = json.loads((settings.STATIC_ROOT / "staticfiles.json").read_text())["paths"]
    crest = paths["vendor/govuk-frontend/assets/images/govuk-crest.svg"]
    css = (settings.STATIC_ROOT / paths["sendtrack/sendtrack.css"]).read_text()
    assert crest.rpartition("/")[2] in css
    assert "/govuk-crest.svg" not in css


SEND_TASK = (
    "import django; django.setup(); from sendtrack.publications.tasks import "
    "build_publication_pdf as task\n"
    "try:\n    task.delay(0)\nexcept Exception as error:\n    print(type(error).__name__)"
)


def test_without_redis_a_task_runs_in_process_with_no_warning_about_a_broker_host(tmp_path):
    # given no REDIS_URL: tasks run where they are sent, through an in-process broker
    result = _run(
        "-c",
        SEND_TASK,
        env={
            "DJANGO_SETTINGS_MODULE": "sendtrack.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
    )

    # then sending one says nothing of a broker's host ("Reverting to default 'localhost'")
    assert "No hostname was supplied" not in result.stderr + result.stdout
    # it ran here, and failed on the empty database (no tables), to be tried again later
    assert result.stdout.strip() == "Retry"
