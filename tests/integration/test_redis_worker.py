"""The background work end to end on Redis: tasks published to the broker, run by a real
worker, their results in the database and the outbox; beat's schedule applied; the health
endpoint and the cache on a Redis that answers."""

from __future__ import annotations

import io
import time
from datetime import timedelta

import openpyxl
import pytest
from celery.beat import Scheduler
from django.core import mail
from django.core.cache import caches
from django.db import connection
from django.test import Client

from projects.models import ProjectSnapshot
from sendtrack.celery import app as celery_app
from sendtrack.models import DocumentBuild, EmailLog
from sendtrack.tasks import send_reminders, take_daily_snapshot
from tests import factories as f
from tests.admin.conftest import client_for

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

DAY = "2026-11-05"  # the reminder day in November: October's reminders go


def _wait_for(condition, *, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the worker did not finish in time")
        time.sleep(0.1)


@pytest.fixture(autouse=True)
def _reminders(settings):
    settings.SENDTRACK_REMINDER_DAY = 5
    settings.SENDTRACK_REMINDER_ESCALATION_DAYS = 5


@pytest.fixture
def programme(db):
    """Two projects with no October report, led by two people, and a programme office."""
    f.pmo_user(username="pmo", email="pmo@example.org")
    for name in ("Priya Shah", "Omar Ali"):
        f.ProjectFactory(lead=f.PersonFactory(name=name))


def test_a_task_runs_on_the_worker_not_in_the_web_process(worker, programme):
    result = take_daily_snapshot.apply_async(args=[DAY], ignore_result=False)

    assert result.get(timeout=30) == {"projects": 2, "workstreams": 2, "indicators": 0}
    assert ProjectSnapshot.objects.filter(day=DAY).count() == 2
    # run again: the same rows
    before = sorted(ProjectSnapshot.objects.values_list())
    take_daily_snapshot.apply_async(args=[DAY], ignore_result=False).get(timeout=30)
    assert sorted(ProjectSnapshot.objects.values_list()) == before


def test_reminders_sent_four_times_at_once_reach_each_lead_once(worker, programme):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite takes one writer at a time; concurrent runs are proved on PostgreSQL.")

    results = [send_reminders.apply_async(args=[DAY], ignore_result=False) for _ in range(4)]
    outcomes = [result.get(timeout=30) for result in results]

    assert sorted(m.to[0].split(" <")[0] for m in mail.outbox) == ["Omar Ali", "Priya Shah"]
    assert sum(outcome["emails"] for outcome in outcomes) == 2
    assert EmailLog.objects.filter(kind=EmailLog.Kind.FIRST_REMINDER).count() == 2


def test_beat_schedule_sends_the_snapshot_reminders_and_digest_through_the_worker(
    worker, programme, settings
):
    # given beat's schedule, every entry due at once, the daily ones for the reminder day
    schedule = {
        name: {
            **entry,
            "schedule": timedelta(seconds=0.5),
            "args": () if name == "requeue-waiting-jobs" else (DAY,),
        }
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
    }
    saved = celery_app.conf.beat_schedule
    celery_app.conf.beat_schedule = schedule
    try:
        scheduler = Scheduler(app=celery_app)
        time.sleep(0.6)
        # when beat ticks (each tick sends the entry that is due next)
        for _ in range(len(schedule)):
            scheduler.tick()
    finally:
        celery_app.conf.beat_schedule = saved

    # then the worker has taken the snapshot, reminded both leads and sent the digest
    _wait_for(lambda: EmailLog.objects.filter(kind=EmailLog.Kind.DIGEST).exists())
    _wait_for(lambda: EmailLog.objects.filter(kind=EmailLog.Kind.FIRST_REMINDER).count() == 2)
    _wait_for(lambda: ProjectSnapshot.objects.filter(day=DAY).count() == 2)
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects[0] == "Reminder: please add your October 2026 update to sendtrack"
    assert subjects[2].startswith("sendtrack data quality, week of 5 November 2026")


def test_a_document_asked_for_in_the_admin_is_built_by_the_worker(worker, programme):
    pmo = f.pmo_user(username="pmo2", first_name="Grace", last_name="Hall")
    client = client_for(pmo)

    response = client.post(
        "/admin/sendtrack/documentbuild/add/",
        {"kind": DocumentBuild.Kind.MONTHLY_REPORTS_PACK, "month": "2026-10"},
        follow=True,
    )

    assert "Monthly reports pack for October 2026: being built." in response.content.decode()
    build = DocumentBuild.objects.get()
    _wait_for(lambda: DocumentBuild.objects.get().status == DocumentBuild.Status.SUCCEEDED)
    build.refresh_from_db()
    assert "Ready" in client.get("/admin/sendtrack/documentbuild/").content.decode()
    download = client.get(f"/admin/sendtrack/documentbuild/{build.pk}/download/")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert book.sheetnames[0] == "About"
    assert "Programme summary" in book.sheetnames


def test_health_says_the_broker_is_ok(worker, db):
    response = Client().get("/health/")

    assert response.json() == {
        "database": "ok",
        "broker": "ok",
        "status": "ok",
        "jobs_waiting": 0,
    }


def test_the_cache_works_on_redis(redis_url, settings):
    settings.CACHES = {
        "default": {"BACKEND": "sendtrack.cache.ForgivingRedisCache", "LOCATION": redis_url}
    }
    cache = caches["default"]

    cache.set("sendtrack-test", {"red": 3}, timeout=30)

    assert cache.get("sendtrack-test") == {"red": 3}
    cache.delete("sendtrack-test")
