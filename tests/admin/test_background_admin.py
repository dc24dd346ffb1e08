"""The admin pages of the background work: the daily snapshots and the emails sent are read-only
lists with date filters, open to the programme office and directors, closed to leads; the
digest's links lead to lists that open, filtered."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from governance.models import GovernanceSnapshot
from indicators.models import IndicatorSnapshot
from projects.models import ProjectSnapshot, WorkstreamSnapshot
from sendtrack.models import DocumentBuild, EmailLog
from sendtrack.selectors import data_quality_sections
from tests import factories as f

from .conftest import client_for

pytestmark = pytest.mark.django_db

READ_ONLY = [ProjectSnapshot, WorkstreamSnapshot, IndicatorSnapshot, GovernanceSnapshot, EmailLog]
FACTORIES = {
    ProjectSnapshot: f.ProjectSnapshotFactory,
    WorkstreamSnapshot: f.WorkstreamSnapshotFactory,
    IndicatorSnapshot: f.IndicatorSnapshotFactory,
    GovernanceSnapshot: f.GovernanceSnapshotFactory,
    EmailLog: f.EmailLogFactory,
    DocumentBuild: f.DocumentBuildFactory,
}


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda m: m._meta.label)
@pytest.mark.parametrize("role", ["pmo", "director"])
def test_snapshots_and_emails_are_read_not_written(model, role, pmo, director):
    client = client_for({"pmo": pmo, "director": director}[role])
    row = FACTORIES[model]()

    listing = client.get(_url(model, "changelist"))
    page = client.get(_url(model, "change", row.pk))

    assert listing.status_code == 200
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert client.get(_url(model, "add")).status_code == 403
    assert client.post(_url(model, "delete", row.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("model", [*READ_ONLY, DocumentBuild], ids=lambda m: m._meta.label)
def test_leads_do_not_see_them(model, lead):
    assert client_for(lead[0]).get(_url(model, "changelist")).status_code == 403


def test_snapshot_lists_filter_by_day(pmo):
    project = f.ProjectFactory(code="SUF-01")
    f.ProjectSnapshotFactory(project=project, day=date(2026, 11, 2))
    f.ProjectSnapshotFactory(project=project, day=date(2026, 11, 16))
    url = _url(ProjectSnapshot, "changelist")

    response = client_for(pmo).get(url, {"day__gte": "2026-11-10", "day__lt": "2026-11-17"})

    assert [row.day for row in response.context["cl"].result_list] == [date(2026, 11, 16)]
    by_month = client_for(pmo).get(url, {"day__year": "2026", "day__month": "11"})
    assert by_month.context["cl"].result_count == 2


def test_the_emails_sent_show_who_was_reminded_about_what(pmo):
    log = f.EmailLogFactory(project=f.ProjectFactory(code="SUF-01", title="Places"))

    page = client_for(pmo).get(_url(EmailLog, "changelist")).content.decode()

    assert log.recipient in page
    assert "SUF-01 Places" in page
    assert "October 2026" in page
    assert "First reminder" in page


def test_people_filter_by_whether_they_have_an_email_address(pmo):
    f.PersonFactory(name="Has One")
    f.PersonFactory(name="Has None", email="")
    url = _url(f.gov.Person, "changelist")

    missing = client_for(pmo).get(url, {"email": "missing"}).context["cl"].result_list
    given = client_for(pmo).get(url, {"email": "given"}).context["cl"].result_list

    assert [p.name for p in missing] == ["Has None"]
    assert "Has One" in [p.name for p in given]


def test_every_list_the_digest_links_to_opens_filtered_for_the_programme_office(pmo, settings):
    settings.SENDTRACK_BASE_URL = "https://sendtrack.example.org"
    client = client_for(pmo)

    for section in data_quality_sections(today=date(2026, 11, 16)):
        path = section.list_link.removeprefix(settings.SENDTRACK_BASE_URL)
        response = client.get(path)
        # an unknown filter sends the admin back to the list with ?e=1
        assert response.status_code == 200, path
        assert "?" in path
        assert response.context["cl"].has_filters
        assert response.context["cl"].has_active_filters, path
