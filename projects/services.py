"""Writes for delivery, shared by the admin, the API and imports."""

from __future__ import annotations

import re

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from .models import Risk, StatusReport


@transaction.atomic
def status_report_save(*, report: StatusReport, user: AbstractBaseUser) -> StatusReport:
    """Save a month's report. Who submitted it, and when, is recorded when it is first filed;
    later corrections (by the lead or the programme office) keep that attribution."""
    if report.pk is None:
        report.submitted_by = user
        report.submitted_at = timezone.now()
    report.save()
    return report


# Programme and partnership risks have registers of their own: PRG-R01, PTN-R01.
REGISTER_PREFIX = {Risk.Level.PROGRAMME: "PRG-R", Risk.Level.PARTNERSHIP: "PTN-R"}


def risk_next_reference(*, risk: Risk) -> str:
    """The next free reference in the risk's register: SUF-01-R4 for a project's fourth."""
    if risk.project_id:
        prefix, width = f"{risk.project.code}-R", 1
    else:
        prefix, width = REGISTER_PREFIX[risk.level], 2
    taken = Risk.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    numbers = [int(match[1]) for ref in taken if (match := pattern.match(ref))]
    return f"{prefix}{max(numbers, default=0) + 1:0{width}d}"


@transaction.atomic
def risk_save(*, risk: Risk) -> Risk:
    """Save a risk or issue, giving it the next reference in its register if it has none."""
    if not risk.reference:
        risk.reference = risk_next_reference(risk=risk)
    risk.save()
    return risk
