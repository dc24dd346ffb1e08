"""The demo publishes a summary for each of the SEND Scrutiny Sub-Committee's meetings in the
seeds (22 March, 6 June and 19 July 2023), each as at its own meeting's date, approved by the
demo director, with invented workforce figures marked as demonstration data; loading it again
adds no version, and following an area across the meetings shows it moving."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from indicators.models import Indicator
from sendtrack.publications.models import Publication, PublicationVersion, WorkforceFigure

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

MEETINGS = ["2023-03-22", "2023-06-06", "2023-07-19"]


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_demo_publishes_a_summary_for_each_meeting_once_each_as_at_its_date(anonymous):
    call_command("load_demo", "--as-of", "2026-11-24", stdout=StringIO())
    call_command("load_demo", "--as-of", "2026-11-24", stdout=StringIO())

    publications = list(Publication.objects.order_by("meeting__date"))
    assert [str(p.meeting.date) for p in publications] == MEETINGS
    assert {p.meeting.body.name for p in publications} == {"SEND Scrutiny Sub-Committee"}
    assert [str(p.as_at) for p in publications] == MEETINGS
    for publication in publications:
        assert publication.status == Publication.Status.PUBLISHED
        assert (publication.approved_by.username, publication.published_by.username) == (
            "director",
            "pmo",
        )
    assert PublicationVersion.objects.count() == 3
    assert WorkforceFigure.objects.filter(is_demo=False).count() == 0
    assert WorkforceFigure.objects.count() == 12

    index = _text(anonymous.get("/publications/"))
    for day in ("22 March 2023", "6 June 2023", "19 July 2023"):
        assert day in index

    march, june, july = (_text(anonymous.get(f"/publications/{p.slug}/")) for p in publications)
    # each says as at when its figures stand, and nothing from after that day
    assert "Figures as at 22 March 2023" in march
    assert "Figures as at 4 December 2026" not in march  # the day it was published
    assert "Figures as at 24 November 2026" not in march  # the demo's day
    assert "Figures as at 19 July 2023" in july
    # the requests members raised on 19 July 2023 are in its summary, not in earlier ones
    for reference in ("21a", "21b", "21c", "21d"):
        assert f"{reference}:" in july
        assert f"{reference}:" not in march
        assert f"{reference}:" not in june
    # and as at 19 July none had been answered yet (the APP came on 4 August 2023)
    assert "4 August 2023" not in july
    for page in (march, june, july):
        assert "Establish the SEND Enquiries Hub" in page
        assert "Educational psychology" in page
        for indicator in Indicator.objects.filter(is_public=False):
            assert f"{indicator.code} {indicator.title}" not in page


def test_following_an_area_across_the_meetings_shows_it_moving(anonymous):
    call_command("load_demo", "--as-of", "2026-11-24", stdout=StringIO())
    versions = {
        str(v.publication.meeting.date): v.content
        for v in PublicationVersion.objects.select_related("publication__meeting")
    }
    rows = {day: {r["number"]: r for r in versions[day]["areas"]["rows"]} for day in MEETINGS}

    # the Representation's short-term actions for area 1, complete by June, not in March
    assert rows["2023-03-22"][1]["actions_complete"] < rows["2023-06-06"][1]["actions_complete"]
    # the first self-assessments were made on 30 June 2023
    assert rows["2023-03-22"][1]["rating_display"] == "Not assessed"
    assert rows["2023-07-19"][1]["assessed_on"] == "2023-06-30"

    page = _text(anonymous.get("/publications/areas/1/"))
    march, june, july = (
        page.index(day) for day in ("22 March 2023", "6 June 2023", "19 July 2023")
    )
    assert march < june < july
    for day in MEETINGS:
        area = rows[day][1]
        counted = f"{area['actions_complete']} of {area['actions_total']}"
        assert counted in page
    assert "carried forward to a later plan" in page
