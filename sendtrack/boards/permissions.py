"""Who may read a body's business and its packs, and who may answer its escalations: the
programme office and directors (who see everything), and the body's own members; a partner
officer among the members reads only the bodies their own organisation hosts (never the
council's boards). Anyone else is told the body's meetings are not found. The pages and the
API read through the same scopes below."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from governance.models import Body, Meeting, Membership
from governance.partners import is_partner_officer, organisation_of
from sendtrack.kernel.roles import is_programme_office, sees_everything

User = AbstractBaseUser | AnonymousUser

# Who may record a body's response to an escalation, beside the programme office.
CHAIRS = (Membership.Role.CHAIR, Membership.Role.CO_CHAIR, Membership.Role.VICE_CHAIR)


def _memberships(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(person__user=user, end_date__isnull=True)


def bodies_visible_to(*, user: User) -> QuerySet[Body]:
    """The bodies whose meetings, agendas, decisions, actions and packs ``user`` may read."""
    if not user.is_authenticated:
        return Body.objects.none()
    if sees_everything(user):
        return Body.objects.all()
    bodies = Body.objects.filter(pk__in=_memberships(user).values("body"))
    if is_partner_officer(user):
        return bodies.filter(organisation=organisation_of(user))
    return bodies


def body_access(*, user: User, body_id: int) -> Body:
    """The body, if ``user`` may read its business; "not found" otherwise."""
    body = bodies_visible_to(user=user).filter(pk=body_id).first()
    if body is None:
        raise Http404("There is no such board or group.")
    return body


def meeting_access(*, user: User, meeting_id: int) -> Meeting:
    """The meeting, if ``user`` may read its body's business; "not found" otherwise."""
    meeting = (
        Meeting.objects.select_related("body", "minutes_approved_at", "minutes_approved_by")
        .filter(pk=meeting_id, body__in=bodies_visible_to(user=user))
        .first()
    )
    if meeting is None:
        raise Http404("There is no such meeting.")
    return meeting


def can_respond_to_escalations(*, user: User, meeting: Meeting) -> bool:
    """The programme office, or the chair (co-chair, vice-chair) of the meeting's body."""
    if is_programme_office(user):
        return True
    if not user.is_authenticated:
        return False
    return _memberships(user).filter(Q(body=meeting.body_id) & Q(role__in=CHAIRS)).exists()


def can_build_packs(*, user: User) -> bool:
    """Packs are built by the programme office."""
    return is_programme_office(user)


def board_actions_visible_to(*, user: User, queryset: QuerySet | None = None):
    """The actions of the bodies ``user`` may read, and the actions ``user`` owns."""
    from .models import BoardAction

    qs = BoardAction.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return qs.none()
    if sees_everything(user):
        return qs
    return qs.filter(Q(raised_at__body__in=bodies_visible_to(user=user)) | Q(owner__user=user))


def meeting_business_visible_to(*, user: User, queryset: QuerySet) -> QuerySet:
    """A meeting's agenda items or decisions (``queryset``), of the bodies ``user`` may read."""
    if not user.is_authenticated:
        return queryset.none()
    if sees_everything(user):
        return queryset
    return queryset.filter(meeting__body__in=bodies_visible_to(user=user))
