"""``/api/v1/you-said-we-did/``: published entries for anyone; every entry for the programme
office and directors; filtered by area, status and source; in the OpenAPI schema."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from tests import factories as f

pytestmark = pytest.mark.django_db

URL = "/api/v1/you-said-we-did/"


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def entries():
    three = f.AreaOfWeaknessFactory(number=3)
    six = f.AreaOfWeaknessFactory(number=6)
    done = f.CoproductionEntryFactory(area=three, said_on=date(2025, 2, 1))
    done.plan_actions.add(f.PlanActionFactory(reference="3.1", title="Co-produce the offer"))
    done.projects.add(f.ProjectFactory(code="P-601", title="Parent voice"))
    heard = f.CoproductionEntryFactory(
        area=six, status="heard", we_did="", we_did_summary="", said_on=date(2025, 4, 1)
    )
    draft = f.CoproductionEntryFactory(area=three, is_published=False)
    return {"three": three, "six": six, "done": done, "heard": heard, "draft": draft}


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_anyone_reads_the_published_entries_latest_first(entries):
    response = _client().get(URL)
    assert _ids(response) == [entries["heard"].pk, entries["done"].pk]
    row = response.json()["results"][1]
    assert row["area"] == {"id": entries["three"].pk, "number": 3, "title": entries["three"].title}
    assert row["status_display"] == "Done"
    assert row["we_did_summary"] == "We now answer calls within two days."
    assert row["plan_actions"][0]["reference"] == "3.1"
    assert row["projects"][0]["code"] == "P-601"
    # an entry not approved for publication is not found
    assert _client().get(f"{URL}{entries['draft'].pk}/").status_code == 404


@pytest.mark.parametrize(
    ("role", "sees_drafts"),
    [
        (f.pmo_user, True),
        (f.director_user, True),
        (f.lead_user, False),
        (f.scrutiny_user, False),
    ],
)
def test_the_roles_that_read_the_log_see_every_entry(entries, role, sees_drafts):
    client = _client(role())
    ids = _ids(client.get(URL))
    assert (entries["draft"].pk in ids) is sees_drafts
    detail = client.get(f"{URL}{entries['draft'].pk}/")
    assert detail.status_code == (200 if sees_drafts else 404)
    if sees_drafts:
        assert detail.json()["is_published"] is False


def test_entries_filter_by_area_status_and_source(entries):
    client = _client()
    assert _ids(client.get(URL, {"area": entries["six"].pk})) == [entries["heard"].pk]
    assert _ids(client.get(URL, {"area_number": 3})) == [entries["done"].pk]
    assert _ids(client.get(URL, {"status": "done"})) == [entries["done"].pk]
    assert _ids(client.get(URL, {"status": ["done", "heard"]})) == [
        entries["heard"].pk,
        entries["done"].pk,
    ]
    assert _ids(client.get(URL, {"source": "survey"})) == []


def test_a_bad_filter_is_refused_with_its_field(entries):
    response = _client().get(URL, {"status": "finished"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "status"
    assert _client().get(URL, {"colour": "red"}).status_code == 400


def test_the_schema_describes_the_resource():
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "/api/v1/you-said-we-did/" in schema["paths"]
    assert "/api/v1/you-said-we-did/{id}/" in schema["paths"]
    names = {p["name"] for p in schema["paths"]["/api/v1/you-said-we-did/"]["get"]["parameters"]}
    assert {"area", "area_number", "status", "source"} <= names


@pytest.mark.parametrize("n", [2, 12])
def test_the_list_asks_the_same_queries_however_many_entries(django_assert_num_queries, n):
    for _ in range(n):
        entry = f.CoproductionEntryFactory()
        entry.plan_actions.add(f.PlanActionFactory())
        entry.projects.add(f.ProjectFactory())
    client = _client()
    # the count for the page, the entries, their plan actions, their projects
    with django_assert_num_queries(4):
        response = client.get(URL)
    assert len(response.json()["results"]) == n
