"""The demo publishes a summary for the SEND Scrutiny Sub-Committee of 22 March 2023, approved
by the demo director, with invented workforce figures marked as demonstration data; loading it
again adds no version."""

from io import StringIO

import pytest
from django.core.management import call_command

from indicators.models import Indicator
from sendtrack.publications.models import Publication, PublicationVersion, WorkforceFigure

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_publishes_the_march_2023_summary_once(anonymous):
    call_command("load_demo", "--as-of", "2026-11-24", stdout=StringIO())
    call_command("load_demo", "--as-of", "2026-11-24", stdout=StringIO())

    publication = Publication.objects.get()
    assert publication.status == Publication.Status.PUBLISHED
    assert (publication.meeting.body.name, str(publication.meeting.date)) == (
        "SEND Scrutiny Sub-Committee",
        "2023-03-22",
    )
    assert (publication.approved_by.username, publication.published_by.username) == (
        "director",
        "pmo",
    )
    assert PublicationVersion.objects.count() == 1
    assert WorkforceFigure.objects.filter(is_demo=False).count() == 0
    assert WorkforceFigure.objects.count() == 12

    index = anonymous.get("/publications/").content.decode()
    assert "22 March 2023" in index
    page = anonymous.get(f"/publications/{publication.slug}/").content.decode()
    for expected in [
        "Helen Marsh",
        "KPI-01",
        "21c",
        "Establish the SEND Enquiries Hub",
        "SEND Enquiries Hub",
        "Educational psychology",
    ]:
        assert expected in page, expected
    assert anonymous.get("/publications/areas/6/").status_code == 200
    for indicator in Indicator.objects.filter(is_public=False):
        assert f"{indicator.code} {indicator.title}" not in page
