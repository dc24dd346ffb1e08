"""No lost updates. A status report, figure, milestone or risk carries a version, raised by one
on each save through the services; a save based on an older version than the stored one is
refused with who changed the record since, whichever door it came by (admin form, API, import).
Other records are told apart by when they were last changed, for the API's ``If-Match``."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Versioned(models.Model):
    """A record whose saves are numbered, so that a save based on an older one is refused."""

    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised by one on every save, so that two people editing at once cannot "
        "overwrite each other's changes.",
    )

    class Meta:
        abstract = True


class StaleRecordError(Exception):
    """The record was changed by someone else after the editor read it."""

    def __init__(self, record: models.Model):
        self.record = record
        super().__init__(stale_message(record))


def is_versioned(record: models.Model) -> bool:
    """Whether saves of the record are numbered (an improvement plan's "version" is the
    document's own, not a save count)."""
    return isinstance(record, Versioned)


def version_bump(*, record: models.Model) -> None:
    """Before saving ``record``: refuse it if the stored row has moved past the version the
    editor read (``record.version``), else raise its version by one. The stored row is locked
    until the save commits, so two saves of one version cannot both pass."""
    if record.pk is None:
        return
    stored = (
        type(record)
        ._default_manager.select_for_update()
        .filter(pk=record.pk)
        .values_list("version", flat=True)
        .first()
    )
    if stored is None:
        return
    if stored != record.version:
        raise StaleRecordError(record)
    record.version = stored + 1


def last_change(record: models.Model) -> tuple[str, str]:
    """Who last changed ``record`` and when, in words, from its history."""
    history = getattr(type(record), "history", None)
    latest = None
    if history is not None:
        latest = (
            history.filter(**{record._meta.pk.attname: record.pk})
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
            .first()
        )
    if latest is None:
        return "someone else", ""
    user = latest.history_user
    who = (user.get_full_name() or user.get_username()) if user is not None else "the system"
    when = timezone.localtime(latest.history_date)
    return who, f"{when:%H:%M} on {when:%-d %B %Y}"


def stale_message(record: models.Model) -> str:
    """Why a save was refused, naming who changed the record since and when."""
    who, when = last_change(record)
    name = record._meta.verbose_name
    at = f" at {when}" if when else ""
    return (
        f"This {name} was changed by {who}{at}, after you opened it. Your changes were not "
        "saved. Open it again to see theirs, then make yours."
    )


def etag_for(record: models.Model) -> str:
    """The record's entity tag: its version, or else the moment it was last changed."""
    if is_versioned(record):
        return f'"v{record.version}"'
    updated = getattr(record, "updated_at", None)
    if updated is None:
        return f'"pk{record.pk}"'
    return f'"t{int(updated.timestamp() * 1_000_000)}"'
