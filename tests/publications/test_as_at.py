"""A publication is as at a day: its meeting's unless the programme office chooses an earlier
one in the admin. Its snapshot is built from the records as they stood then (figures for the
latest period on or before it, reports for the last month ended, plan actions as they stood,
milestones' dates from their history, the requests raised by then and answered only if
answered by then), and the page and the PDF say so."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import InformationRequest, PlanAction
from projects.models import Milestone
from sendtrack.publications.models import Publication
from sendtrack.publications.pdf import version_print_html
from sendtrack.publications.selectors import publication_content
from tests import factories as f
from tests.admin.conftest import admin_form_data

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def _at_nine(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9)))


def test_the_programme_office_sets_the_as_at_day_in_the_admin(client, programme, pmo):
    client.force_login(pmo)
    add = reverse("admin:sendtrack_publication_add")
    data = admin_form_data(client.get(add))
    data |= {"meeting": str(programme.meeting.pk), "title": "Summary for members"}

    # left blank, it is the meeting's date
    assert data.get("as_at", "") == ""
    response = client.post(add, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    publication = Publication.objects.get()
    assert publication.as_at == date(2023, 3, 22)

    # an earlier day may be chosen
    change = reverse("admin:sendtrack_publication_change", args=[publication.pk])
    page = client.get(change)
    assert "Figures as at" in page.content.decode()
    data = admin_form_data(page) | {"as_at": "01/03/2023"}
    assert client.post(change, data).status_code == 302
    publication.refresh_from_db()
    assert publication.as_at == date(2023, 3, 1)

    # a day after the meeting is refused, saying why
    response = client.post(change, admin_form_data(client.get(change)) | {"as_at": "01/04/2023"})
    assert response.status_code == 200
    assert (
        "Figures for the meeting of 22 March 2023 cannot be as at a later day."
        in response.content.decode()
    )
    publication.refresh_from_db()
    assert publication.as_at == date(2023, 3, 1)


@pytest.fixture
def later_records(programme):
    """What happened after the meeting of 22 March 2023: a figure for April, the promised
    action completed in May, a key milestone's forecast moved in June, the request answered
    in July, and a new request raised at the July meeting."""
    f.MeasurementFactory(indicator=programme.public, period=date(2023, 4, 1), value=Decimal("99"))
    programme.action.status = PlanAction.Status.COMPLETE
    programme.action.completed_on = date(2023, 5, 2)
    programme.action.save()
    milestone = f.MilestoneFactory(
        project=programme.project,
        title="Hub opens its phone line",
        is_key=True,
        baseline_date=date(2023, 5, 15),
    )
    # agreed in January, as its history records
    Milestone.history.filter(id=milestone.pk).update(history_date=_at_nine(date(2023, 1, 10)))
    milestone.forecast_date = date(2023, 9, 30)
    milestone.save()
    Milestone.history.filter(id=milestone.pk, forecast_date=date(2023, 9, 30)).update(
        history_date=_at_nine(date(2023, 6, 20))
    )
    programme.request.status = InformationRequest.Status.PROVIDED
    programme.request.provided_on = date(2023, 7, 1)
    programme.request.response = "The staffing figures were sent on 1 July."
    programme.request.save()
    july = programme.meeting.body.meetings.get(date=date(2023, 7, 19))
    f.InformationRequestFactory(
        meeting=july, reference="21a", request="The approved Accelerated Progress Plan."
    )
    return milestone


def test_a_summary_shows_the_records_as_they_stood_at_its_date(
    anonymous, draft, publish, later_records
):
    version = publish(draft)
    page = _text(anonymous.get(f"/publications/{draft.slug}/"))

    # the page says when and how
    assert "Figures as at 22 March 2023" in page
    assert "each indicator's latest figure for a period on or before that day" in page
    assert "projects' reports for February 2023" in page
    # the figure for February, not April's
    (kpi,) = version.content["kpis"]["rows"]
    assert (kpi["value_display"], kpi["period_display"]) == ("41.5%", "February 2023")
    assert "99.0%" not in page
    # the action completed in May was open then, and not yet due
    (area,) = version.content["areas"]["rows"]
    assert (area["actions_complete"], area["actions_total"], area["actions_due"]) == (0, 1, 1)
    (promise,) = version.content["promises"]["actions"]
    assert (promise["status_display"], promise["outcome_display"]) == ("Open", "Not yet due")
    # the milestone as agreed then: due on its baseline, not on June's later forecast
    (milestone,) = version.content["promises"]["milestones"]
    assert (milestone["due_display"], milestone["status_display"]) == ("15 May 2023", "On track")
    assert "30 September 2023" not in page
    # the request raised at this meeting, unanswered then; July's request not at all
    (request,) = version.content["requests"]["rows"]
    assert (request["reference"], request["status_display"]) == ("21d", "Open")
    assert "The staffing figures were sent on 1 July." not in page
    assert "21a" not in page


def test_a_later_summary_shows_what_changed(programme, draft, later_records):
    july = programme.meeting.body.meetings.get(date=date(2023, 7, 19))
    later = Publication.objects.create(meeting=july, title="July summary")
    content = publication_content(publication=later, today=timezone.localdate())

    assert content["as_at_display"] == "19 July 2023"
    (kpi,) = content["kpis"]["rows"]
    assert (kpi["value_display"], kpi["period_display"]) == ("99.0%", "April 2023")
    (area,) = content["areas"]["rows"]
    assert (area["actions_complete"], area["actions_total"]) == (1, 1)
    requests = {r["reference"]: r for r in content["requests"]["rows"]}
    assert requests["21d"]["status_display"] == "Provided"
    assert requests["21d"]["response"] == "The staffing figures were sent on 1 July."
    assert requests["21a"]["status_display"] == "Open"


def test_the_pdf_says_what_the_figures_are_as_at(published):
    # the HTML WeasyPrint prints
    html = re.sub(r"\s+", " ", version_print_html(version=published))
    assert "Figures as at 22 March 2023" in html
    assert "each indicator&#x27;s latest figure for a period on or before that day" in html
