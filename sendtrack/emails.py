"""Emails as sendtrack writes them: a plain-text and an HTML body from ``templates/email/``,
and links that take the reader straight to the admin page where they act."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import formataddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Model
from django.template.loader import render_to_string
from django.urls import reverse

from governance.models import Person


@dataclass(frozen=True)
class Recipient:
    """Someone to email: their name, their address, if they are named in the programme
    their person record, and in what capacity they are copied in (e.g. "sponsoring
    director")."""

    name: str
    email: str
    person: Person | None = None
    role: str = ""

    @classmethod
    def of(cls, person: Person, *, role: str = "") -> Recipient:
        return cls(name=person.name, email=person.email.strip().lower(), person=person, role=role)

    @property
    def address(self) -> str:
        return formataddr((self.name, self.email))


def absolute(path: str) -> str:
    """A path on the site as a full address, from ``SENDTRACK_BASE_URL``."""
    return f"{settings.SENDTRACK_BASE_URL}{path}"


def admin_link(obj: Model) -> str:
    """The full address of a record's page in the admin."""
    opts = obj._meta
    return absolute(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))


def admin_list_link(model: type[Model], query: str = "") -> str:
    """The full address of a model's list in the admin, optionally filtered."""
    opts = model._meta
    path = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return absolute(f"{path}?{query}" if query else path)


def email_message(
    *,
    template: str,
    subject: str,
    to: Recipient,
    context: Mapping[str, Any],
    cc: list[Recipient] | None = None,
) -> EmailMultiAlternatives:
    """An email with ``templates/email/<template>.txt`` as its text and ``.html`` as its HTML
    alternative."""
    context = {**context, "site_url": settings.SENDTRACK_BASE_URL}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"email/{template}.txt", context),
        to=[to.address],
        cc=[person.address for person in cc or []],
    )
    message.attach_alternative(render_to_string(f"email/{template}.html", context), "text/html")
    return message
