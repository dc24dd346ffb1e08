"""The weekly data-quality digest for the programme office."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from ..emails import email_message
from ..models import EmailLog
from ..selectors import data_quality_sections, programme_office_recipients

logger = logging.getLogger(__name__)


@dataclass
class DigestOutcome:
    """What a run of the digest did."""

    emails: int = 0
    problems: int = 0
    already_sent: int = 0
    without_email: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "emails": self.emails,
            "problems": self.problems,
            "already_sent": self.already_sent,
            "users_without_email": self.without_email,
        }


def data_quality_digest_send(*, today: date) -> DigestOutcome:
    """Email every active member of the programme office (at their login's address, or else
    their person record's) what needs fixing in the data on ``today``, each line linking to
    the page where it is fixed. Each email is logged as it is sent and goes to each person
    at most once a day, however often the task runs; members with no address are skipped
    and named in the outcome."""
    sections = data_quality_sections(today=today)
    problems = sum(section.total for section in sections)
    outcome = DigestOutcome(problems=problems)
    members = programme_office_recipients()
    outcome.without_email = [member.name for member in members if not member.email]
    subject = f"sendtrack data quality, week of {today:%-d %B %Y}: " + (
        f"{problems} thing{'s' if problems != 1 else ''} to fix" if problems else "all clear"
    )
    for recipient in (member for member in members if member.email):
        message = email_message(
            template="digest",
            subject=subject,
            to=recipient,
            context={
                "name": recipient.name,
                "today": today,
                "problems": problems,
                "sections": sections,
            },
        )
        try:
            with transaction.atomic():
                EmailLog.objects.create(
                    kind=EmailLog.Kind.DIGEST,
                    recipient=recipient.email,
                    person=recipient.person,
                    sent_on=today,
                )
                message.send()
        except IntegrityError:
            outcome.already_sent += 1
            logger.info("Data-quality digest to %s already sent today.", recipient.email)
            continue
        outcome.emails += 1
    return outcome
