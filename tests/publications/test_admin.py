"""The workflow through the officers' admin: the programme office drafts a publication and
submits it, a director approves it, the programme office publishes it and later corrects it.
Each step asks for confirmation and says what happened; a lead sees none of it, and a step
taken by the wrong role is refused."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from sendtrack.publications.models import Publication

pytestmark = pytest.mark.django_db


def _step(publication: Publication, step: str) -> str:
    return reverse("admin:sendtrack_publication_workflow", args=[publication.pk, step])


def _change(publication: Publication) -> str:
    return reverse("admin:sendtrack_publication_change", args=[publication.pk])


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_workflow_runs_through_the_admin(client, programme, pmo, director):
    # the programme office drafts a publication for the meeting
    client.force_login(pmo)
    response = client.post(
        reverse("admin:sendtrack_publication_add"),
        {
            "meeting": programme.meeting.pk,
            "title": "Progress summary for members",
            "slug": "",
            "summary": "What members asked to see.",
            "include_areas": "on",
            "include_kpis": "on",
            "include_requests": "on",
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    publication = Publication.objects.get()
    assert publication.slug == "send-scrutiny-sub-committee-2023-03-22"
    assert publication.sections == ["areas", "kpis", "requests"]

    # its page offers a preview and the submit button; the step asks for confirmation first
    page = client.get(_change(publication)).content.decode()
    assert reverse("publication-preview", args=[publication.pk]) in page
    assert "Submit for approval" in page
    assert ">Approve<" not in page
    confirm = client.get(_step(publication, "submit"))
    assert "Submit this publication to the directors for approval?" in confirm.content.decode()
    response = client.post(_step(publication, "submit"))
    assert "Submitted for a director's approval." in _messages(response)

    # a director approves
    client.force_login(director)
    page = client.get(_change(publication)).content.decode()
    assert ">Approve<" in page
    response = client.post(_step(publication, "approve"))
    assert "Approved. The programme office can now publish it." in _messages(response)

    # the programme office publishes
    client.force_login(pmo)
    response = client.post(_step(publication, "publish"))
    message = _messages(response)[-1]
    assert "Published as version 1" in message
    publication.refresh_from_db()
    assert publication.status == Publication.Status.PUBLISHED
    assert (publication.submitted_by, publication.approved_by, publication.published_by) == (
        pmo,
        director,
        pmo,
    )

    # the version is listed on the page, read-only, with its public page
    page = client.get(_change(publication)).content.decode()
    assert "/publications/send-scrutiny-sub-committee-2023-03-22/v1/" in page
    assert "Publish a correction" in page


def test_a_correction_in_the_admin_needs_a_reason(client, published, pmo):
    publication = published.publication
    client.force_login(pmo)

    response = client.post(_step(publication, "correct"), {"reason": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()

    response = client.post(_step(publication, "correct"), {"reason": "a figure was wrong."})
    assert "Correction started: check the preview, then submit it for approval." in _messages(
        response
    )
    publication.refresh_from_db()
    assert (publication.status, publication.correction_reason) == ("draft", "a figure was wrong.")


def test_a_lead_can_neither_see_nor_move_a_publication(client, draft, lead):
    client.force_login(lead)

    assert client.get(_change(draft)).status_code == 403
    for step in ("submit", "approve", "publish", "correct"):
        assert client.post(_step(draft, step), {"reason": "x"}).status_code == 403
    draft.refresh_from_db()
    assert draft.status == Publication.Status.DRAFT


def test_the_programme_office_cannot_approve_and_a_director_cannot_publish(
    client, draft, pmo, director
):
    client.force_login(pmo)
    client.post(_step(draft, "submit"))
    assert client.post(_step(draft, "approve")).status_code == 403
    client.force_login(director)
    client.post(_step(draft, "approve"))
    assert client.post(_step(draft, "publish")).status_code == 403
    draft.refresh_from_db()
    assert draft.status == Publication.Status.APPROVED
    assert not draft.versions.exists()


def test_a_step_at_the_wrong_moment_is_refused_with_a_message(client, draft, pmo):
    client.force_login(pmo)

    response = client.post(_step(draft, "publish"))

    assert "Only an approved publication can be published. It is draft." in _messages(response)


def test_once_submitted_the_content_fields_are_read_only(client, draft, pmo):
    client.force_login(pmo)
    client.post(_step(draft, "submit"))

    response = client.get(_change(draft))

    assert 'name="title"' not in response.content.decode()


def test_a_second_publication_for_a_meeting_gets_its_own_address(client, programme, pmo, draft):
    # given a publication for the meeting already, the programme office adds another
    client.force_login(pmo)
    response = client.post(
        reverse("admin:sendtrack_publication_add"),
        {
            "meeting": programme.meeting.pk,
            "title": "Supplementary summary",
            "slug": "",
            "summary": "",
            "as_at": "",
            "include_areas": "on",
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    second = Publication.objects.get(title="Supplementary summary")
    assert (draft.slug, second.slug) == (
        "send-scrutiny-sub-committee-2023-03-22",
        "send-scrutiny-sub-committee-2023-03-22-2",
    )
