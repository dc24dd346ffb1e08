"""The programme office records what families said and what was done through the admin's
form, as a browser posts it; the form warns against, and refuses, what identifies a child."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sendtrack.models import CoproductionEntry
from tests import factories as f
from tests.html_forms import form_data, set_field

pytestmark = pytest.mark.django_db

ADD = reverse("admin:sendtrack_coproductionentry_add")


@pytest.fixture
def officer():
    user = f.pmo_user(username="pmo")
    person = f.PersonFactory(name="Hannah Okafor", user=user)
    client = Client()
    client.force_login(user)
    return client, person


def _filled(client, area, **fields) -> dict:
    page = client.get(ADD)
    assert page.status_code == 200
    data = form_data(page, form_id="coproductionentry_form")
    set_field(data, "source", "forum_meeting")
    set_field(data, "heard_from", "Parent carer forum meeting")
    set_field(data, "said_on", "2025-03-12")
    set_field(data, "said", "Families wait too long to hear back about assessments.")
    data["area"] = [str(area.pk)]
    set_field(data, "status", "in_progress")
    set_field(data, "we_did", "We are adding caseworkers.")
    for name, value in fields.items():
        set_field(data, name, value)
    return data


def test_the_form_warns_not_to_record_what_identifies_a_child(officer):
    client, _ = officer
    page = client.get(ADD)
    assert "Warning: do not record anything that identifies a child." in page.text
    assert "NHS numbers" in page.text


def test_an_entry_is_saved_recorded_by_the_officer_signed_in(officer):
    client, person = officer
    area = f.AreaOfWeaknessFactory()
    response = client.post(ADD, _filled(client, area))
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = CoproductionEntry.objects.get()
    assert entry.recorded_by == person
    assert entry.is_published is False
    assert entry.history.count() == 1


@pytest.mark.parametrize(
    ("field", "text", "told"),
    [
        ("said", "My son (NHS number 943 476 5919) waited a year.", "is an NHS number"),
        ("said", "Her NHS no. is 9434765919.", "is an NHS number"),
        ("we_did", "We called the family of UPN A123456789012.", "unique pupil number"),
        ("said", "Temporary UPN A12345678901B was lost.", "unique pupil number"),
        ("said", "He was born on 3 March 2015 and still has no plan.", "date of birth"),
        ("said", "DOB 03/03/2015, still waiting.", "date of birth"),
        ("we_did_summary", "We met the child born 12/05/2016.", "date in figures"),
    ],
)
def test_the_form_refuses_a_childs_identifiers_naming_the_field_and_the_fix(
    officer, field, text, told
):
    client, _ = officer
    area = f.AreaOfWeaknessFactory()
    response = client.post(ADD, _filled(client, area, **{field: text}))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == [field]
    assert told in " ".join(errors[field])
    assert "Remove it" in " ".join(errors[field])
    # shown on the page, in the summary at the top that names the field
    assert "There is a problem" in response.text
    assert told in response.text
    assert not CoproductionEntry.objects.exists()


def test_ten_digits_that_fail_the_nhs_check_digit_are_accepted(officer):
    client, _ = officer
    area = f.AreaOfWeaknessFactory()
    data = _filled(client, area, said="Call the helpline on 9434765918 for advice.")
    response = client.post(ADD, data)
    assert response.status_code == 302


def test_not_taken_forward_needs_its_reason(officer):
    client, _ = officer
    area = f.AreaOfWeaknessFactory()
    response = client.post(ADD, _filled(client, area, status="not_taken_forward"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Say why it was not taken forward" in " ".join(errors["not_taken_forward_reason"])

    data = _filled(
        client,
        area,
        status="not_taken_forward",
        not_taken_forward_reason="The law sets this timescale; we cannot change it.",
    )
    assert client.post(ADD, data).status_code == 302


def test_the_change_page_shows_the_summarys_reading_age_and_warns_when_it_is_hard(
    officer, settings
):
    client, _ = officer
    settings.SENDTRACK_PLAIN_ENGLISH_MAX_GRADE = 9
    easy = f.CoproductionEntryFactory(we_did_summary="We hired more staff. Calls are answered.")
    hard = f.CoproductionEntryFactory(
        we_did_summary="The partnership commissioned an independent evaluation of "
        "neurodevelopmental diagnostic pathway capacity across the integrated care system."
    )

    page = client.get(reverse("admin:sendtrack_coproductionentry_change", args=[easy.pk]))
    assert "Flesch–Kincaid grade" in page.text
    assert "Harder than grade 9" not in page.text

    url = reverse("admin:sendtrack_coproductionentry_change", args=[hard.pk])
    page = client.get(url)
    assert "Harder than grade 9" in page.text

    # saving it again says so too
    response = client.post(url, form_data(page, form_id="coproductionentry_form"), follow=True)
    assert "Plain-English summary: Flesch–Kincaid grade" in response.text


def test_a_director_reads_entries_but_cannot_change_them():
    director = f.director_user(username="director")
    entry = f.CoproductionEntryFactory()
    client = Client()
    client.force_login(director)
    url = reverse("admin:sendtrack_coproductionentry_change", args=[entry.pk])
    assert client.get(url).status_code == 200
    assert client.get(ADD).status_code == 403
    lead = Client()
    lead.force_login(f.lead_user(username="lead"))
    assert lead.get(url).status_code == 403


HARD = (
    "The partnership commissioned an independent evaluation of neurodevelopmental diagnostic "
    "pathway capacity across the integrated care system."
)
READABILITY = reverse("admin:sendtrack_coproductionentry_readability")


def test_the_summary_field_asks_the_admin_for_its_reading_age_as_it_is_typed(officer, settings):
    client, _ = officer
    settings.SENDTRACK_PLAIN_ENGLISH_MAX_GRADE = 9
    # given the add form, the summary's textarea names where its reading age is asked
    page = client.get(ADD)
    assert f'data-readability-url="{READABILITY}"' in page.text

    # when a hard summary is sent there, then its grade comes back with the warning
    answer = client.post(READABILITY, {"text": HARD}).json()
    assert answer["too_hard"] is True
    assert answer["grade"] > 9
    assert answer["message"].startswith("Flesch–Kincaid grade")
    assert "Harder than grade 9" in answer["message"]
    # and an easy one without it, and an empty one asks for text
    easy = client.post(READABILITY, {"text": "We hired more staff. Calls are answered."}).json()
    assert easy["too_hard"] is False
    assert client.post(READABILITY, {"text": "  "}).json() == {
        "message": "Type a summary to see its reading age."
    }


def test_only_those_who_write_entries_may_ask_a_reading_age(officer):
    client, _ = officer
    assert client.get(READABILITY).status_code == 405
    director = Client()
    director.force_login(f.director_user(username="director"))
    assert director.post(READABILITY, {"text": HARD}).status_code == 403
    assert Client().post(READABILITY, {"text": HARD}).status_code == 302
    # and the check of the form's token is kept
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(f.pmo_user(username="pmo2"))
    assert guarded.post(READABILITY, {"text": HARD}).status_code == 403
