"""The documents sendtrack builds in the background: what a builder answers with, and how a
build is asked for. A builder takes the ``DocumentBuild`` (its parameters and who asked for it)
and answers with the finished file; ``sendtrack.services.documents`` holds one builder per kind
and runs the builds, so a new kind adds its builder there."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from ..jobs import DOCUMENT_BUILD, job_enqueue_on_commit
from ..models import DocumentBuild


@dataclass(frozen=True)
class BuiltDocument:
    filename: str
    content: bytes


class DocumentError(Exception):
    """A document that cannot be built as asked, with the reason in plain English."""


Builder = Callable[[DocumentBuild], BuiltDocument]


def document_build_request(*, build: DocumentBuild, user: AbstractBaseUser) -> DocumentBuild:
    """Record a document asked for by ``user`` as queued and, once that is saved, hand it to
    the workers (without Redis it is built there and then). If the job queue cannot be
    reached, the build waits for it (and is sent when it is back): asking for a document
    never ends in an error page."""
    with transaction.atomic():
        build.requested_by = user
        build.requested_at = timezone.now()
        build.status = DocumentBuild.Status.QUEUED
        build.save()
        job_enqueue_on_commit(kind=DOCUMENT_BUILD, record_id=build.pk)
    return build
