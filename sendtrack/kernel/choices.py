"""The records a user may choose from, asked of the kernel's admin and API base classes.

Which records a user may see is the apps' business, above the kernel, so the kernel does not
import it: ``settings.CHOICE_SCOPE`` names the module that answers (``sendtrack.visibility``),
which has ``choices_scoped_for(user)`` and ``choices_visible_to(user=, queryset=)``."""

from __future__ import annotations

import importlib
from types import ModuleType

from django.conf import settings
from django.db.models import QuerySet


def _scope() -> ModuleType:
    return importlib.import_module(settings.CHOICE_SCOPE)


def choices_scoped_for(user) -> bool:
    """Whether the user chooses among fewer records than exist (a partner officer does)."""
    return _scope().choices_scoped_for(user)


def choices_visible_to(*, user, queryset: QuerySet) -> QuerySet:
    """The records of ``queryset`` the user may choose."""
    return _scope().choices_visible_to(user=user, queryset=queryset)
