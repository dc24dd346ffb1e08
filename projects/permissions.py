"""Who may see and change which projects. Leads see and update the projects they lead; a
partner officer, those their organisation leads or co-owns (and their partnership risks), with
the same rules as a lead; the programme office sees and changes everything; directors see
everything and change nothing.

The rules for one row are ``rules`` predicates registered as the object-level side of the model
permissions (``user.has_perm("projects.change_project", project)``); the lists are scoped by the
queryset filters below, which say the same in the database's terms."""

from __future__ import annotations

import rules
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from governance.partners import (
    is_partner_officer,
    organisation_of,
    owned_by_partner_q,
    partner_owns,
)
from sendtrack.kernel import roles
from sendtrack.kernel.predicates import is_programme_office, register, sees_everything
from sendtrack.kernel.roles import scope_to_own

from .models import Milestone, Project, Risk, StatusReport

User = AbstractBaseUser | AnonymousUser


def _partner_projects(user: User, path: str = "") -> Q:
    # A partner officer's: those their organisation owns or co-owns, and any they lead.
    return owned_by_partner_q(user=user, model=Project, path=path) | Q(
        **{f"{path}lead__user": user}
    )


def projects_visible_to(*, user: User, queryset: QuerySet[Project] | None = None):
    """The projects a user may see: all for the programme office and directors; for a partner
    officer, those their organisation leads or co-owns (and any they lead); else those they
    lead."""
    qs = Project.objects.all() if queryset is None else queryset
    if is_partner_officer(user):
        return qs.filter(_partner_projects(user))
    return scope_to_own(user=user, queryset=qs, owner_path="lead__user")


def project_records_visible_to(*, user: User, queryset: QuerySet) -> QuerySet:
    """Milestones, risks or reports a user may see: those of the projects they may see.
    Programme and partnership risks belong to no project and are seen by those who see all,
    and partnership risks also by the partner officers whose organisation owns or co-owns
    them."""
    if is_partner_officer(user):
        visible = _partner_projects(user, path="project__")
        if queryset.model is Risk:
            visible |= Q(level=Risk.Level.PARTNERSHIP) & owned_by_partner_q(user=user, model=Risk)
        return queryset.filter(visible)
    return scope_to_own(user=user, queryset=queryset, owner_path="project__lead__user")


def projects_editable_by(*, user: User, queryset: QuerySet[Project] | None = None):
    """The projects a user may update: all for the programme office, those a partner officer
    sees, else those they lead (a director who also leads a project updates that one and reads
    the rest)."""
    qs = Project.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return qs.none()
    if roles.is_programme_office(user):
        return qs
    if is_partner_officer(user):
        return qs.filter(_partner_projects(user))
    return qs.filter(lead__user=user)


@rules.predicate
def leads_project(user: User, project: Project | None) -> bool:
    """A lead's own project, or, for a partner officer, one their organisation leads or
    co-owns. Asked without a project (may this role edit projects at all?), the answer is left
    to the role's permissions."""
    if project is None:
        return True
    if user.pk is None:
        return False
    if project.lead.user_id == user.pk:
        return True
    return is_partner_officer(user) and partner_owns(user, project)


@rules.predicate
def leads_records_project(user: User, record: Milestone | Risk | StatusReport | None) -> bool:
    """A milestone, risk or report of a project the user leads. Programme and partnership
    risks belong to no project and are the programme office's, but for a partnership risk its
    owning organisations' partner officers."""
    if record is None:
        return True
    if record.project_id is None:
        return (
            isinstance(record, Risk)
            and record.level == Risk.Level.PARTNERSHIP
            and is_partner_officer(user)
            and partner_owns(user, record)
        )
    # A deleted record's history may outlive its project: then it is nobody's to lead.
    project = Project.objects.filter(pk=record.project_id).select_related("lead").first()
    return project is not None and leads_project(user, project)


edits_project = is_programme_office | leads_project
edits_project_record = is_programme_office | leads_records_project

# What narrows each role permission to rows, for the admin, the pages and the API alike.
OBJECT_RULES = {
    "projects.view_project": sees_everything | leads_project,
    "projects.change_project": edits_project,
    **{
        f"projects.{action}_{model}": (
            sees_everything | leads_records_project if action == "view" else edits_project_record
        )
        for model in ("milestone", "risk", "statusreport")
        for action in ("view", "add", "change", "delete")
    },
}
register(OBJECT_RULES)


def can_edit_project(*, user: User, project: Project | None) -> bool:
    """The programme office edits every project; a lead edits the projects they lead. Without
    a project, whether the user's role may edit projects at all is left to their permissions."""
    return user.is_authenticated and edits_project.test(user, project)


def can_edit_project_record(*, user: User, record: Milestone | Risk | StatusReport | None) -> bool:
    """A milestone, risk or report is editable by whoever may edit its project."""
    return user.is_authenticated and edits_project_record.test(user, record)


def can_change_baseline(*, user: User) -> bool:
    """Once agreed, a milestone's baseline is changed only by the programme office."""
    return roles.is_programme_office(user)


def can_change_project_details(*, user: User) -> bool:
    """A project's code, title, lead, workstream and governance are set by the programme office."""
    return roles.is_programme_office(user)


# Said where a risk is raised with another organisation as its lead than the rule allows.
RISK_LEAD_NOT_YOURS = (
    "A risk you raise is led by {name}. Choose {name} as the lead organisation, or leave it "
    "blank; the programme office adds other organisations as co-owners."
)


# Said to a partner officer whose sign-in acts as no person, so has no organisation to lead.
RISK_LEAD_UNKNOWN = (
    "Your sign-in is not linked to anyone in a partner organisation, so a risk you raise would "
    "have no lead organisation. Ask the programme office to link your sign-in to your record."
)


def risk_lead_organisation(*, user: User, project: Project | None) -> int | None:
    """The organisation that leads a risk a user raises: a partner officer's own organisation,
    always; for anyone else, the lead organisation of its project (None, the council, for a
    programme or partnership risk). Only the programme office chooses another."""
    if is_partner_officer(user):
        return organisation_of(user)
    return None if project is None else project.organisation_id


def can_raise_risk_without_project(*, user: User, level: str | None) -> bool:
    """Programme and partnership risks are raised by the programme office, and partnership
    risks also by a partner officer (led by their organisation: ``risk_lead_organisation``)."""
    if roles.is_programme_office(user):
        return True
    return (
        is_partner_officer(user)
        and level == Risk.Level.PARTNERSHIP
        and organisation_of(user) is not None
    )


def can_choose_risk_owners(*, user: User) -> bool:
    """A risk's lead organisation and co-owners, once raised, are the programme office's."""
    return roles.is_programme_office(user)
