"""Every change to an editable record is kept (who, when, each field's old and new value),
shown in the admin and at the API, and kept when the record is deleted."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from sendtrack.kernel.admin import ReadOnlyModelAdmin
from sendtrack.kernel.admin.base import is_audited
from sendtrack.publications.services import publication_start_correction
from tests import factories as f
from tests.admin.conftest import admin_form_data
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db


def test_every_model_officers_edit_in_the_admin_keeps_its_history():
    # A model added to the admin without ``history = HistoricalRecords()`` fails here.
    editable = [
        model
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in ("governance", "projects", "indicators", "sendtrack")
        and not isinstance(model_admin, ReadOnlyModelAdmin)
    ]
    assert len(editable) >= 20
    assert [m._meta.label for m in editable if not is_audited(m)] == []


def test_an_api_change_is_recorded_with_who_and_the_old_and_new_values():
    # given a lead's report
    lead = f.lead_user(username="priya")
    report = f.StatusReportFactory(
        project=f.ProjectFactory(lead=f.PersonFactory(user=lead)), submitted_by=lead
    )
    client = token_client(lead)

    # when the lead corrects its commentary through the API
    response = client.patch(
        f"/api/v1/status-reports/{report.pk}/", {"commentary": "Behind by a month."}
    )
    assert response.status_code == 200

    # then its history names them and both values
    history = client.get(f"/api/v1/status-reports/{report.pk}/history/").json()
    assert [entry["change"] for entry in history] == ["created", "changed"]
    last = history[-1]
    assert last["changed_by"] == "priya"
    assert {"field": "commentary", "label": "commentary", "old": "On track.",
            "new": "Behind by a month."} in last["changes"]  # fmt: skip
    assert {c["field"] for c in last["changes"]} == {"commentary", "version"}


def test_an_admin_change_is_recorded_and_shown_on_the_history_page():
    # given the programme office changes a body's purpose in the admin
    pmo = f.pmo_user(username="hannah")
    body = f.BodyFactory(purpose="Old purpose")
    client = Client()
    client.force_login(pmo)
    url = reverse("admin:governance_body_change", args=[body.pk])
    data = admin_form_data(client.get(url))
    data["purpose"] = "New purpose"
    assert client.post(url, data).status_code == 302

    # then the history page shows who changed what, from and to
    page = client.get(reverse("admin:governance_body_history", args=[body.pk])).text
    assert "hannah" in page
    assert "Old purpose" in page
    assert "New purpose" in page
    assert body.history.first().history_user == pmo


def test_history_is_kept_and_readable_after_the_record_is_deleted():
    # given a figure entered and then deleted by the programme office
    pmo = f.pmo_user()
    measurement = f.MeasurementFactory()
    pk = measurement.pk
    client = token_client(pmo)
    measurement.delete()

    # then its history is still there, ending in its deletion, at the API and in the admin
    history = client.get(f"/api/v1/measurements/{pk}/history/")
    assert history.status_code == 200
    assert [entry["change"] for entry in history.json()] == ["created", "deleted"]
    browser = Client()
    browser.force_login(pmo)
    page = browser.get(reverse("admin:indicators_measurement_history", args=[pk]))
    assert page.status_code == 200


def test_history_is_not_found_for_those_who_may_not_see_the_record():
    lead = f.lead_user()
    someone_elses = f.StatusReportFactory()
    response = token_client(lead).get(f"/api/v1/status-reports/{someone_elses.pk}/history/")
    assert response.status_code == 404
    browser = Client()
    browser.force_login(lead)
    page = browser.get(
        reverse("admin:projects_statusreport_history", args=[someone_elses.pk]), follow=True
    )
    assert "doesn’t exist" in page.text
    # nor is a deleted record's history, once it was someone else's
    pk = someone_elses.pk
    someone_elses.delete()
    assert token_client(lead).get(f"/api/v1/status-reports/{pk}/history/").status_code == 404


def test_an_old_version_is_shown_but_never_saved_back():
    pmo = f.pmo_user()
    body = f.BodyFactory(purpose="First")
    body.purpose = "Second"
    body.save()
    first = body.history.order_by("history_date").first()
    client = Client()
    client.force_login(pmo)
    url = reverse("admin:governance_body_simple_history", args=[body.pk, first.history_id])
    assert client.get(url).status_code == 200
    assert client.post(url, {"purpose": "First"}).status_code == 403
    body.refresh_from_db()
    assert body.purpose == "Second"


def test_a_workflow_step_records_its_reason():
    pmo = f.pmo_user()
    publication = f.PublicationFactory(status="published")
    publication_start_correction(publication=publication, user=pmo, reason="a figure was wrong")
    latest = publication.history.order_by("-history_date").first()
    assert latest.history_user == pmo
    assert latest.history_change_reason == "Correction started: a figure was wrong"


@pytest.mark.parametrize("changes", [1, 6])
def test_the_history_endpoint_costs_the_same_queries_however_long_the_history(
    django_assert_num_queries, changes
):
    pmo = f.pmo_user()
    project = f.ProjectFactory()
    for n in range(changes):
        project.purpose = f"Purpose {n}"
        project.save()
    client = token_client(pmo)
    client.get("/api/v1/projects/")  # the token and the user's groups are looked up once
    # the data's version, the token and user, their groups, their permissions (two), the
    # project, its history and its co-owners' history
    with django_assert_num_queries(8):
        response = client.get(f"/api/v1/projects/{project.pk}/history/")
    assert len(response.json()) == changes + 1
