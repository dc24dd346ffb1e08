"""Writes for delivery, shared by the admin, the API and imports."""

from __future__ import annotations

import re

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
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


def risk_next_reference(*, risk: Risk, skip: int = 0) -> str:
    """The next free number in the risk's register: SUF-01-R4 for a project's fourth risk,
    PRG-R09 for the ninth programme risk. Only the register's own risks count, and only
    references of the register's form (hand-typed oddities do not move the numbering)."""
    if risk.project_id:
        prefix, width = f"{risk.project.code}-R", 1
        register = Risk.objects.filter(project_id=risk.project_id)
    else:
        prefix, width = REGISTER_PREFIX[risk.level], 2
        register = Risk.objects.filter(project__isnull=True, level=risk.level)
    pattern = re.compile(rf"^{re.escape(prefix)}(\d{{1,4}})$")
    taken = register.exclude(reference=None).values_list("reference", flat=True)
    numbers = [int(match[1]) for ref in taken if (match := pattern.match(ref))]
    return f"{prefix}{max(numbers, default=0) + 1 + skip:0{width}d}"


def risk_save(*, risk: Risk) -> Risk:
    """Save a risk or issue, giving it the next number in its register if it has none. Two
    risks numbered at the same moment cannot share a number: the reference is unique, and the
    later one takes a following number (as does one whose number was typed on another risk)."""
    if risk.reference:
        risk.save()
        return risk
    attempts = 5
    for attempt in range(1, attempts + 1):
        risk.reference = risk_next_reference(risk=risk, skip=attempt - 1)
        try:
            with transaction.atomic():
                risk.save()
        except IntegrityError:
            if attempt == attempts:
                raise
        else:
            break
    return risk
