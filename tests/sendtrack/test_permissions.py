"""One rule per permission answers for a given row, whichever door asks: the role's group
permission narrowed by the app's ``rules`` predicate."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    lead = f.lead_user()
    return {
        "lead": lead,
        "pmo": f.pmo_user(),
        "director": f.director_user(),
        "scrutiny": f.scrutiny_user(),
        "own": f.ProjectFactory(lead=f.PersonFactory(user=lead)),
        "other": f.ProjectFactory(),
    }


def test_a_lead_changes_their_own_project_and_its_records_only(people):
    lead, own, other = people["lead"], people["own"], people["other"]
    assert lead.has_perm("projects.change_project", own)
    assert not lead.has_perm("projects.change_project", other)
    assert lead.has_perm("projects.change_statusreport", f.StatusReportFactory(project=own))
    assert not lead.has_perm("projects.change_statusreport", f.StatusReportFactory(project=other))
    # they never delete a milestone, even of their own project
    assert not lead.has_perm("projects.delete_milestone", f.MilestoneFactory(project=own))


def test_the_programme_office_changes_and_directors_only_read_every_project(people):
    for project in (people["own"], people["other"]):
        assert people["pmo"].has_perm("projects.change_project", project)
        assert people["director"].has_perm("projects.view_project", project)
        assert not people["director"].has_perm("projects.change_project", project)


def test_a_lead_enters_figures_only_for_their_own_indicators(people):
    lead = people["lead"]
    own = f.IndicatorFactory(owner=people["own"].lead)
    assert lead.has_perm("indicators.change_measurement", f.MeasurementFactory(indicator=own))
    assert not lead.has_perm("indicators.view_measurement", f.MeasurementFactory())


def test_scrutiny_members_read_the_request_log_and_nothing_of_delivery(people):
    member = people["scrutiny"]
    request = f.InformationRequestFactory()
    assert member.has_perm("governance.view_informationrequest", request)
    assert not member.has_perm("governance.change_informationrequest", request)
    assert not member.has_perm("projects.view_project", people["own"])


def test_only_directors_approve_and_only_what_was_submitted(people):
    publication = f.PublicationFactory(status="submitted")
    assert people["director"].has_perm("sendtrack.approve_publication", publication)
    assert not people["pmo"].has_perm("sendtrack.approve_publication", publication)
    publication.status = "draft"
    assert not people["director"].has_perm("sendtrack.approve_publication", publication)


def test_signed_out_visitors_hold_no_permission_on_any_row(people):
    assert not AnonymousUser().has_perm("projects.view_project", people["own"])
    assert not AnonymousUser().has_perm("governance.view_informationrequest")
