"""Two people editing the same status report or figure at once: the second save is refused,
saying who changed it, instead of silently overwriting the first (admin forms carry the
version they opened; the API answers ETags and honours If-Match)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from indicators.services import measurement_save
from projects.services import status_report_save
from sendtrack.concurrency import StaleRecordError
from tests import factories as f
from tests.admin.conftest import admin_form_data
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    return f.StatusReportFactory(commentary="As filed.")


def _browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_stale_admin_form_is_refused_naming_who_changed_the_report(report):
    # given two officers open the same report
    hannah = f.pmo_user(username="hannah", first_name="Hannah", last_name="Okafor")
    other = f.pmo_user(username="sam")
    url = reverse("admin:projects_statusreport_change", args=[report.pk])
    first, second = _browser(hannah), _browser(other)
    first_form = admin_form_data(first.get(url))
    second_form = admin_form_data(second.get(url))
    assert first_form["version"] == second_form["version"] == "1"

    # when the first saves, then the second saves the form they opened before
    first_form["commentary"] = "Hannah's update."
    assert first.post(url, first_form).status_code == 302
    second_form["commentary"] = "Sam's update."
    response = second.post(url, second_form)

    # then the second is told who changed it, and the first's words stand
    assert response.status_code == 200
    assert "changed by Hannah Okafor" in response.text
    report.refresh_from_db()
    assert report.commentary == "Hannah's update."
    assert report.version == 2


def test_a_stale_inline_figure_on_the_indicator_page_is_refused():
    pmo = f.pmo_user(username="hannah")
    measurement = f.MeasurementFactory()
    url = reverse("admin:indicators_indicator_change", args=[measurement.indicator_id])
    client = _browser(pmo)
    data = admin_form_data(client.get(url))
    prefix = next(k for k, v in data.items() if v == str(measurement.pk) and k.endswith("-id"))
    row = prefix.removesuffix("-id")
    # someone else revises the figure meanwhile
    measurement.value = 61
    measurement_save(measurement=measurement, user=f.pmo_user(username="sam"))

    data[f"{row}-value"] = "70"
    response = client.post(url, data)

    assert response.status_code == 200
    assert "was changed by sam" in response.text
    measurement.refresh_from_db()
    assert measurement.value == 61


def test_the_service_refuses_a_save_based_on_an_older_version(report):
    # given two copies of the report read at the same time
    user = f.pmo_user()
    mine = type(report).objects.get(pk=report.pk)
    theirs = type(report).objects.get(pk=report.pk)
    theirs.commentary = "Theirs."
    status_report_save(report=theirs, user=user)

    mine.commentary = "Mine."
    with pytest.raises(StaleRecordError, match="was changed by"):
        status_report_save(report=mine, user=user)
    report.refresh_from_db()
    assert report.commentary == "Theirs."


def test_the_api_answers_an_etag_and_refuses_a_stale_if_match(report):
    pmo = f.pmo_user(username="hannah")
    client = token_client(pmo)
    url = f"/api/v1/status-reports/{report.pk}/"

    # given two clients read the report and its ETag
    etag = client.get(url).headers["ETag"]
    assert etag == '"v1"'

    # when the first writes with it, the answer carries the next ETag
    first = client.patch(url, {"commentary": "First."}, HTTP_IF_MATCH=etag)
    assert first.status_code == 200
    assert first.headers["ETag"] == '"v2"'

    # and the second, still holding the old one, is refused in the API's error shape
    second = client.patch(url, {"commentary": "Second."}, HTTP_IF_MATCH=etag)
    assert second.status_code == 412
    error = second.json()
    assert error["type"] == "client_error"
    assert error["errors"][0]["code"] == "precondition_failed"
    assert "changed by hannah" in error["errors"][0]["detail"]
    report.refresh_from_db()
    assert report.commentary == "First."


def test_a_measurement_put_with_the_current_etag_or_none_goes_ahead():
    pmo = f.pmo_user()
    measurement = f.MeasurementFactory()
    client = token_client(pmo)
    url = f"/api/v1/measurements/{measurement.pk}/"
    body = client.get(url).json()
    body = {k: body[k] for k in ("indicator", "period", "value", "status", "note")}

    body["value"] = "55"
    assert client.put(url, body, HTTP_IF_MATCH='"v1"').status_code == 200
    # without If-Match, as scripts written before ETags send, the write still goes ahead
    body["value"] = "56"
    assert client.put(url, body).status_code == 200
    body["value"] = "57"
    assert client.put(url, body, HTTP_IF_MATCH='"v1"').status_code == 412
    measurement.refresh_from_db()
    assert measurement.value == 56
    assert measurement.version == 3


def test_other_writable_resources_carry_an_etag_from_their_last_change():
    pmo = f.pmo_user()
    body = f.BodyFactory()
    client = token_client(pmo)
    url = f"/api/v1/bodies/{body.pk}/"
    etag = client.get(url).headers["ETag"]
    assert client.patch(url, {"purpose": "Changed."}, HTTP_IF_MATCH=etag).status_code == 200
    assert client.patch(url, {"purpose": "Again."}, HTTP_IF_MATCH=etag).status_code == 412


def test_a_save_that_loses_the_race_in_the_admin_is_refused_with_a_message(report, monkeypatch):
    # given someone saves the report after this page checked its version, before it saved
    from django.db.models import F

    from projects.admin import records

    def save_after_someone_else(*, report, user):
        type(report).objects.filter(pk=report.pk).update(version=F("version") + 1)
        return status_report_save(report=report, user=user)

    monkeypatch.setattr(records, "status_report_save", save_after_someone_else)
    client = _browser(f.pmo_user())
    url = reverse("admin:projects_statusreport_change", args=[report.pk])
    data = admin_form_data(client.get(url))
    data["commentary"] = "Lost the race."

    # when the officer saves, then nothing is saved and the page says why
    response = client.post(url, data, follow=True)
    assert "Your changes were not saved" in response.text
    report.refresh_from_db()
    assert report.commentary == "As filed."
