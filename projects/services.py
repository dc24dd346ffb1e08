"""Writes for delivery, shared by the admin, the API and imports."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from .models import StatusReport


@transaction.atomic
def status_report_save(*, report: StatusReport, user: AbstractBaseUser) -> StatusReport:
    """Save a month's report. Who submitted it, and when, is recorded when it is first filed;
    later corrections (by the lead or the programme office) keep that attribution."""
    if report.pk is None:
        report.submitted_by = user
        report.submitted_at = timezone.now()
    report.save()
    return report
