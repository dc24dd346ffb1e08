"""Handing background jobs to the job queue (Celery on Redis) so that nobody's work depends on
it. Every door that starts a job (publishing, the admin's "build the missing PDFs", document
builds, evidence packs) calls ``job_enqueue_on_commit`` or ``jobs_enqueue``: once the user's
work is committed, the job's record is marked as handed over and its task sent. If the broker
does not answer (Redis down or unreachable: the settings keep the wait to a few seconds, with
one quick retry), the record is marked "waiting for the job queue", a warning is logged and the
caller tells the user; nothing fails.

``jobs_requeue`` sends again what waits, and what was handed over so long ago that no worker can
still be on it (a Redis restarted without its data has lost its queue). Beat runs it every few
minutes and the health check whenever it finds the broker answering, so the jobs run once Redis
is back. Without REDIS_URL every task runs at once, in process, exactly as it always did."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .celery import app as celery_app
from .models import DocumentBuild, PublicationVersion

logger = logging.getLogger(__name__)

# What sending a task raises when the broker cannot be reached or does not answer in time.
QUEUE_ERRORS = (BrokerError, RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)


def waiting_for_queue(what: str) -> str:
    """What the user is told when ``what`` ("Its PDF", "It") waits for the job queue."""
    return (
        f"{what} will be built when the job queue is back: it is not answering just now. "
        "Nothing more needs doing; if it is still waiting in an hour, tell whoever runs "
        "sendtrack."
    )


# Records looked at in one run of ``jobs_requeue``: the health check must answer quickly.
REQUEUE_BATCH = 200


@dataclass(frozen=True)
class JobKind:
    """A kind of background job kept on a record: the task that does it (sent the record's id)
    and the record's fields that say where it has got to."""

    name: str
    task: str
    model: type[models.Model]
    status_field: str
    queued_at_field: str
    queued: str
    waiting: str
    # States a new request leaves alone: done, being done, or over for good.
    settled: tuple[str, ...]

    def records(self) -> models.QuerySet:
        return self.model._default_manager.all()


DOCUMENT_BUILD = JobKind(
    name="Document build",
    task="sendtrack.tasks.build_document",
    model=DocumentBuild,
    status_field="status",
    queued_at_field="queued_at",
    queued=DocumentBuild.Status.QUEUED,
    waiting=DocumentBuild.Status.WAITING,
    # A failed build is asked for again as a new build ("Build again").
    settled=(
        DocumentBuild.Status.RUNNING,
        DocumentBuild.Status.SUCCEEDED,
        DocumentBuild.Status.FAILED,
    ),
)
PUBLICATION_PDF = JobKind(
    name="Publication PDF",
    task="sendtrack.publications.tasks.build_publication_pdf",
    model=PublicationVersion,
    status_field="pdf_status",
    queued_at_field="pdf_queued_at",
    queued=PublicationVersion.PdfStatus.PENDING,
    waiting=PublicationVersion.PdfStatus.WAITING,
    # A failed PDF may be asked for again ("Build the PDFs that are missing or failed").
    settled=(PublicationVersion.PdfStatus.READY,),
)
KINDS = (DOCUMENT_BUILD, PUBLICATION_PDF)


@dataclass(frozen=True)
class JobsSent:
    """How many jobs were handed to the queue, and how many wait for it."""

    queued: int = 0
    waiting: int = 0

    def __add__(self, other: JobsSent) -> JobsSent:
        return JobsSent(self.queued + other.queued, self.waiting + other.waiting)


def jobs_enqueue(*, kind: JobKind, record_ids: Iterable[int], only: Q | None = None) -> JobsSent:
    """Hand the jobs of ``record_ids`` to the queue, each marked as handed over first (so that
    a task run at once, without Redis, finds it so), and only while it still matches ``only``
    (so that two runs sending the same jobs again send each once). If the broker does not
    answer, that job and every one after it is marked waiting for the queue and a warning
    logged: one wait per call, however many jobs, so no request hangs on a broker that is
    down."""
    record_ids = list(record_ids)
    task = import_string(kind.task)
    queued = 0
    for index, record_id in enumerate(record_ids):
        handed = (
            kind.records()
            .filter(only or Q(), pk=record_id)
            .exclude(**{f"{kind.status_field}__in": kind.settled})
            .update(**{kind.status_field: kind.queued, kind.queued_at_field: timezone.now()})
        )
        if not handed:
            continue  # built, being built, or gone since it was asked for
        if celery_app.conf.task_always_eager:
            # No broker: the task runs here and now, and its failures are its own.
            task.apply_async(args=[record_id])
            queued += 1
            continue
        try:
            task.apply_async(args=[record_id])
        except QUEUE_ERRORS as error:
            rest = record_ids[index:]
            waiting = {kind.status_field: kind.waiting}
            kind.records().filter(pk=record_id, **{kind.status_field: kind.queued}).update(
                **waiting
            )
            kind.records().filter(only or Q(), pk__in=rest[1:]).exclude(
                **{f"{kind.status_field}__in": kind.settled}
            ).update(**waiting)
            logger.warning(
                "%s %s: the job queue (REDIS_URL) did not answer (%s: %s). %d job(s) marked "
                "waiting for the queue; they are sent again when it answers.",
                kind.name,
                ", ".join(str(pk) for pk in rest[:10]) + (", …" if len(rest) > 10 else ""),
                type(error).__name__,
                error,
                len(rest),
            )
            return JobsSent(queued=queued, waiting=len(rest))
        queued += 1
    return JobsSent(queued=queued)


def job_enqueue(*, kind: JobKind, record_id: int) -> bool:
    """Hand one job to the queue; answers whether it was (else it waits for the queue)."""
    return not jobs_enqueue(kind=kind, record_ids=[record_id]).waiting


def job_enqueue_on_commit(*, kind: JobKind, record_id: int) -> None:
    """Hand the job to the queue once the work that asked for it is committed (at once when
    outside a transaction), so that a worker never looks for a record not yet saved."""
    transaction.on_commit(partial(job_enqueue, kind=kind, record_id=record_id))


def _to_requeue(kind: JobKind, *, before: datetime) -> Q:
    # Waiting for the queue, or handed to it before ``before`` and not taken by any worker.
    handed = Q(**{kind.status_field: kind.queued})
    stale = Q(**{f"{kind.queued_at_field}__isnull": True}) | Q(
        **{f"{kind.queued_at_field}__lt": before}
    )
    return Q(**{kind.status_field: kind.waiting}) | (handed & stale)


def _stale_before(now: datetime | None) -> datetime:
    return (now or timezone.now()) - timedelta(minutes=settings.SENDTRACK_JOB_STALE_MINUTES)


def jobs_to_requeue(*, now: datetime | None = None) -> dict[JobKind, list[int]]:
    """The jobs of each kind that wait for the queue or were lost in it, oldest first."""
    before = _stale_before(now)
    return {
        kind: list(
            kind.records()
            .filter(_to_requeue(kind, before=before))
            .order_by("pk")
            .values_list("pk", flat=True)[:REQUEUE_BATCH]
        )
        for kind in KINDS
    }


def jobs_waiting() -> int:
    """How many jobs wait for the job queue."""
    return sum(kind.records().filter(**{kind.status_field: kind.waiting}).count() for kind in KINDS)


def jobs_requeue(*, now: datetime | None = None) -> JobsSent:
    """Send again every job that waits for the queue, or was handed to it longer ago than
    SENDTRACK_JOB_STALE_MINUTES and not taken; stops at the first sign the queue is still
    down (those jobs wait on)."""
    sent = JobsSent()
    before = _stale_before(now)
    for kind, record_ids in jobs_to_requeue(now=now).items():
        if not record_ids:
            continue
        # Each job is claimed only while it still waits: a run at the same moment (beat's
        # and a health check's) leaves it to whichever claimed it first.
        only = _to_requeue(kind, before=before)
        outcome = jobs_enqueue(kind=kind, record_ids=record_ids, only=only)
        sent += outcome
        if outcome.waiting:
            # The queue is still down: leave the other kinds for the next run.
            break
    if sent.queued:
        logger.info("Jobs sent again to the job queue: %d", sent.queued)
    return sent
