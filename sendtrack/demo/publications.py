"""Demo published summaries: the workforce figures members asked for (invented, marked as
demonstration data) and a summary for each of the SEND Scrutiny Sub-Committee's meetings the
seeds record (22 March 2023, the report to its first meeting; 6 June 2023, whose requests the
minutes of 19 July 2023 refer to; and 19 July 2023, whose minutes list the requests 21a to
21d), each as at its own meeting's date, drafted and published by the programme office and
approved by the demo director through the same services the admin uses."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model

from governance.models import Meeting
from sendtrack.publications import services
from sendtrack.publications.models import Publication, WorkforceFigure

from .boards import SUB_COMMITTEE
from .store import upsert

# The Sub-Committee's meetings the seeds record, each published as at its own date.
MEETING_DATES = (date(2023, 3, 22), date(2023, 6, 6), date(2023, 7, 19))
SUMMARY = (
    "Progress of the SEND improvement programme on the nine areas of weakness, with "
    "performance, the actions promised to members, their information requests and the "
    "workforce, as they stood on the day of the meeting. Indicator figures, milestones and "
    "workforce figures are demonstration data; the demonstration's projects report monthly "
    "only over the last two years, so this summary does not show projects by workstream."
)
SOURCE = "Demonstration figures (invented)"

# team, established posts, then (staff in post, vacancies) on each date. Invented figures.
TEAMS = [
    ("SEND casework: EHC needs assessment", 96, (71, 25), (88, 8)),
    ("SEND casework: annual reviews", 64, (47, 17), (58, 6)),
    ("Educational psychology", 58, (39, 19), (44, 14)),
    ("Specialist Teaching and Learning Service", 120, (111, 9), (114, 6)),
    ("SEND Enquiries Hub", 24, (10, 14), (22, 2)),
    ("Portage and early years SEND", 30, (27, 3), (28, 2)),
]


def load_workforce(*, as_of: date) -> None:
    """Each team's figures as at 1 March 2023 and at the start of the month of ``as_of``."""
    rows = []
    for index, day in enumerate((date(2023, 3, 1), as_of.replace(day=1))):
        for team, posts, *figures in TEAMS:
            in_post, vacancies = figures[index]
            rows.append(
                {
                    "as_at": day,
                    "team": team,
                    "posts_established": posts,
                    "staff_in_post": in_post,
                    "vacancies": vacancies,
                    "source": SOURCE,
                    "is_demo": True,
                }
            )
    upsert(WorkforceFigure, rows, keys=["as_at", "team"])


def load_publications() -> list[Publication]:
    """The published summary for each of the Sub-Committee's meetings in the seeds."""
    meetings = Meeting.objects.filter(body__name=SUB_COMMITTEE, date__in=MEETING_DATES)
    return [load_publication(meeting=meeting) for meeting in meetings.order_by("date")]


def load_publication(*, meeting: Meeting) -> Publication:
    """The published summary for ``meeting``, as at its date; published once only, so that
    loading again never adds a version."""
    publication = Publication.objects.filter(meeting=meeting).first() or Publication(
        meeting=meeting
    )
    if publication.pk is None:
        publication.title = "SEND improvement: progress summary for members"
        publication.summary = SUMMARY
        publication.as_at = meeting.date
        # The demo's projects file monthly reports over the last two years only: a 2023
        # summary would show every project as not reporting.
        publication.include_portfolio = False
        publication.save()
    if publication.status == Publication.Status.PUBLISHED:
        return publication
    users = get_user_model().objects
    pmo, director = users.get(username="pmo"), users.get(username="director")
    if publication.status == Publication.Status.DRAFT:
        publication = services.publication_submit(publication=publication, user=pmo)
    if publication.status == Publication.Status.SUBMITTED:
        publication = services.publication_approve(publication=publication, user=director)
    services.publication_publish(publication=publication, user=pmo)
    return publication
