"""Two people editing the same status report, figure, milestone or risk at once: the second
save is refused, saying who changed it and when, instead of silently overwriting the first
(admin pages render the version each form and inline row was opened at; the API answers ETags
and honours If-Match).

The admin is driven as two browsers drive it: each session reads the change page's HTML, and
posts what that HTML's form would post."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from indicators.services import measurement_save
from projects.services import milestone_save, risk_save, status_report_save
from sendtrack.kernel.concurrency import StaleRecordError
from tests import factories as f
from tests.api.conftest import token_client
from tests.html_forms import form_data, inline_row, set_field

pytestmark = pytest.mark.django_db

# "changed by Hannah Okafor at 15:18 on 4 December 2026"
CHANGED_BY_HANNAH = re.compile(r"changed by Hannah Okafor at \d\d:\d\d on \d{1,2} \w+ \d{4}")


@pytest.fixture
def report():
    return f.StatusReportFactory(commentary="As filed.")


@pytest.fixture
def hannah():
    return f.pmo_user(username="hannah", first_name="Hannah", last_name="Okafor")


def _browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_report_change_page_renders_the_version_it_was_opened_at(report):
    url = reverse("admin:projects_statusreport_change", args=[report.pk])
    page = _browser(f.pmo_user()).get(url)
    assert re.search(r'<input type="hidden" name="version" value="1"[^>]*>', page.text)


def test_a_stale_report_change_page_is_refused_naming_who_changed_it_and_when(report, hannah):
    # given two officers open the same report in their browsers
    url = reverse("admin:projects_statusreport_change", args=[report.pk])
    first, second = _browser(hannah), _browser(f.pmo_user(username="sam"))
    first_form = form_data(first.get(url), form_id="statusreport_form")
    second_form = form_data(second.get(url), form_id="statusreport_form")
    assert first_form["version"] == second_form["version"] == ["1"]

    # when the first saves, then the second saves the page they opened before
    set_field(first_form, "commentary", "Hannah's update.")
    assert first.post(url, first_form).status_code == 302
    set_field(second_form, "commentary", "Sam's update.")
    set_field(second_form, "next_steps", "Sam's next steps.")
    response = second.post(url, second_form)

    # then the second is told who changed it and when, and nothing of theirs is saved
    assert response.status_code == 200
    assert CHANGED_BY_HANNAH.search(response.text)
    assert "Your changes were not saved" in response.text
    report.refresh_from_db()
    assert report.commentary == "Hannah's update."
    assert report.next_steps == ""
    assert report.version == 2

    # and the page they are shown still holds the version they opened, so saving it again
    # without reopening is refused again
    again = form_data(response, form_id="statusreport_form")
    assert again["version"] == ["1"]
    assert second.post(url, again).status_code == 200
    report.refresh_from_db()
    assert report.commentary == "Hannah's update."


# The change pages of versioned records other than the report: what each officer changes.
CHANGE_PAGES = [
    pytest.param(
        lambda: f.MilestoneFactory(forecast_date="2026-11-01"),
        ("forecast_date", "2026-12-01", "2027-01-15"),
        ("is_key", "on"),
        id="milestone",
    ),
    pytest.param(
        lambda: f.RiskFactory(likelihood=3, mitigation=""),
        ("likelihood", "4", "5"),
        ("mitigation", "Sam's mitigation."),
        id="risk",
    ),
]


@pytest.mark.parametrize(("make", "edit", "other_edit"), CHANGE_PAGES)
def test_a_stale_milestone_or_risk_change_page_is_refused_naming_who_changed_it_and_when(
    make, edit, other_edit, hannah
):
    # given two officers open the same record's change page, each rendering its version
    record = make()
    opts = record._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    first, second = _browser(hannah), _browser(f.pmo_user(username="sam"))
    first_form = form_data(first.get(url), form_id=f"{opts.model_name}_form")
    second_form = form_data(second.get(url), form_id=f"{opts.model_name}_form")
    assert first_form["version"] == second_form["version"] == ["1"]
    field, hannahs, sams = edit

    # when the first saves, then the second saves the page they opened before
    set_field(first_form, field, hannahs)
    assert first.post(url, first_form).status_code == 302
    set_field(second_form, field, sams)
    second_form[other_edit[0]] = [other_edit[1]]
    response = second.post(url, second_form)

    # then the second is told who changed it and when, and nothing of theirs is saved
    assert response.status_code == 200
    assert CHANGED_BY_HANNAH.search(response.text)
    assert "Your changes were not saved" in response.text
    saved = type(record).objects.get(pk=record.pk)
    assert str(getattr(saved, field)) == hannahs
    assert saved.version == 2
    assert getattr(saved, other_edit[0]) == getattr(record, other_edit[0])


def _indicator_page(measurement):
    return reverse("admin:indicators_indicator_change", args=[measurement.indicator_id])


def _project_page(report):
    return reverse("admin:projects_project_change", args=[report.project_id])


def _change_form(response) -> dict[str, list[str]]:
    """The change page's own form (not the header's log-out form)."""
    model = response.context["opts"].model_name
    return form_data(response, form_id=f"{model}_form")


# Each inline row of a versioned record, on its parent's page: the figures on an indicator's
# page, the monthly reports on a project's page.
INLINE_ROWS = [
    pytest.param(
        lambda: f.MeasurementFactory(period="2026-11-01", value=50),
        _indicator_page,
        "measurements",
        ("value", "70", "75"),
        ("title", "Renamed by the second officer"),
        id="figure-on-indicator-page",
    ),
    pytest.param(
        lambda: f.StatusReportFactory(period="2026-11-01", commentary="As filed."),
        _project_page,
        "reports",
        ("commentary", "Hannah's update.", "Sam's update."),
        ("title", "Renamed by the second officer"),
        id="report-on-project-page",
    ),
    pytest.param(
        lambda: f.MilestoneFactory(forecast_date="2026-11-01"),
        _project_page,
        "milestones",
        ("forecast_date", "2026-12-01", "2027-01-15"),
        ("title", "Renamed by the second officer"),
        id="milestone-on-project-page",
    ),
    pytest.param(
        lambda: f.RiskFactory(likelihood=3),
        _project_page,
        "risks",
        ("likelihood", "4", "5"),
        ("title", "Renamed by the second officer"),
        id="risk-on-project-page",
    ),
]


@pytest.mark.parametrize(("make", "page", "prefix", "edit", "parent_edit"), INLINE_ROWS)
def test_a_stale_inline_row_is_refused_and_nothing_of_the_page_is_saved(
    make, page, prefix, edit, parent_edit, hannah
):
    # given two officers open the same parent page, each row rendering its version
    record = make()
    url = page(record)
    first, second = _browser(hannah), _browser(f.pmo_user(username="sam"))
    first_form, second_form = _change_form(first.get(url)), _change_form(second.get(url))
    row = inline_row(first_form, prefix, record.pk)
    assert first_form[f"{row}-version"] == second_form[f"{row}-version"] == ["1"]
    field, hannahs, sams = edit

    # when the first changes the row and saves
    set_field(first_form, f"{row}-{field}", hannahs)
    assert first.post(url, first_form).status_code == 302

    # and the second changes the same row, and the parent record too, from the page they opened
    set_field(second_form, f"{row}-{field}", sams)
    set_field(second_form, parent_edit[0], parent_edit[1])
    response = second.post(url, second_form)

    # then the second is refused, told who and when, and neither change of theirs is saved
    assert response.status_code == 200
    assert CHANGED_BY_HANNAH.search(response.text)
    record.refresh_from_db()
    assert str(getattr(record, field)).removesuffix(".0000") == hannahs
    assert record.version == 2
    parent = record.indicator if prefix == "measurements" else record.project
    parent.refresh_from_db()
    assert getattr(parent, parent_edit[0]) != parent_edit[1]


def test_a_row_someone_else_changed_is_not_put_back_by_a_page_opened_before(hannah):
    # given an officer opens an indicator's page, and meanwhile Hannah revises one of its figures
    measurement = f.MeasurementFactory(period="2026-11-01", value=50)
    url = _indicator_page(measurement)
    browser = _browser(f.pmo_user(username="sam"))
    data = _change_form(browser.get(url))
    measurement.value = 61
    measurement_save(measurement=measurement, user=hannah)

    # when the officer saves a change to the indicator only (their page still shows 50)
    set_field(data, "title", "Renamed")
    response = browser.post(url, data)

    # then the page is refused rather than putting the old figure back over Hannah's
    assert response.status_code == 200
    assert CHANGED_BY_HANNAH.search(response.text)
    measurement.refresh_from_db()
    assert measurement.value == 61
    assert measurement.indicator.title != "Renamed"


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


def test_the_api_refuses_a_risk_patch_with_a_stale_if_match():
    # given two clients read the same risk and its ETag
    risk = f.RiskFactory(likelihood=3)
    client = token_client(f.pmo_user(username="hannah"))
    url = f"/api/v1/risks/{risk.pk}/"
    etag = client.get(url).headers["ETag"]
    assert etag == '"v1"'

    # when the first rescores it, the answer carries the next ETag
    first = client.patch(url, {"likelihood": 4}, HTTP_IF_MATCH=etag)
    assert first.status_code == 200
    assert first.headers["ETag"] == '"v2"'

    # then the second, still holding the old one, is refused and nothing of theirs is saved
    second = client.patch(url, {"likelihood": 5, "impact": 1}, HTTP_IF_MATCH=etag)
    assert second.status_code == 412
    assert second.json()["errors"][0]["code"] == "precondition_failed"
    assert "changed by hannah" in second.json()["errors"][0]["detail"]
    risk.refresh_from_db()
    assert (risk.likelihood, risk.impact, risk.version) == (4, 4, 2)


def test_the_api_refuses_a_milestone_put_with_a_stale_if_match():
    milestone = f.MilestoneFactory(forecast_date="2026-11-01")
    client = token_client(f.pmo_user())
    url = f"/api/v1/milestones/{milestone.pk}/"
    etag = client.get(url).headers["ETag"]
    assert client.patch(url, {"forecast_date": "2026-12-01"}, HTTP_IF_MATCH=etag).status_code == 200
    assert client.patch(url, {"forecast_date": "2027-01-15"}, HTTP_IF_MATCH=etag).status_code == 412
    milestone.refresh_from_db()
    assert str(milestone.forecast_date) == "2026-12-01"
    assert milestone.version == 2


@pytest.mark.parametrize(
    ("make", "save"),
    [
        pytest.param(
            f.MilestoneFactory,
            lambda record, user: milestone_save(milestone=record, user=user),
            id="milestone",
        ),
        pytest.param(
            f.RiskFactory, lambda record, user: risk_save(risk=record, user=user), id="risk"
        ),
    ],
)
def test_the_milestone_and_risk_services_refuse_a_save_based_on_an_older_version(make, save):
    record = make(title="As raised.")
    user = f.pmo_user()
    mine = type(record).objects.get(pk=record.pk)
    theirs = type(record).objects.get(pk=record.pk)
    theirs.title = "Theirs."
    save(theirs, user)
    assert theirs.version == 2

    mine.title = "Mine."
    with pytest.raises(StaleRecordError, match="was changed by"):
        save(mine, user)
    record.refresh_from_db()
    assert (record.title, record.version) == ("Theirs.", 2)


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
    data = form_data(client.get(url), form_id="statusreport_form")
    set_field(data, "commentary", "Lost the race.")

    # when the officer saves, then nothing is saved and the page says why
    response = client.post(url, data, follow=True)
    assert "Your changes were not saved" in response.text
    report.refresh_from_db()
    assert report.commentary == "As filed."
