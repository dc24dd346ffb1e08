"""What members, parents and the public read without signing in: the index by meeting, each
publication's page and its earlier versions, the per-area history and the staff preview. Every
page reads only published snapshots, in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sendtrack.publications import services
from sendtrack.publications.models import Publication
from tests import factories as f

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def test_the_index_lists_publications_by_meeting_and_body(anonymous, published):
    response = anonymous.get("/publications/")

    assert response.status_code == 200
    page = _text(response)
    assert "Progress summary for members" in page
    assert "22 March 2023" in page
    assert "SEND Scrutiny Sub-Committee" in page
    assert 'href="/publications/send-scrutiny-sub-committee-2023-03-22/"' in page


def test_a_publication_page_shows_every_section_from_its_snapshot(anonymous, published):
    response = anonymous.get("/publications/send-scrutiny-sub-committee-2023-03-22/")

    assert response.status_code == 200
    page = _text(response)
    for expected in [
        "Progress on the areas of weakness",
        "The limited role of parents and carers in designing services",
        "KPI-01 New EHC plans issued within 20 weeks",
        "41.5%",
        "SUF-01 Specialist resource provision places",
        "Building works delayed by six weeks.",
        "Establish the SEND Enquiries Hub",
        "Not yet due",  # as at 22 March 2023; due at the next meeting, 19 July 2023
        "21d: A snapshot of the number of staff",
        "Educational psychology",
        "33%",
        "Approved",
        "Helen Marsh, Director of Education and SEND",
    ]:
        assert expected in page, expected
    assert "Sign out" not in page
    assert 'href="/publications/areas/3/"' in page


def test_nothing_unpublished_is_public(anonymous, draft, pmo, director):
    # a draft, a submitted and an approved publication
    submitted = Publication.objects.create(
        meeting=draft.meeting, title="Submitted summary", slug="submitted-summary"
    )
    services.publication_submit(publication=submitted, user=pmo)
    approved = Publication.objects.create(
        meeting=draft.meeting, title="Approved summary", slug="approved-summary"
    )
    services.publication_submit(publication=approved, user=pmo)
    services.publication_approve(publication=approved, user=director)

    for publication in (draft, submitted, approved):
        assert anonymous.get(f"/publications/{publication.slug}/").status_code == 404
        assert anonymous.get(f"/publications/{publication.slug}/v1/").status_code == 404
        assert anonymous.get(f"/publications/{publication.slug}/v1/pdf/").status_code == 404
    urls = ["/publications/", "/publications/feed/", "/api/v1/publications/"]
    for url in urls:
        page = _text(anonymous.get(url))
        for title in ("Progress summary for members", "Submitted summary", "Approved summary"):
            assert title not in page, (url, title)
    assert anonymous.get("/publications/areas/3/").status_code == 404


def test_an_indicator_not_marked_public_never_appears(anonymous, published):
    urls = [
        "/publications/",
        "/publications/send-scrutiny-sub-committee-2023-03-22/",
        "/publications/send-scrutiny-sub-committee-2023-03-22/v1/",
        "/publications/areas/3/",
        "/publications/feed/",
        "/api/v1/publications/",
        f"/api/v1/publications/{published.pk}/",
    ]
    for url in urls:
        response = anonymous.get(url)
        assert response.status_code == 200, url
        assert "KPI-99" not in _text(response), url
        assert "Internal caseload pressure index" not in _text(response), url


def test_an_earlier_version_stays_readable_and_points_to_the_latest(
    anonymous, published, pmo, director, publish
):
    # given a correction published as version 2
    publication = services.publication_start_correction(
        publication=published.publication, user=pmo, reason="the workforce figures were late."
    )
    publish(publication)

    latest = _text(anonymous.get("/publications/send-scrutiny-sub-committee-2023-03-22/"))
    first = _text(anonymous.get("/publications/send-scrutiny-sub-committee-2023-03-22/v1/"))

    assert "because the workforce figures were late." in latest
    assert "All 2 versions of this publication" in latest
    assert 'href="/publications/send-scrutiny-sub-committee-2023-03-22/v1/"' in latest
    assert "This is version 1, an earlier version." in first
    assert "Read the latest version (2)" in first
    assert "because the workforce figures were late." not in first.split("All 2 versions")[0]


def test_an_area_history_follows_the_area_across_publications(
    anonymous, published, programme, draft, publish
):
    # given a later publication, after the area's self-assessment improved
    f.AreaAssessmentFactory(
        area=programme.area, assessed_on=f.date(2023, 9, 1), rating="good_progress"
    )
    later_meeting = f.MeetingFactory(body=programme.meeting.body, date=f.date(2023, 10, 10))
    publish(Publication.objects.create(meeting=later_meeting, title="October summary"))

    response = anonymous.get("/publications/areas/3/")

    assert response.status_code == 200
    page = _text(response)
    assert "The limited role of parents and carers in designing services" in page
    march, october = page.index("22 March 2023"), page.index("10 October 2023")
    assert march < october
    assert page.index("Some progress") < page.index("Good progress")
    assert anonymous.get("/publications/areas/8/").status_code == 404


def test_the_preview_is_for_staff_only_and_uses_the_public_template(
    anonymous, draft, pmo, director, lead, client
):
    url = reverse("publication-preview", args=[draft.pk])

    assert anonymous.get(url).status_code == 302  # to sign in
    client.force_login(lead)
    assert client.get(url).status_code == 403
    for user in (pmo, director):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert "publications/publication.html" in [t.name for t in response.templates]
        assert "This is a preview of the draft" in _text(response)
        assert "KPI-01 New EHC plans issued within 20 weeks" in _text(response)
    assert not draft.versions.exists()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/publications/",
        "/publications/feed/",
        "/publications/progress-summary-first/",
        "/publications/areas/3/",
        "/api/v1/publications/",
    ],
)
def test_public_pages_ask_the_same_number_of_queries_at_2_and_12_publications(anonymous, url):
    area = {"rows": [{"number": 3, "title": "Area three", "rating_display": "Some progress"}]}

    def add(n: int) -> None:
        for _ in range(n):
            f.PublicationVersionFactory(content=f.snapshot(areas=area))

    f.PublicationVersionFactory(
        publication__slug="progress-summary-first", content=f.snapshot(areas=area)
    )
    add(1)
    anonymous.get(url)
    small = _queries(anonymous, url)
    add(10)

    assert _queries(anonymous, url) == small
