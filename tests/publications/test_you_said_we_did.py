"""A publication's “You said, we did” section and the plain-English summary of each section:
chosen by the programme office, frozen into the version like every other section, shown on the
public page and in the PDF, and never changed by later edits to the entries."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from sendtrack.publications.pdf import version_print_html
from tests import factories as f
from tests.html_forms import form_data, set_field
from tests.publications.test_freezing import _pdf_ready, _pdf_text, needs_pdf  # noqa: F401

pytestmark = pytest.mark.django_db

PAGE = "/publications/send-scrutiny-sub-committee-2023-03-22/"


@pytest.fixture
def entries(programme):
    heard = f.CoproductionEntryFactory(
        area=programme.area,
        said_on=date(2023, 2, 14),
        heard_from="Parent carer forum meeting",
        said="Parents are not asked before services change.",
        we_did_summary="Parents now co-chair the board.",
    )
    heard.plan_actions.add(programme.action)
    later = f.CoproductionEntryFactory(
        area=programme.area, said_on=date(2023, 5, 1), said="Said after the meeting."
    )
    draft = f.CoproductionEntryFactory(
        area=programme.area, said_on=date(2023, 1, 9), said="Not approved yet.", is_published=False
    )
    return heard, later, draft


@pytest.fixture
def chosen(draft, entries):
    draft.include_yousaid = True
    draft.yousaid_summary = "We listened to parents and changed how the board works."
    draft.areas_summary = "Most areas are improving. Two still need a lot of work."
    draft.save()
    return draft


def test_the_section_shows_the_published_entries_said_by_the_as_at_day(
    anonymous, chosen, publish, entries
):
    version = publish(chosen)

    keys = [s["key"] for s in version.content["sections"]]
    assert keys.index("yousaid") == keys.index("requests") + 1
    page = anonymous.get(PAGE).content.decode()
    assert '<h2 class="govuk-heading-l" id="yousaid">You said, we did</h2>' in page
    assert "Parents are not asked before services change." in page
    assert "Parents now co-chair the board." in page
    assert f"Plan action {chosen.meeting.actions_promised.get().reference}" in page
    # not yet approved, or said after the day the figures are read as at: left out
    assert "Not approved yet." not in page
    assert "Said after the meeting." not in page
    # each section's plain-English summary under its heading
    assert "We listened to parents and changed how the board works." in page
    assert "Most areas are improving. Two still need a lot of work." in page
    # and the print template the PDF is made from
    html = version_print_html(version=version)
    assert "Parents are not asked before services change." in html
    assert "We listened to parents and changed how the board works." in html


def test_a_section_left_unticked_is_not_frozen(anonymous, draft, publish, entries):
    version = publish(draft)
    assert "yousaid" not in version.content
    assert "Parents are not asked" not in anonymous.get(PAGE).content.decode()


def test_editing_an_entry_after_publishing_changes_nothing_readers_see(
    anonymous, chosen, publish, entries
):
    version = publish(chosen)
    page_before = anonymous.get(PAGE).content
    api_before = anonymous.get(f"/api/v1/publications/{version.pk}/").json()

    heard, _, _ = entries
    heard.said = "Rewritten after publishing."
    heard.we_did_summary = "A new account."
    heard.status = "not_taken_forward"
    heard.not_taken_forward_reason = "Changed our mind."
    heard.save()
    chosen.refresh_from_db()
    chosen.yousaid_summary = "A new summary."
    chosen.save()
    f.CoproductionEntryFactory(area=heard.area, said_on=date(2023, 3, 1), said="A new entry.")

    assert anonymous.get(PAGE).content == page_before
    assert anonymous.get(f"/api/v1/publications/{version.pk}/").json() == api_before
    assert "Rewritten after publishing." not in page_before.decode()
    # while the live page shows the entry as it is now
    assert "Rewritten after publishing." in Client().get("/you-said-we-did/").content.decode()


@needs_pdf
def test_the_pdf_shows_the_section_and_its_summary(
    chosen, publish, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = publish(chosen)
    version.refresh_from_db()
    assert version.pdf_status == "ready", version.pdf_error
    text = " ".join(_pdf_text(version).split())
    assert "You said, we did" in text
    assert "Parents are not asked before services change." in text
    assert "We listened to parents and changed how the board works." in text


def test_the_admin_shows_each_summarys_reading_age_and_refuses_an_nhs_number(
    client, pmo, draft, settings
):
    settings.SENDTRACK_PLAIN_ENGLISH_MAX_GRADE = 9
    client.force_login(pmo)
    url = reverse("admin:sendtrack_publication_change", args=[draft.pk])
    page = client.get(url)
    data = form_data(page, form_id="publication_form")
    set_field(data, "kpis_summary", "Most figures got better. Two got worse.")
    set_field(
        data,
        "yousaid_summary",
        "The partnership's comprehensive co-production methodology institutionalises "
        "participatory governance mechanisms across multidisciplinary commissioning.",
    )
    response = client.post(url, data, follow=True)
    text = response.content.decode()
    assert "You said, we did: Flesch–Kincaid grade" in text
    assert "Harder than grade 9" in text
    draft.refresh_from_db()
    assert draft.kpis_summary == "Most figures got better. Two got worse."

    page = client.get(url)
    assert "Key performance indicators: Flesch–Kincaid grade" in page.content.decode()
    data = form_data(page, form_id="publication_form")
    set_field(data, "areas_summary", "One parent gave NHS number 943 476 5919 to the forum.")
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "is an NHS number" in " ".join(errors["areas_summary"])
    draft.refresh_from_db()
    assert draft.areas_summary == ""
