"""Background work for published summaries: thin tasks that take ids and call one service."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from .pdf import version_pdf_build


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=120,
    time_limit=180,
)
def build_publication_pdf(version_id: int) -> str:
    """Build the PDF of a published version for the agenda pack; its status records failure."""
    return version_pdf_build(version_id=version_id).pdf_status
