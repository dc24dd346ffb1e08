"""The workflow: the programme office drafts, submits and publishes; only a director approves;
a lead does none of it; nothing is published without approval; a correction needs a reason,
goes through approval again and becomes a new version; a published version never changes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sendtrack.publications import services
from sendtrack.publications.models import FrozenVersionError, Publication, PublicationVersion
from sendtrack.publications.selectors import day_text

pytestmark = pytest.mark.django_db


def test_a_publication_goes_from_draft_to_published_recording_who_and_when(draft, pmo, director):
    # when the programme office submits, a director approves and the programme office publishes
    draft = services.publication_submit(publication=draft, user=pmo)
    assert (draft.status, draft.submitted_by) == (Publication.Status.SUBMITTED, pmo)
    draft = services.publication_approve(publication=draft, user=director)
    assert (draft.status, draft.approved_by) == (Publication.Status.APPROVED, director)
    version = services.publication_publish(publication=draft, user=pmo)

    # then version 1 is frozen with who approved and published it
    draft.refresh_from_db()
    assert draft.status == Publication.Status.PUBLISHED
    assert draft.submitted_at <= draft.approved_at <= draft.published_at
    assert (version.number, version.published_by, version.approved_by) == (1, pmo, director)
    assert version.correction_note == ""
    assert version.content["record"]["approved_by"] == "Helen Marsh, Director of Education and SEND"
    assert version.content["meeting"]["date_display"] == "22 March 2023"


def test_the_snapshot_holds_display_text_and_raw_numbers_of_every_section(published, programme):
    content = published.content
    assert [s["key"] for s in content["sections"]] == [
        "areas",
        "kpis",
        "portfolio",
        "promises",
        "requests",
        "workforce",
    ]
    area = content["areas"]["rows"][0]
    assert (area["number"], area["rating_display"], area["actions_total"]) == (
        3,
        "Some progress",
        1,
    )
    (kpi,) = content["kpis"]["rows"]
    assert (kpi["code"], kpi["value"], kpi["value_display"]) == ("KPI-01", 41.5, "41.5%")
    assert (kpi["target_display"], kpi["rag"], kpi["rag_display"]) == ("60.0%", "red", "Red")
    (red,) = content["portfolio"]["red"]
    assert red["commentary"] == "Building works delayed by six weeks."
    (promise,) = content["promises"]["actions"]
    assert (promise["reference"], promise["due_display"]) == ("ST2", "19 July 2023")
    # as at the meeting of 22 March 2023 the promise was not yet due
    assert promise["outcome_display"] == "Not yet due"
    (request,) = content["requests"]["rows"]
    assert request["reference"] == "21d"
    assert content["workforce"]["totals"] == {
        "posts_established": 58,
        "staff_in_post": 39,
        "vacancies": 19,
        "vacancy_rate_display": "33%",
    }


def test_only_the_chosen_sections_are_frozen(draft, publish):
    draft.include_kpis = draft.include_workforce = False
    draft.save()

    content = publish(draft).content

    assert "kpis" not in content
    assert "workforce" not in content
    assert "areas" in content


@pytest.mark.parametrize(
    "step",
    [
        services.publication_submit,
        services.publication_approve,
        services.publication_publish,
        services.publication_send_back,
    ],
)
def test_a_project_lead_can_take_no_step(draft, lead, step):
    with pytest.raises(PermissionDenied):
        step(publication=draft, user=lead)
    draft.refresh_from_db()
    assert draft.status == Publication.Status.DRAFT


def test_a_lead_cannot_start_a_correction(published, lead):
    with pytest.raises(PermissionDenied):
        services.publication_start_correction(
            publication=published.publication, user=lead, reason="Wrong figure."
        )


def test_only_a_director_approves(draft, pmo):
    draft = services.publication_submit(publication=draft, user=pmo)

    with pytest.raises(PermissionDenied, match="Only a director approves"):
        services.publication_approve(publication=draft, user=pmo)


def test_a_director_does_not_publish(draft, pmo, director):
    draft = services.publication_submit(publication=draft, user=pmo)
    draft = services.publication_approve(publication=draft, user=director)

    with pytest.raises(PermissionDenied, match="Only the programme office publishes"):
        services.publication_publish(publication=draft, user=director)


def test_nothing_is_published_without_approval(draft, pmo):
    with pytest.raises(services.WorkflowError, match="Only an approved publication"):
        services.publication_publish(publication=draft, user=pmo)
    draft = services.publication_submit(publication=draft, user=pmo)
    with pytest.raises(services.WorkflowError, match="It is submitted for approval"):
        services.publication_publish(publication=draft, user=pmo)

    assert not PublicationVersion.objects.exists()


def test_a_draft_cannot_be_approved_before_it_is_submitted(draft, director):
    with pytest.raises(services.WorkflowError, match="Only a submitted publication"):
        services.publication_approve(publication=draft, user=director)


def test_a_director_may_send_a_submission_back(draft, pmo, director):
    draft = services.publication_submit(publication=draft, user=pmo)

    draft = services.publication_send_back(publication=draft, user=director)

    assert draft.status == Publication.Status.DRAFT
    assert draft.submitted_by is None


def test_a_correction_needs_a_reason(published, pmo):
    with pytest.raises(ValidationError, match="Say why"):
        services.publication_start_correction(
            publication=published.publication, user=pmo, reason="  "
        )


def test_a_correction_is_approved_again_and_published_as_a_new_version(
    published, programme, pmo, director
):
    # given a figure corrected after publishing
    programme.measurement.value = 45
    programme.measurement.save()
    publication = services.publication_start_correction(
        publication=published.publication, user=pmo, reason="the KPI-01 figure was provisional."
    )
    assert publication.status == Publication.Status.DRAFT

    # the correction cannot skip the director's approval
    with pytest.raises(services.WorkflowError):
        services.publication_publish(publication=publication, user=pmo)
    publication = services.publication_submit(publication=publication, user=pmo)
    publication = services.publication_approve(publication=publication, user=director)
    corrected = services.publication_publish(publication=publication, user=pmo)

    # then version 2 carries the note and the new figure, and version 1 is untouched
    today = day_text(timezone.localdate())
    assert corrected.number == 2
    assert corrected.correction_note == (
        f"Corrected on {today} because the KPI-01 figure was provisional."
    )
    assert corrected.content["record"]["correction_note"] == corrected.correction_note
    assert corrected.content["kpis"]["rows"][0]["value_display"] == "45.0%"
    published.refresh_from_db()
    assert published.content["kpis"]["rows"][0]["value_display"] == "41.5%"
    publication.refresh_from_db()
    assert publication.correction_reason == ""


def test_a_published_version_never_changes_and_is_never_deleted(published):
    published.content["title"] = "Something else"
    with pytest.raises(FrozenVersionError):
        published.save()
    with pytest.raises(FrozenVersionError):
        published.delete()

    # only its PDF's build record may be written afterwards
    published.pdf_status = PublicationVersion.PdfStatus.FAILED
    published.save(update_fields=["pdf_status"])
    published.refresh_from_db()
    assert published.content["title"] == "Progress summary for members"
