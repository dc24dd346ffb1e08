"""Demonstration data built from the council's published papers (see README, "Demo data").

``load_demo`` is deterministic and idempotent: every record is matched on its natural key, so a
second run changes nothing, and a run on a later date adds the months that have passed since.
"""

from __future__ import annotations

from datetime import date

from django.apps import apps
from django.db import transaction

from .assurance import load_assurance
from .board_business import load_board_business
from .coproduction import load_coproduction
from .finance import load_benefits, load_finance
from .governance import load_governance
from .indicators import load_indicators
from .official import load_official_statistics
from .people import load_people
from .projects import load_projects
from .publications import load_publications, load_workforce
from .sign_offs import load_sign_offs
from .users import API_DEMO_LOGIN, DEMO_LOGINS, DEMO_PASSWORD, demo_api_token, load_users

__all__ = [
    "API_DEMO_LOGIN",
    "DEMO_LOGINS",
    "DEMO_PASSWORD",
    "demo_api_token",
    "demo_counts",
    "load_demo",
]


@transaction.atomic
def load_demo(*, as_of: date) -> dict[str, int]:
    """Load the whole demonstration as it stands on ``as_of``, all or nothing; returns the
    number of records of each kind."""
    orgs, people = load_people()
    gov = load_governance(as_of=as_of, orgs=orgs, people=people)
    projects = load_projects(as_of=as_of, gov=gov, people=people)
    load_indicators(as_of=as_of, gov=gov, people=people, projects=projects)
    load_finance(as_of=as_of, projects=projects)
    load_benefits(projects=projects)
    load_assurance(as_of=as_of)
    load_sign_offs(as_of=as_of, people=people)
    load_board_business(as_of=as_of)
    load_official_statistics(people=people)
    load_users(people=people)
    load_workforce(as_of=as_of)
    load_coproduction()
    load_publications()
    return demo_counts()


def demo_counts() -> dict[str, int]:
    """Records of each kind in the governance, projects, indicators and sendtrack apps (less
    the data's change log, which is bookkeeping, not a record of the programme)."""
    from sendtrack.models import DataChange

    return {
        model._meta.verbose_name_plural: model.objects.count()
        for label in ("governance", "projects", "indicators", "sendtrack")
        for model in apps.get_app_config(label).get_models()
        if model is not DataChange
    }
