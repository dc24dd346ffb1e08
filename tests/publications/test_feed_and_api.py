"""The Atom feed announces each published version, corrections included; the API serves the
published snapshots to anyone, and nothing else."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from sendtrack.publications import services

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _entries(anonymous) -> list[dict]:
    response = anonymous.get("/publications/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed, in a test
    return [
        {
            "title": entry.find(f"{ATOM}title").text,
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.find(f"{ATOM}summary").text,
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def test_the_feed_announces_new_publications_and_corrections(anonymous, published, pmo, publish):
    assert _entries(anonymous) == [
        {
            "title": "Progress summary for members",
            "link": "http://testserver/publications/send-scrutiny-sub-committee-2023-03-22/v1/",
            "summary": "For the SEND Scrutiny Sub-Committee of 22 March 2023.",
        }
    ]

    publication = services.publication_start_correction(
        publication=published.publication, user=pmo, reason="a date was wrong."
    )
    assert len(_entries(anonymous)) == 1  # a correction in progress is not announced
    publish(publication)

    newest = _entries(anonymous)[0]
    assert newest["title"] == "Progress summary for members (corrected, version 2)"
    assert newest["link"].endswith("/v2/")
    assert "because a date was wrong." in newest["summary"]


def test_the_index_points_feed_readers_to_the_feed(anonymous, published):
    page = anonymous.get("/publications/").content.decode()
    assert 'type="application/atom+xml"' in page
    assert 'href="/publications/feed/"' in page


def test_anyone_reads_the_published_snapshots_in_the_api(anonymous, published):
    response = anonymous.get("/api/v1/publications/")

    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["publication"] == "send-scrutiny-sub-committee-2023-03-22"
    assert row["number"] == 1
    assert row["url"] == "http://testserver/publications/send-scrutiny-sub-committee-2023-03-22/v1/"
    assert row["content"]["kpis"]["rows"][0]["value"] == 41.5
    assert row["content"]["kpis"]["rows"][0]["value_display"] == "41.5%"

    detail = anonymous.get(f"/api/v1/publications/{published.pk}/")
    assert detail.status_code == 200
    assert detail.json()["content"] == row["content"]


def test_the_api_filters_by_publication_and_refuses_unknown_filters(anonymous, published):
    slug = "send-scrutiny-sub-committee-2023-03-22"
    assert anonymous.get(f"/api/v1/publications/?publication={slug}").json()["count"] == 1
    assert anonymous.get("/api/v1/publications/?publication=other").json()["count"] == 0
    assert anonymous.get("/api/v1/publications/?status=draft").status_code == 400


def test_the_api_offers_no_writes(anonymous, client, published, pmo):
    client.force_login(pmo)
    for c in (anonymous, client):
        assert c.post("/api/v1/publications/", {}).status_code in (403, 405)
        assert c.delete(f"/api/v1/publications/{published.pk}/").status_code in (403, 405)


def test_the_feed_names_its_author(anonymous, published):
    feed = ET.fromstring(anonymous.get("/publications/feed/").content)  # noqa: S314 - our own feed
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Kent SEND improvement programme"


@pytest.mark.parametrize("path", ["/publications/", "/accounts/login/"])
def test_every_page_points_feed_readers_to_the_feed(anonymous, published, path):
    page = anonymous.get(path).content.decode()
    assert (
        page.count(
            '<link rel="alternate" type="application/atom+xml" title="Published summaries" '
            'href="/publications/feed/">'
        )
        == 1
    )
