"""Writes for delivery, shared by the admin, the API and imports."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from .models import StatusReport


def status_report_save(*, report: StatusReport, user: AbstractBaseUser) -> StatusReport:
    """Save a month's report, recording who submitted it and when."""
    report.submitted_by = user
    report.submitted_at = timezone.now()
    report.save()
    return report
