"""Who may see and change which projects. Leads see and update the projects they lead; the
programme office sees and changes everything; directors see everything and change nothing."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from sendtrack.roles import is_programme_office, scope_to_own

from .models import Milestone, Project, Risk, StatusReport

User = AbstractBaseUser | AnonymousUser


def projects_visible_to(*, user: User, queryset: QuerySet[Project] | None = None):
    """The projects a user may see: all for the programme office and directors, else those
    they lead."""
    qs = Project.objects.all() if queryset is None else queryset
    return scope_to_own(user=user, queryset=qs, owner_path="lead__user")


def project_records_visible_to(*, user: User, queryset: QuerySet) -> QuerySet:
    """Milestones, risks or reports a user may see: those of the projects they may see.
    Programme and partnership risks belong to no project and are seen by those who see all."""
    return scope_to_own(user=user, queryset=queryset, owner_path="project__lead__user")


def projects_editable_by(*, user: User, queryset: QuerySet[Project] | None = None):
    """The projects a user may update: all for the programme office, else those they lead
    (a director who also leads a project updates that one and reads the rest)."""
    qs = Project.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return qs.none()
    if is_programme_office(user):
        return qs
    return qs.filter(lead__user=user)


def can_edit_project(*, user: User, project: Project | None) -> bool:
    """The programme office edits every project; a lead edits the projects they lead. Without
    a project, whether the user's role may edit projects at all is left to their permissions."""
    if not user.is_authenticated:
        return False
    if is_programme_office(user):
        return True
    return project is None or project.lead.user_id == user.pk


def can_edit_project_record(*, user: User, record: Milestone | Risk | StatusReport | None) -> bool:
    """A milestone, risk or report is editable by whoever may edit its project."""
    if record is None:
        return can_edit_project(user=user, project=None)
    if record.project_id is None:
        return is_programme_office(user)
    return can_edit_project(user=user, project=record.project)


def can_change_baseline(*, user: User) -> bool:
    """Once agreed, a milestone's baseline is changed only by the programme office."""
    return is_programme_office(user)


def can_change_project_details(*, user: User) -> bool:
    """A project's code, title, lead, workstream and governance are set by the programme office."""
    return is_programme_office(user)
