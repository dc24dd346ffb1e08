"""The members' page: what an elected member on a scrutiny committee opens sendtrack for. The
summaries published for their meetings, what their committee has asked officers for and when
each answer is due, and the meetings coming up."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils import timezone

from governance.selectors import (
    bodies_of_member,
    bodies_with_requests,
    information_requests_of_bodies,
    meetings_ahead,
)
from sendtrack.publications.selectors import latest_versions

MEMBERS_PERMISSION = "governance.view_informationrequest"
# The page lists the latest few of each; the published summaries' own page lists them all.
SUMMARIES_SHOWN = 5
MEETINGS_SHOWN = 6


@login_required
@permission_required(MEMBERS_PERMISSION, raise_exception=True)
def members_home(request):
    """The committees the member sits on (or, for someone who sits on none, every body whose
    meetings asked for information): their information requests with status and the meeting
    each is due at, their next meetings, and the latest published summaries."""
    today = timezone.localdate()
    committees = list(bodies_of_member(user=request.user, today=today))
    own = bool(committees)
    if not own:
        committees = list(bodies_with_requests())
    requests = list(information_requests_of_bodies(today=today, bodies=committees))
    return render(
        request,
        "members/home.html",
        {
            "section": "members",
            "today": today,
            "committees": committees,
            "own_committees": own,
            "requests": requests,
            "outstanding": sum(1 for r in requests if r.is_outstanding),
            "overdue": sum(1 for r in requests if r.is_overdue),
            "meetings": list(meetings_ahead(today=today, bodies=committees)[:MEETINGS_SHOWN]),
            "summaries": list(latest_versions()[:SUMMARIES_SHOWN]),
        },
    )
