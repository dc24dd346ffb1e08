"""The records a user may choose from wherever a form, a filter or an import names another
record: the owners, leads, projects, actions and boards offered in the admin's drop-downs,
autocompletes and list filters, the dashboards' filters, the API's filters and related fields,
and the spreadsheet import's look-ups.

A partner officer chooses only among what they may see (the apps' ``*_visible_to`` scoping),
and among none of the records their role does not read at all (the council's boards and
meetings): a record outside is answered as one that does not exist, and its name is never
offered. Every other role chooses as before: the programme's reference data is theirs to read.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model, QuerySet

from governance.models import Person, PlanAction, PlanActionSignOff
from governance.partners import is_partner_officer
from governance.permissions import (
    people_visible_to,
    plan_actions_visible_to,
    sign_offs_visible_to,
)
from indicators.models import Benchmark, Indicator, Measurement, Target
from indicators.permissions import indicator_records_visible_to, indicators_visible_to
from projects.models import Milestone, Project, Risk, StatusReport
from projects.permissions import project_records_visible_to, projects_visible_to

User = AbstractBaseUser | AnonymousUser

Scope = Callable[..., QuerySet]

# The models whose rows a partner officer sees only in part, and the scoping that says which.
_PARTNER_SCOPES: dict[type[Model], Scope] = {
    Person: people_visible_to,
    PlanAction: plan_actions_visible_to,
    PlanActionSignOff: sign_offs_visible_to,
    Project: projects_visible_to,
    Milestone: project_records_visible_to,
    Risk: project_records_visible_to,
    StatusReport: project_records_visible_to,
    Indicator: indicators_visible_to,
    Measurement: indicator_records_visible_to,
    Target: indicator_records_visible_to,
    Benchmark: indicator_records_visible_to,
}


def choices_visible_to(*, user: User, queryset: QuerySet) -> QuerySet:
    """The rows of ``queryset`` that ``user`` may choose: for a partner officer, those they may
    see (none of a model their role does not read); for every other role, all of them."""
    if not is_partner_officer(user):
        return queryset
    model = queryset.model
    opts = model._meta
    if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        return queryset.none()
    scope = _PARTNER_SCOPES.get(model)
    return queryset if scope is None else scope(user=user, queryset=queryset)


def choices_scoped_for(user: User) -> bool:
    """Whether ``user``'s choices are narrowed to what they see (a partner officer's)."""
    return is_partner_officer(user)
