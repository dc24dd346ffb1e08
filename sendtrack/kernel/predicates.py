"""The ``rules`` predicates every app's object-level permissions are built from, and their
registration: each model permission ("projects.change_project") is answered for a given row by
``user.has_perm(perm, obj)``, which the admin, the pages and the API all ask.

A role's model permission (from its group) is always required; an app's ``permissions`` module
adds what narrows it to rows (a lead's own projects). Permissions no app narrows are the role's
model permission alone, so every model's permissions have a rule.
"""

from __future__ import annotations

from collections.abc import Mapping

import rules
from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from sendtrack.kernel import roles

User = AbstractBaseUser | AnonymousUser


def has_role_perm(perm: str) -> rules.Predicate:
    """Whether the user's role (their groups) holds the model permission ``perm``: asked of the
    model backend directly, so that a rule for ``perm`` can use it without asking itself."""

    def check(user: User) -> bool:
        return user.is_active and perm in user.get_all_permissions()

    return rules.Predicate(check, name=f"has_role_perm:{perm}")


@rules.predicate
def is_programme_office(user: User) -> bool:
    """Programme office staff (and superusers) change everything."""
    return roles.is_programme_office(user)


@rules.predicate
def sees_everything(user: User) -> bool:
    """The programme office and directors read every row."""
    return roles.sees_everything(user)


def register(object_rules: Mapping[str, rules.Predicate]) -> None:
    """Register each permission as its role's model permission narrowed by its object rule."""
    for perm, narrowing in object_rules.items():
        rules.set_perm(perm, has_role_perm(perm) & narrowing)


def register_defaults() -> None:
    """Give every permission of the programme's models that no app narrows a rule of its own:
    the role's model permission, whatever the row."""
    for app_label in roles.APPS:
        for model in apps.get_app_config(app_label).get_models():
            for action in roles.ALL_ACTIONS:
                perm = f"{app_label}.{action}_{model._meta.model_name}"
                if not rules.perm_exists(perm):
                    rules.add_perm(perm, has_role_perm(perm))
