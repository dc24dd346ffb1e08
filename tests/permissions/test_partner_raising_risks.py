"""A partner officer raises partnership risks for their own organisation: in the admin the
lead organisation is theirs, offered alone and chosen for them; naming another is an error on
the field, in the admin as in the API; and a risk they raise on a jointly owned project's page
is led by their organisation too."""

from __future__ import annotations

import pytest
from django.test import Client

from projects.models import Risk
from tests import factories as f
from tests.html_forms import form_data, set_field

from .conftest import ICB

pytestmark = pytest.mark.django_db

ADD = "/admin/projects/risk/add/"


def _filled_in(page, *, officer, title: str) -> dict[str, list[str]]:
    data = form_data(page, form_id="risk_form")
    set_field(data, "level", Risk.Level.PARTNERSHIP)
    set_field(data, "title", title)
    set_field(data, "likelihood", "4")
    set_field(data, "impact", "3")
    # the owner is chosen in an autocomplete box, which the page renders empty
    data["owner"] = [str(officer[1].pk)]
    set_field(data, "raised_on", "2025-01-06")
    return data


def _options(page, name: str) -> list[str]:
    data_page = page.content.decode()
    start = data_page.index(f'name="{name}"')
    return data_page[start : data_page.index("</select>", start)]


def test_the_admin_offers_only_their_organisation_as_lead_and_saves_it(client, officer, orgs):
    council, icb = orgs
    page = client.get(ADD)
    assert page.status_code == 200
    lead = _options(page, "organisation")
    assert ICB in lead
    assert council.name not in lead
    assert 'value="programme"' not in _options(page, "level")
    data = _filled_in(page, officer=officer, title="Therapy waits grow")
    assert data["organisation"] == [str(icb.pk)]  # chosen for them

    response = client.post(ADD, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    risk = Risk.objects.get(title="Therapy waits grow")
    assert risk.organisation == icb
    assert risk.level == Risk.Level.PARTNERSHIP
    assert list(risk.co_owners.all()) == []
    assert "Therapy waits grow" in client.get("/admin/projects/risk/").content.decode()


def test_naming_another_lead_in_the_admin_is_an_error_on_the_field(client, officer, orgs):
    council, _ = orgs
    data = _filled_in(client.get(ADD), officer=officer, title="Handed to the council")
    set_field(data, "organisation", str(council.pk))

    response = client.post(ADD, data)

    assert response.status_code == 200
    assert f"A risk you raise is led by {ICB}" in response.content.decode()
    assert not Risk.objects.filter(title="Handed to the council").exists()


def _risk(officer, **extra) -> dict:
    return {
        "level": "partnership",
        "title": "Waits for assessment",
        "likelihood": 3,
        "impact": 4,
        "owner": officer[1].pk,
        "raised_on": "2025-01-06",
        **extra,
    }


def test_the_api_leads_their_risk_by_their_organisation(client, officer, orgs):
    council, icb = orgs
    created = client.post("/api/v1/risks/", _risk(officer), content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["organisation"] == icb.pk

    other = client.post(
        "/api/v1/risks/",
        _risk(officer, title="Another's", organisation=council.pk),
        content_type="application/json",
    )
    assert other.status_code == 400
    assert other.json()["errors"][0]["attr"] == "organisation"
    assert ICB in other.json()["errors"][0]["detail"]

    programme = client.post(
        "/api/v1/risks/",
        _risk(officer, title="Programme-wide", level="programme"),
        content_type="application/json",
    )
    assert programme.status_code == 403
    co_owned = client.post(
        "/api/v1/risks/",
        _risk(officer, title="Shared", co_owners=[council.pk]),
        content_type="application/json",
    )
    assert co_owned.status_code == 403
    assert set(Risk.objects.values_list("title", flat=True)) >= {"Waits for assessment"}
    assert not Risk.objects.filter(title__in=["Another's", "Programme-wide", "Shared"]).exists()


def test_the_api_refuses_an_owner_they_cannot_see(client, officer, orgs):
    council, _ = orgs
    stranger = f.PersonFactory(organisation=council, name="Council officer")
    response = client.post(
        "/api/v1/risks/", _risk(officer, owner=stranger.pk), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "owner"


def test_a_risk_raised_on_a_joint_projects_page_is_led_by_their_organisation(
    client, officer, orgs, records
):
    council, icb = orgs
    joint = records["co_owned"]
    kept = f.RiskFactory(project=joint, owner=f.PersonFactory(organisation=council), title="Kept")
    url = f"/admin/projects/project/{joint.pk}/change/"
    data = form_data(client.get(url), form_id="project_form")
    # one more risk row, as the page's "Add another" button makes it
    row = int(data["risks-TOTAL_FORMS"][0])
    data["risks-TOTAL_FORMS"] = [str(row + 1)]
    for name, value in {
        "kind": "risk",
        "status": "open",
        "title": "Clinic capacity",
        "likelihood": "3",
        "impact": "3",
        "owner": str(officer[1].pk),
        "raised_on_day": "6",
        "raised_on_month": "1",
        "raised_on_year": "2025",
    }.items():
        data[f"risks-{row}-{name}"] = [value]

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert Risk.objects.get(title="Clinic capacity").organisation == icb
    # the council's owner of the risk already there is kept, unchanged
    kept.refresh_from_db()
    assert kept.owner.organisation == council


def test_a_partner_officer_linked_to_no_one_is_told_why_they_cannot_raise_a_risk(orgs):
    # given a partner officer whose sign-in acts as no person (so has no organisation)
    user = f.partner_user(username="unlinked")
    browser = Client()
    browser.force_login(user)
    owner = f.PersonFactory(organisation=orgs[1])

    # when they fill in the admin's risk form and send it
    data = _filled_in(browser.get(ADD), officer=(user, owner), title="No lead to give")
    response = browser.post(ADD, data)

    # then the form says why, on the field, and nothing is saved
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your sign-in is not linked to anyone in a partner organisation" in page
    assert "led by None" not in page
    # and the API answers the same in words
    answer = browser.post(
        "/api/v1/risks/",
        _risk((user, owner), title="No lead to give"),
        content_type="application/json",
    )
    assert answer.status_code == 403
    assert "not linked to anyone in a partner organisation" in answer.json()["errors"][0]["detail"]
    assert not Risk.objects.filter(title="No lead to give").exists()
