"""``/health/``: whether the database and the task broker answer, and how many jobs wait for
the job queue, for load balancers and monitoring. No login; names no hosts, addresses or
secrets. When the broker answers, the check also sends again the jobs that wait for it, so
that they run as soon as Redis is back, even before beat's next run."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .celery import app as celery_app
from .jobs import jobs_requeue, jobs_waiting

logger = logging.getLogger(__name__)

# Seconds to wait for the broker: a health check must answer quickly.
BROKER_TIMEOUT = 2


def database_status() -> str:
    """Whether the database answers a query: "ok", else "error" (logged)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.error(
            "Health check: the database did not answer (%s: %s)", type(error).__name__, error
        )
        return "error"
    return "ok"


def broker_status() -> str:
    """Whether tasks can be queued: "eager" when they run in process (no REDIS_URL), "ok"
    when the broker accepts a connection, else "error" (logged)."""
    if celery_app.conf.task_always_eager:
        return "eager"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=BROKER_TIMEOUT)
    except Exception as error:  # whatever stops a connection, the broker is not usable
        logger.error(
            "Health check: the task broker (REDIS_URL) did not answer (%s: %s)",
            type(error).__name__,
            error,
        )
        return "error"
    return "ok"


def jobs_waiting_status(*, broker: str) -> int:
    """How many jobs wait for the job queue, once those that can be sent again (the broker
    answers) have been sent."""
    if broker == "ok":
        try:
            jobs_requeue()
        except Exception:  # the check reports; it never fails because of the jobs
            logger.exception("Health check: sending the waiting jobs again failed")
    return jobs_waiting()


@never_cache
@require_safe
def health(request):
    """200 while the database answers (the site can serve pages), 503 when it does not."""
    checks = {"database": database_status(), "broker": broker_status()}
    checks["status"] = "ok" if "error" not in checks.values() else "degraded"
    if checks["database"] == "error":
        checks["status"] = "down"
    else:
        checks["jobs_waiting"] = jobs_waiting_status(broker=checks["broker"])
    return JsonResponse(checks, status=200 if checks["database"] == "ok" else 503)
