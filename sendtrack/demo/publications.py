"""Demo published summary: the workforce figures members asked for (invented, marked as
demonstration data) and one summary for the SEND Scrutiny Sub-Committee of 22 March 2023,
drafted and published by the programme office and approved by the demo director through the
same services the admin uses."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model

from governance.models import Meeting
from sendtrack.publications import services
from sendtrack.publications.models import Publication, WorkforceFigure

from .boards import SUB_COMMITTEE
from .store import upsert

MEETING_DATE = date(2023, 3, 22)
SLUG = "send-scrutiny-sub-committee-2023-03-22"
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


def load_publication() -> Publication:
    """The published summary for the Sub-Committee of 22 March 2023; published once only, so
    that loading again never adds a version."""
    publication, _ = Publication.objects.get_or_create(
        slug=SLUG,
        defaults={
            "meeting": Meeting.objects.get(body__name=SUB_COMMITTEE, date=MEETING_DATE),
            "title": "SEND improvement: progress summary for members",
            "summary": "Progress of the SEND improvement programme on the nine areas of "
            "weakness, with performance, projects, the actions promised to members, their "
            "information requests and the workforce. Projects, indicator figures and "
            "workforce figures are demonstration data.",
        },
    )
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
