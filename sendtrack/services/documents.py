"""Document builds: asked for in the admin, built by a worker (or at once, without Redis), their
progress and file kept on the ``DocumentBuild``."""

from __future__ import annotations

import logging
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from ..documents import DocumentError, builder_for
from ..models import DocumentBuild

logger = logging.getLogger(__name__)

# What publishing a task raises when the broker (Redis) cannot be reached.
QUEUE_ERRORS = (BrokerError, RedisConnectionError, RedisTimeoutError)
QUEUE_DOWN = (
    "The background task service (Redis) did not answer, so the build was not started. "
    "Try again in a few minutes; if it keeps failing, tell whoever runs sendtrack."
)
Status = DocumentBuild.Status


def document_build_request(*, build: DocumentBuild, user: AbstractBaseUser) -> DocumentBuild:
    """Record a document asked for by ``user`` as queued and, once that is saved, hand it to
    the workers (without Redis it is built there and then). If the task queue cannot be
    reached, the build is marked failed with the reason and the failure logged: asking for a
    document never ends in an error page."""
    with transaction.atomic():
        build.requested_by = user
        build.requested_at = timezone.now()
        build.status = Status.QUEUED
        build.save()
        transaction.on_commit(partial(document_build_enqueue, build_id=build.pk))
    return build


def document_build_enqueue(*, build_id: int) -> bool:
    """Queue the build's task; if the broker does not answer, mark the build failed (saying
    why) and log it. Answers whether the build was queued."""
    from ..tasks import build_document

    try:
        build_document.delay(build_id)
    except QUEUE_ERRORS as error:
        logger.error(
            "Document build %s not queued: the task broker (REDIS_URL) did not answer (%s: %s). "
            "The build is marked failed and the request carried on.",
            build_id,
            type(error).__name__,
            error,
        )
        DocumentBuild.objects.filter(pk=build_id, status=Status.QUEUED).update(
            status=Status.FAILED, error=QUEUE_DOWN, finished_at=timezone.now()
        )
        return False
    return True


def document_build_run(*, build_id: int) -> DocumentBuild:
    """Build the document: queued, then being built, then ready with its file, or failed
    with what went wrong in plain words. A build that is already ready is left alone, so a
    task delivered twice builds once."""
    with transaction.atomic():
        build = DocumentBuild.objects.select_for_update().get(pk=build_id)
        if build.status == Status.SUCCEEDED:
            return build
        build.status = Status.RUNNING
        build.started_at = timezone.now()
        build.finished_at = None
        build.error = ""
        build.save(update_fields=["status", "started_at", "finished_at", "error"])
    try:
        document = builder_for(build.kind)(build)
        build.file.save(document.filename, ContentFile(document.content), save=False)
    except DocumentError as error:
        return _failed(build, str(error))
    except SoftTimeLimitExceeded:
        return _failed(build, "The build took too long and was stopped. Try again later.")
    except Exception as error:
        logger.exception("Document build %s failed", build.pk)
        return _failed(build, f"The build failed unexpectedly ({type(error).__name__}: {error}).")
    build.status = Status.SUCCEEDED
    build.finished_at = timezone.now()
    build.save(update_fields=["file", "status", "finished_at"])
    return build


def _failed(build: DocumentBuild, reason: str) -> DocumentBuild:
    build.status = Status.FAILED
    build.error = reason
    build.finished_at = timezone.now()
    build.save(update_fields=["status", "error", "finished_at"])
    return build
