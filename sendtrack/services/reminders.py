"""The monthly reminders: to project leads whose report for the month just gone is missing and
to indicator owners whose figure is, then a second reminder copied to the sponsoring director."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from governance.models import Person
from projects.selectors import reporting_due

from ..emails import Recipient, admin_link, email_message
from ..models import EmailLog
from ..selectors import Owed, returns_owed

logger = logging.getLogger(__name__)

FIRST = EmailLog.Kind.FIRST_REMINDER
SECOND = EmailLog.Kind.SECOND_REMINDER


@dataclass
class ReminderOutcome:
    """What a run of the reminders did."""

    emails: int = 0
    things: int = 0
    already_sent: int = 0
    without_email: set[str] = field(default_factory=set)

    def skip(self, person: Person | None) -> None:
        if person is not None:
            self.without_email.add(person.name)

    def as_dict(self) -> dict[str, Any]:
        return {
            "emails": self.emails,
            "things": self.things,
            "already_sent": self.already_sent,
            "people_without_email": sorted(self.without_email),
        }


def _key(item: Owed) -> tuple[str, int]:
    return ("project" if item.is_project else "indicator", item.thing.pk)


def _sent(period: date) -> dict[tuple[str, str, tuple[str, int]], date]:
    """When each reminder about the month was first sent: (kind, recipient, thing) -> day."""
    sent: dict[tuple[str, str, tuple[str, int]], date] = {}
    logs = EmailLog.objects.filter(period=period, kind__in=[FIRST, SECOND]).values_list(
        "kind", "recipient", "project_id", "indicator_id", "sent_on"
    )
    for kind, recipient, project_id, indicator_id, sent_on in logs:
        thing = ("project", project_id) if project_id else ("indicator", indicator_id)
        key = (kind, recipient, thing)
        sent[key] = min(sent.get(key, sent_on), sent_on)
    return sent


def reminders_send(*, today: date) -> ReminderOutcome:
    """From the reminder day of the month (``SENDTRACK_REMINDER_DAY``), email each project
    lead and indicator owner, once, about every report or figure of theirs not yet filed for
    the month just gone (the month ``reporting_due`` chases, saying when it is due by): one
    email per person, each thing linking to its page. Once
    ``SENDTRACK_REMINDER_ESCALATION_DAYS`` have passed since that first reminder, whatever is
    still missing is sent again, copied to the sponsoring director.

    Each email is logged, one row per thing, in the same transaction as it is sent; the log
    is read first and its unique constraint refuses a second row for the same recipient,
    thing, kind and day, so nobody is reminded twice about the same thing on the same day,
    even by two runs at once. People without an email address are skipped and counted."""
    outcome = ReminderOutcome()
    if today.day < settings.SENDTRACK_REMINDER_DAY:
        return outcome
    due = reporting_due(today=today)
    period = due.month
    sent = _sent(period)
    escalate_by = today - timedelta(days=settings.SENDTRACK_REMINDER_ESCALATION_DAYS)
    firsts: dict[str, list[Owed]] = defaultdict(list)
    seconds: dict[tuple[str, tuple[str, ...]], list[Owed]] = defaultdict(list)
    owners: dict[str, Recipient] = {}
    for item in returns_owed(period=period):
        owner = Recipient.of(item.owner)
        if not owner.email:
            outcome.skip(item.owner)
            continue
        owners[owner.email] = owner
        thing = _key(item)
        first_on = sent.get((FIRST, owner.email, thing))
        if first_on is None:
            firsts[owner.email].append(item)
        elif first_on <= escalate_by and (SECOND, owner.email, thing) not in sent:
            for director in item.directors:
                if not director.email:
                    outcome.skip(director.person)
            copied = tuple(sorted(_copied(item, owner)))
            seconds[(owner.email, copied)].append(item)

    second_on = today + timedelta(days=settings.SENDTRACK_REMINDER_ESCALATION_DAYS)
    common = {"period": period, "deadline": due.deadline, "today": today, "outcome": outcome}
    for email, items in firsts.items():
        _send(kind=FIRST, to=owners[email], cc=[], items=items, second_on=second_on, **common)
    for (email, _), items in seconds.items():
        cc = [d for d in items[0].directors if d.email in _copied(items[0], owners[email])]
        _send(kind=SECOND, to=owners[email], cc=cc, items=items, second_on=None, **common)
    return outcome


def _copied(item: Owed, owner: Recipient) -> set[str]:
    """The directors' addresses a second reminder is copied to (not the owner's own)."""
    return {d.email for d in item.directors if d.email and d.email != owner.email}


def _send(
    *,
    kind: str,
    to: Recipient,
    cc: list[Recipient],
    items: list[Owed],
    period: date,
    deadline: date,
    today: date,
    outcome: ReminderOutcome,
    second_on: date | None,
) -> None:
    """Log and send one reminder email, or neither if it was logged already today."""
    rows = [
        EmailLog(
            kind=kind,
            recipient=to.email,
            person=to.person,
            project=item.thing if item.is_project else None,
            indicator=None if item.is_project else item.thing,
            period=period,
            copied_to=", ".join(person.email for person in cc)[:500],
            sent_on=today,
        )
        for item in items
    ]
    month = f"{period:%B %Y}"
    second = kind == SECOND
    subject = (
        f"Second reminder: your {month} update is still missing in sendtrack"
        if second
        else f"Reminder: please add your {month} update to sendtrack"
    )
    message = email_message(
        template="reminder",
        subject=subject,
        to=to,
        cc=cc,
        context={
            "name": to.name,
            "month": month,
            "deadline": deadline,
            "overdue": today > deadline,
            "second": second,
            "second_on": second_on,
            "copied": cc,
            "items": [
                {
                    "label": str(item.thing),
                    "what": f"the {item.what} for {month}",
                    "link": admin_link(item.thing),
                }
                for item in items
            ],
        },
    )
    try:
        with transaction.atomic():
            EmailLog.objects.bulk_create(rows)
            message.send()
    except IntegrityError:
        # Another run logged (and so sent) this email today.
        outcome.already_sent += len(items)
        logger.info("%s to %s already sent today: not sent again.", kind, to.email)
        return
    outcome.emails += 1
    outcome.things += len(items)
