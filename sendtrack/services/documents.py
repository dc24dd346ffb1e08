"""Document builds: asked for in the admin, built by a worker (or at once, without Redis), their
progress and file kept on the ``DocumentBuild``."""

from __future__ import annotations

import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ..assurance.packs import evidence_pack
from ..boards.packs import board_pack
from ..documents import Builder, DocumentError
from ..documents.reports_pack import monthly_reports_pack
from ..models import DocumentBuild

logger = logging.getLogger(__name__)

Status = DocumentBuild.Status


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


def builder_for(kind: str) -> Builder:
    """The function that builds documents of ``kind``."""
    builders: dict[str, Builder] = {
        DocumentBuild.Kind.MONTHLY_REPORTS_PACK: monthly_reports_pack,
        DocumentBuild.Kind.EVIDENCE_PACK: evidence_pack,
        DocumentBuild.Kind.BOARD_PACK: board_pack,
    }
    try:
        return builders[kind]
    except KeyError:
        raise DocumentError(f"sendtrack does not know how to build “{kind}”.") from None
