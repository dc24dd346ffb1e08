"""The background work, as Celery tasks. Each is thin: it takes plain arguments (a day, a
build's id), calls one service and answers with what the service did. Each is safe to run
again (the services are idempotent), retries with backoff on a database, mail or network
failure, and is stopped if it runs too long. Without REDIS_URL they run at once, in process."""

from __future__ import annotations

import logging
import smtplib
from datetime import date
from typing import Any

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from .jobs import jobs_requeue
from .services.digest import data_quality_digest_send
from .services.documents import document_build_run
from .services.reminders import reminders_send
from .services.snapshots import daily_snapshot_take

logger = logging.getLogger(__name__)

# Failures worth another try: the database or the mail server briefly away.
TRANSIENT = (OperationalError, InterfaceError, smtplib.SMTPException, ConnectionError, TimeoutError)
RETRIES = {
    "autoretry_for": TRANSIENT,
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}


def _day(day: str | None) -> date:
    """The day asked for (ISO format), or today in London."""
    return date.fromisoformat(day) if day else timezone.localdate()


@shared_task(**RETRIES, soft_time_limit=120, time_limit=180)
def take_daily_snapshot(day: str | None = None) -> dict[str, Any]:
    """File the day's snapshot of derived figures (daily, from beat)."""
    result = daily_snapshot_take(day=_day(day))
    logger.info("Daily snapshot taken: %s", result)
    return result


@shared_task(**RETRIES, soft_time_limit=240, time_limit=300)
def send_reminders(day: str | None = None) -> dict[str, Any]:
    """Send the day's first and second reminders, if any are due (daily, from beat)."""
    result = reminders_send(today=_day(day)).as_dict()
    logger.info("Reminders: %s", result)
    return result


@shared_task(**RETRIES, soft_time_limit=240, time_limit=300)
def send_data_quality_digest(day: str | None = None) -> dict[str, Any]:
    """Send the programme office the data-quality digest (weekly, from beat)."""
    result = data_quality_digest_send(today=_day(day)).as_dict()
    logger.info("Data-quality digest: %s", result)
    return result


@shared_task(**RETRIES, soft_time_limit=240, time_limit=300)
def build_document(build_id: int) -> dict[str, Any]:
    """Build a document asked for in the admin."""
    build = document_build_run(build_id=build_id)
    return {"build": build.pk, "status": build.status, "error": build.error}


@shared_task(soft_time_limit=60, time_limit=90)
def requeue_waiting_jobs() -> dict[str, int]:
    """Send again the jobs that wait for the job queue or were lost in it (every few minutes,
    from beat)."""
    sent = jobs_requeue()
    return {"queued": sent.queued, "waiting": sent.waiting}
