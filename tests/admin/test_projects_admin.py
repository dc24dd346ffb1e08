"""Officers update projects through the admin: leads their own, the programme office all,
directors read only. Every test goes through the pages an officer uses."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from projects.models import Project, Risk, StatusReport
from projects.selectors import month_start, previous_month
from sendtrack.kernel.rag import RAG
from tests import factories as f
from tests.html_forms import form_data, inline_row, set_field

from .conftest import add_inline_row, admin_form_data, client_for, inline_row_index

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:projects_project_changelist")


def change_url(project: Project) -> str:
    return reverse("admin:projects_project_change", args=[project.pk])


@pytest.fixture
def projects(lead):
    """Two projects: one led by the lead, one by someone else, each with a milestone and a risk."""
    _, person = lead
    mine = f.ProjectFactory(code="SUF-01", title="SEND sufficiency strategy", lead=person)
    theirs = f.ProjectFactory(code="INC-02", title="Inclusion charter", purpose="Original")
    for project in (mine, theirs):
        f.MilestoneFactory(project=project, title="Strategy agreed", baseline_date=date(2026, 3, 1))
        f.RiskFactory(project=project, title="Capital funding delayed", owner=project.lead)
    return mine, theirs


# --- Seeing --------------------------------------------------------------------------------


def test_a_lead_sees_only_the_projects_they_lead(lead, projects):
    response = client_for(lead[0]).get(CHANGELIST)

    assert response.status_code == 200
    assert "SUF-01" in response.text
    assert "INC-02" not in response.text


def test_a_lead_cannot_open_or_change_another_leads_project(lead, projects):
    _, theirs = projects
    client = client_for(lead[0])

    opened = client.get(change_url(theirs), follow=True)
    history = client.get(reverse("admin:projects_project_history", args=[theirs.pk]), follow=True)
    posted = client.post(change_url(theirs), {"purpose": "Changed by someone else"})

    assert "doesn’t exist" in opened.text
    assert "doesn’t exist" in history.text
    assert posted.status_code == 302
    theirs.refresh_from_db()
    assert theirs.purpose == "Original"


def test_the_programme_office_sees_every_project(pmo, projects):
    response = client_for(pmo).get(CHANGELIST)

    assert "SUF-01" in response.text
    assert "INC-02" in response.text


def test_the_list_shows_rag_as_a_labelled_badge_with_lead_workstream_and_last_report(pmo, projects):
    mine, _ = projects
    f.StatusReportFactory(project=mine, period=date(2026, 9, 1), rag=RAG.RED)
    mine.milestones.update(completed_date=date(2026, 3, 1))
    f.MilestoneFactory(project=mine, title="Pilot launched", forecast_date=date(2027, 1, 15))

    response = client_for(pmo).get(CHANGELIST)

    assert '<span class="rag rag--red">Red</span>' in response.text
    assert '<span class="rag rag--none">No report</span>' in response.text
    assert "September 2026" in response.text
    assert "Pilot launched (15 Jan 2027)" in response.text
    assert mine.workstream.name in response.text
    assert "Priya Shah" in response.text


@pytest.mark.parametrize(
    ("rag", "shown", "hidden"),
    [("red", "SUF-01", "INC-02"), ("none", "INC-02", "SUF-01")],
)
def test_the_list_filters_by_latest_rag_including_no_report(pmo, projects, rag, shown, hidden):
    mine, _ = projects
    f.StatusReportFactory(project=mine, period=date(2026, 8, 1), rag=RAG.GREEN)
    f.StatusReportFactory(project=mine, period=date(2026, 9, 1), rag=RAG.RED)

    response = client_for(pmo).get(CHANGELIST, {"rag": rag})

    assert shown in response.text
    assert hidden not in response.text


def test_the_programme_office_lists_the_projects_yet_to_report_by_the_deadline(
    pmo, projects, on_4_december_2026, settings
):
    # given 4 December 2026, reports due by the 10th of the month after: SUF-01 has filed
    # November's; INC-02 filed October's only; SYS-01 is closed
    settings.SENDTRACK_REPORT_DEADLINE_DAY = 10
    mine, theirs = projects
    f.StatusReportFactory(project=mine, period=date(2026, 10, 1))
    f.StatusReportFactory(project=mine, period=date(2026, 11, 1))
    f.StatusReportFactory(project=theirs, period=date(2026, 10, 1))
    closed = f.ProjectFactory(code="SYS-01", stage=Project.Stage.CLOSED)
    client = client_for(pmo)

    # when the programme office filters the list
    missing = client.get(CHANGELIST, {"reported": "missing"})
    due = client.get(CHANGELIST, {"reported": "due"})
    filed = client.get(CHANGELIST, {"reported": "filed"})

    # then nothing is missing for October (both filed), November's is only due soon for INC-02
    assert [p.code for p in missing.context["cl"].result_list] == []
    assert [p.code for p in due.context["cl"].result_list] == ["INC-02"]
    assert [p.code for p in filed.context["cl"].result_list] == ["SUF-01"]
    assert "Missing for October 2026" in missing.text
    assert "Due by 10 December for November 2026" in due.text
    assert closed.code not in due.text


def test_after_the_deadline_the_month_just_gone_is_missing(pmo, projects, monkeypatch):
    # given 11 December 2026, the day after November's reports were due
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 12, 11))
    mine, _ = projects
    f.StatusReportFactory(project=mine, period=date(2026, 11, 1))

    # when the programme office lists the reports missing
    missing = client_for(pmo).get(CHANGELIST, {"reported": "missing"})

    # then November's is missing, and no report is only "due soon" any more
    assert [p.code for p in missing.context["cl"].result_list] == ["INC-02"]
    assert "Missing for November 2026" in missing.text
    assert "?reported=due" not in missing.text


def test_the_list_filters_by_workstream_body_and_area_and_searches(pmo, projects):
    mine, theirs = projects
    area = f.AreaOfWeaknessFactory(number=3, title="The limited role of parents and carers")
    mine.areas.add(area)
    client = client_for(pmo)

    by_workstream = client.get(CHANGELIST, {"workstream__id__exact": theirs.workstream_id})
    by_body = client.get(CHANGELIST, {"overseeing_body__id__exact": mine.overseeing_body_id})
    by_area = client.get(CHANGELIST, {"areas__id__exact": area.pk})
    by_search = client.get(CHANGELIST, {"q": "sufficiency"})

    assert "INC-02" in by_workstream.text
    assert "SUF-01" not in by_workstream.text
    for response in (by_body, by_area, by_search):
        assert "SUF-01" in response.text
        assert "INC-02" not in response.text


def test_people_are_chosen_by_autocomplete(pmo, projects):
    mine, _ = projects
    response = client_for(pmo).get(
        reverse("admin:autocomplete"),
        {"app_label": "projects", "model_name": "project", "field_name": "lead", "term": "Priya"},
    )

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == [str(mine.lead)]


# --- A lead updates their project ------------------------------------------------------------


def test_a_lead_files_the_months_report_from_the_project_page(lead, projects):
    user, _ = lead
    mine, _ = projects
    client = client_for(user)
    data = admin_form_data(client.get(change_url(mine)))
    # the new report row already names the month just gone
    expected_month = previous_month(timezone.localdate())
    assert data["reports-0-period"] == str(expected_month)

    data.update(
        {
            "reports-0-rag": "amber",
            "reports-0-commentary": "Consultation closed; two weeks behind on analysis.",
            "reports-0-decisions_needed": "Agree the revised timetable.",
        }
    )
    response = client.post(change_url(mine), data)

    assert response.status_code == 302, response.context["errors"]
    report = StatusReport.objects.get(project=mine)
    assert report.period == expected_month
    assert report.rag == RAG.AMBER
    assert report.commentary.startswith("Consultation closed")
    assert report.submitted_by == user
    assert report.submitted_at is not None


def test_a_report_may_be_given_any_day_of_its_month(lead, projects):
    user, _ = lead
    mine, _ = projects
    client = client_for(user)
    data = admin_form_data(client.get(change_url(mine)))
    data.update(
        {
            "reports-0-period": "2026-09-17",
            "reports-0-rag": "green",
            "reports-0-commentary": "Fine.",
        }
    )

    client.post(change_url(mine), data)

    assert StatusReport.objects.get(project=mine).period == date(2026, 9, 1)


def test_a_lead_updates_a_milestones_forecast_and_completion(lead, projects):
    user, _ = lead
    mine, _ = projects
    milestone = mine.milestones.get()
    today = timezone.localdate()
    client = client_for(user)
    data = admin_form_data(client.get(change_url(mine)))
    row = inline_row_index(data, "milestones", milestone.pk)
    data[f"milestones-{row}-forecast_date"] = str(date(2026, 3, 20))
    data[f"milestones-{row}-completed_date"] = str(today)

    response = client.post(change_url(mine), data)

    assert response.status_code == 302, response.context["errors"]
    milestone.refresh_from_db()
    assert milestone.forecast_date == date(2026, 3, 20)
    assert milestone.completed_date == today
    assert milestone.baseline_date == date(2026, 3, 1)


def test_the_project_page_shows_each_milestones_status_and_slippage(lead, projects):
    user, _ = lead
    mine, _ = projects
    f.MilestoneFactory(
        project=mine,
        title="Board approval",
        baseline_date=date(2026, 1, 10),
        completed_date=date(2026, 1, 24),
    )

    response = client_for(user).get(change_url(mine))

    assert "Completed late" in response.text
    assert "14 days late" in response.text


def test_a_lead_cannot_move_an_agreed_baseline_and_nothing_else_is_saved(lead, projects):
    user, _ = lead
    mine, _ = projects
    milestone = mine.milestones.get()
    client = client_for(user)
    data = admin_form_data(client.get(change_url(mine)))
    row = inline_row_index(data, "milestones", milestone.pk)
    data[f"milestones-{row}-baseline_date"] = str(date(2026, 6, 1))
    data.update({"reports-0-rag": "green", "reports-0-commentary": "All well."})

    response = client.post(change_url(mine), data)

    assert response.status_code == 200
    assert "Only the programme office can change a milestone" in response.text
    milestone.refresh_from_db()
    assert milestone.baseline_date == date(2026, 3, 1)
    assert not StatusReport.objects.exists()


def test_a_lead_sets_the_baseline_of_a_new_milestone(lead, projects):
    user, _ = lead
    mine, _ = projects
    client = client_for(user)
    data = admin_form_data(client.get(change_url(mine)))
    extra = int(data["milestones-TOTAL_FORMS"]) - 1
    data[f"milestones-{extra}-title"] = "Consultation report published"
    data[f"milestones-{extra}-baseline_date"] = "2027-02-01"

    response = client.post(change_url(mine), data)

    assert response.status_code == 302, response.context["errors"]
    assert mine.milestones.get(title="Consultation report published").baseline_date == date(
        2027, 2, 1
    )


def test_the_programme_office_may_rebaseline_a_milestone(pmo, projects):
    mine, _ = projects
    milestone = mine.milestones.get()
    client = client_for(pmo)
    data = admin_form_data(client.get(change_url(mine)))
    data[f"milestones-{inline_row_index(data, 'milestones', milestone.pk)}-baseline_date"] = (
        "2026-06-01"
    )

    response = client.post(change_url(mine), data)

    assert response.status_code == 302, response.context["errors"]
    milestone.refresh_from_db()
    assert milestone.baseline_date == date(2026, 6, 1)


def test_a_lead_raises_a_new_risk_and_closes_an_old_one(lead, projects):
    user, person = lead
    mine, _ = projects
    old = mine.risks.get()
    today = timezone.localdate()
    client = client_for(user)
    data = admin_form_data(client.get(change_url(mine)))
    row = inline_row_index(data, "risks", old.pk)
    data[f"risks-{row}-status"] = "closed"
    data[f"risks-{row}-closed_on"] = str(today)
    add_inline_row(
        data,
        "risks",
        kind="risk",
        status="open",
        title="Specialist staff vacancies",
        likelihood=4,
        impact=3,
        owner=person.pk,
        raised_on=today,
        review_date=today + timedelta(days=30),
    )

    response = client.post(change_url(mine), data)

    assert response.status_code == 302, response.context["errors"]
    old.refresh_from_db()
    assert old.status == Risk.Status.CLOSED
    new = mine.risks.get(title="Specialist staff vacancies")
    assert (new.level, new.score, new.status) == (Risk.Level.PROJECT, 12, Risk.Status.OPEN)
    # both numbered in the project's register as they were saved
    assert (old.reference, new.reference) == ("SUF-01-R1", "SUF-01-R2")


def test_a_lead_cannot_change_a_projects_title_lead_or_workstream(lead, projects):
    user, _ = lead
    mine, theirs = projects
    client = client_for(user)
    data = admin_form_data(client.get(change_url(mine)))
    assert "title" not in data
    assert "lead" not in data
    data.update(
        {
            "title": "Renamed",
            "workstream": str(theirs.workstream_id),
            "purpose": "Plan school places for children with SEND.",
        }
    )

    response = client.post(change_url(mine), data)

    assert response.status_code == 302, response.context["errors"]
    mine.refresh_from_db()
    assert mine.title == "SEND sufficiency strategy"
    assert mine.workstream_id != theirs.workstream_id
    assert mine.purpose == "Plan school places for children with SEND."


def test_a_lead_cannot_add_or_delete_projects(lead, projects):
    mine, _ = projects
    client = client_for(lead[0])

    assert client.get(reverse("admin:projects_project_add")).status_code == 403
    assert client.post(reverse("admin:projects_project_delete", args=[mine.pk])).status_code == 403
    assert Project.objects.filter(pk=mine.pk).exists()


def test_the_programme_office_changes_any_project(pmo, projects):
    _, theirs = projects
    client = client_for(pmo)
    data = admin_form_data(client.get(change_url(theirs)))
    data["title"] = "Inclusion charter for all schools"

    response = client.post(change_url(theirs), data)

    assert response.status_code == 302, response.context["errors"]
    theirs.refresh_from_db()
    assert theirs.title == "Inclusion charter for all schools"


def test_a_director_reads_every_project_but_changes_none(director, projects):
    _, theirs = projects
    client = client_for(director)

    page = client.get(change_url(theirs))
    posted = client.post(change_url(theirs), {"purpose": "Changed"})

    assert page.status_code == 200
    assert "View project" in page.text
    assert posted.status_code == 403
    theirs.refresh_from_db()
    assert theirs.purpose == "Original"


# --- Bad input ----------------------------------------------------------------------------


def _post_with(client, project, change):
    data = admin_form_data(client.get(change_url(project)))
    change(data)
    return client.post(change_url(project), data)


def test_a_completion_date_in_the_future_is_refused(lead, projects):
    user, _ = lead
    mine, _ = projects
    milestone = mine.milestones.get()

    def change(data):
        row = inline_row_index(data, "milestones", milestone.pk)
        data[f"milestones-{row}-completed_date"] = str(timezone.localdate() + timedelta(days=7))

    response = _post_with(client_for(user), mine, change)

    assert response.status_code == 200
    assert "This date is in the future. Record it once it has happened." in response.text
    milestone.refresh_from_db()
    assert milestone.completed_date is None


def test_a_likelihood_of_seven_is_refused(lead, projects):
    user, _ = lead
    mine, _ = projects
    risk = mine.risks.get()

    def change(data):
        data[f"risks-{inline_row_index(data, 'risks', risk.pk)}-likelihood"] = "7"

    response = _post_with(client_for(user), mine, change)

    assert response.status_code == 200
    assert "Likelihood is scored from 1 to 5" in response.text
    risk.refresh_from_db()
    assert risk.likelihood == 3


def test_two_reports_for_one_month_in_the_same_form_are_refused(lead, projects):
    user, _ = lead
    mine, _ = projects

    def change(data):
        data.update({"reports-0-rag": "green", "reports-0-commentary": "One."})
        add_inline_row(
            data, "reports", period=data["reports-0-period"], rag="red", commentary="Two."
        )

    response = _post_with(client_for(user), mine, change)

    assert response.status_code == 200
    assert "Two reports are for the same month. Keep one of them." in response.text
    assert not StatusReport.objects.exists()


def test_a_second_report_for_an_already_reported_month_is_refused(lead, projects):
    user, _ = lead
    mine, _ = projects
    # a month older than the project page shows
    old_month = month_start(timezone.localdate()).replace(year=timezone.localdate().year - 1)
    f.StatusReportFactory(project=mine, period=old_month, commentary="The original.")

    def change(data):
        data.update(
            {
                "reports-0-period": str(old_month),
                "reports-0-rag": "red",
                "reports-0-commentary": "x",
            }
        )

    response = _post_with(client_for(user), mine, change)

    assert response.status_code == 200
    assert "This project already has a report for this month." in response.text
    assert StatusReport.objects.get().commentary == "The original."


def test_a_report_for_a_month_not_yet_begun_is_refused(lead, projects):
    user, _ = lead
    mine, _ = projects
    next_month = month_start(month_start(timezone.localdate()) + timedelta(days=32))

    def change(data):
        data.update(
            {
                "reports-0-period": str(next_month),
                "reports-0-rag": "red",
                "reports-0-commentary": "x",
            }
        )

    response = _post_with(client_for(user), mine, change)

    assert f"This period starts on {next_month:%-d %B %Y}, after today (" in response.text
    assert not StatusReport.objects.exists()


# --- The other delivery lists --------------------------------------------------------------


@pytest.mark.parametrize("name", ["projects_statusreport", "projects_milestone", "projects_risk"])
def test_the_record_lists_hold_only_the_leads_own_projects_records(lead, projects, name):
    mine, theirs = projects
    f.StatusReportFactory(project=mine, commentary="Mine")
    f.StatusReportFactory(project=theirs, commentary="Theirs")

    response = client_for(lead[0]).get(reverse(f"admin:{name}_changelist"))

    assert response.status_code == 200
    assert "SUF-01" in response.text
    assert "INC-02" not in response.text


def test_a_report_saved_on_its_own_page_records_who_submitted_it(lead, projects):
    user, _ = lead
    mine, theirs = projects
    client = client_for(user)
    url = reverse("admin:projects_statusreport_add")

    refused = client.post(
        url, {"project": theirs.pk, "period": "2026-09-01", "rag": "red", "commentary": "x"}
    )
    saved = client.post(
        url, {"project": mine.pk, "period": "2026-09-01", "rag": "red", "commentary": "Late."}
    )

    assert refused.status_code == 200
    assert "Select a valid choice" in refused.text
    assert saved.status_code == 302
    assert StatusReport.objects.get().submitted_by == user


def test_a_lead_raises_risks_only_from_their_project_page(lead, pmo):
    assert client_for(lead[0]).get(reverse("admin:projects_risk_add")).status_code == 403
    assert client_for(pmo).get(reverse("admin:projects_risk_add")).status_code == 200


def test_the_risk_list_flags_risks_past_their_review_date(pmo, projects):
    mine, _ = projects
    f.RiskFactory(project=mine, title="Overdue review", review_date=date(2024, 1, 1))

    response = client_for(pmo).get(reverse("admin:projects_risk_changelist"), {"review": "yes"})
    page = client_for(pmo).get(change_url(mine))

    assert "Overdue review" in response.text
    assert "1 Jan 2024 (overdue)" in response.text
    assert "Capital funding delayed" not in response.text
    assert "1 Jan 2024 (overdue)" in page.text


# --- Queries do not grow with the data ------------------------------------------------------


def _programme(size: int, person) -> Project:
    first = None
    for _ in range(size):
        project = f.ProjectFactory(lead=person)
        first = first or project
        for month in (date(2026, 8, 1), date(2026, 9, 1)):
            f.StatusReportFactory(project=project, period=month)
        f.MilestoneFactory.create_batch(2, project=project)
        f.RiskFactory.create_batch(2, project=project, owner=person)
    return first


@pytest.mark.parametrize("size", [2, 20])
def test_the_project_list_uses_the_same_queries_at_any_size(lead, django_assert_num_queries, size):
    user, person = lead
    _programme(size, person)
    client = client_for(user)

    # (one of them lists the lead organisations to filter by)
    with django_assert_num_queries(12):
        response = client.get(CHANGELIST)

    assert response.context["cl"].result_count == size


@pytest.mark.parametrize("rows", [1, 6])
def test_the_project_page_uses_the_same_queries_at_any_size(lead, django_assert_num_queries, rows):
    user, person = lead
    project = f.ProjectFactory(lead=person)
    month = month_start(timezone.localdate())
    for _ in range(rows):
        month = previous_month(month)
        f.StatusReportFactory(project=project, period=month)
        f.MilestoneFactory(project=project)
        f.RiskFactory(project=project, owner=person)
    client = client_for(user)
    client.get(change_url(project))  # fills the process's caches (content types), as a server's are

    # One more than before benefits: the benefits inline's rows, whatever their number.
    with django_assert_num_queries(17):
        response = client.get(change_url(project))

    assert len(response.context["inline_admin_formsets"][1].formset.forms) == rows + 1


@pytest.mark.parametrize("name", ["projects_statusreport", "projects_milestone", "projects_risk"])
def test_the_record_lists_use_the_same_queries_at_any_size(
    pmo, lead, django_assert_num_queries, name
):
    _, person = lead
    client = client_for(pmo)
    url = reverse(f"admin:{name}_changelist")
    _programme(2, person)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _programme(12, person)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.context["cl"].result_count > 12


def test_moving_a_report_onto_a_month_already_reported_is_refused(pmo, projects):
    mine, _ = projects
    september = f.StatusReportFactory(project=mine, period=date(2026, 9, 1), commentary="Sep")
    f.StatusReportFactory(project=mine, period=date(2026, 10, 1), commentary="Oct")
    url = reverse("admin:projects_statusreport_change", args=[september.pk])

    response = client_for(pmo).post(
        url, {"period": "2026-10-01", "rag": "red", "commentary": "Moved"}
    )

    assert response.status_code == 200
    assert "This project already has a report for this month." in response.text
    september.refresh_from_db()
    assert (september.period, september.commentary) == (date(2026, 9, 1), "Sep")


def test_a_correction_by_the_programme_office_keeps_who_submitted_the_report(lead, pmo, projects):
    user, _ = lead
    mine, _ = projects
    report = f.StatusReportFactory(project=mine, period=date(2026, 9, 1))
    report.submitted_by = user
    report.save()
    url = reverse("admin:projects_statusreport_change", args=[report.pk])

    response = client_for(pmo).post(
        url, {"period": "2026-09-01", "rag": "amber", "commentary": "Corrected by the PMO."}
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.commentary, report.submitted_by) == ("Corrected by the PMO.", user)


def test_a_lead_cannot_remove_a_milestone_to_add_it_again_with_a_new_baseline(lead, projects):
    user, _ = lead
    mine, _ = projects
    milestone = mine.milestones.get()
    client = client_for(user)
    data = admin_form_data(client.get(change_url(mine)))
    row = inline_row_index(data, "milestones", milestone.pk)
    assert f"milestones-{row}-DELETE" not in data
    data[f"milestones-{row}-DELETE"] = "on"

    client.post(change_url(mine), data)
    deleted = client.post(
        reverse("admin:projects_milestone_delete", args=[milestone.pk]), {"post": "yes"}
    )

    assert deleted.status_code == 403
    milestone.refresh_from_db()
    assert milestone.baseline_date == date(2026, 3, 1)


def test_a_director_who_also_leads_a_project_adds_records_only_to_their_own(projects):
    mine, theirs = projects
    user = f.UserFactory(username="director-lead", groups=["Directors", "Project leads"])
    mine.lead.user = None
    mine.lead.save()
    mine.lead = f.PersonFactory(user=user)
    mine.save()
    client = client_for(user)
    url = reverse("admin:projects_milestone_add")

    refused = client.post(url, {"project": theirs.pk, "title": "Not mine"})
    added = client.post(url, {"project": mine.pk, "title": "Mine", "baseline_date": "2027-01-01"})

    assert "Select a valid choice" in refused.text
    assert added.status_code == 302
    assert list(theirs.milestones.values_list("title", flat=True)) == ["Strategy agreed"]
    assert mine.milestones.filter(title="Mine").exists()


def test_a_lead_cannot_mark_their_risk_as_demonstration_data(lead, projects):
    user, _ = lead
    mine, _ = projects
    risk = mine.risks.get()
    url = reverse("admin:projects_risk_change", args=[risk.pk])
    client = client_for(user)
    data = admin_form_data(client.get(url))
    data["is_demo"] = "on"

    response = client.post(url, data)

    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.is_demo is False


def test_a_made_up_project_id_is_a_form_error(lead, projects):
    response = client_for(lead[0]).post(
        reverse("admin:projects_milestone_add"), {"project": "abc", "title": "Hand-made"}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.text


def test_errors_far_down_the_project_page_are_listed_at_the_top_with_links(lead, projects):
    user, _ = lead
    mine, _ = projects
    milestone = mine.milestones.get()
    client = client_for(user)
    data = admin_form_data(client.get(change_url(mine)))
    row = inline_row_index(data, "milestones", milestone.pk)
    data[f"milestones-{row}-completed_date"] = str(timezone.localdate() + timedelta(days=7))

    response = client.post(change_url(mine), data)

    assert response.context["error_summary"] == [
        {
            "where": f"Milestones, row {row + 1}: Completed date",
            "message": "This date is in the future. Record it once it has happened.",
            "anchor": f"id_milestones-{row}-completed_date_0",  # its day box
        }
    ]
    assert "There is a problem" in response.text
    assert f'href="#id_milestones-{row}-completed_date_0"' in response.text


def test_a_director_opens_a_milestone_with_an_agreed_baseline(director, projects):
    mine, _ = projects
    url = reverse("admin:projects_milestone_change", args=[mine.milestones.get().pk])

    response = client_for(director).get(url)

    assert response.status_code == 200
    assert "View milestone" in response.text


def test_a_made_up_person_in_a_risk_row_is_a_form_error(pmo, projects):
    mine, _ = projects
    client = client_for(pmo)
    data = admin_form_data(client.get(change_url(mine)))
    data[f"risks-{inline_row_index(data, 'risks', mine.risks.get().pk)}-owner"] = "abc"

    response = client.post(change_url(mine), data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.text


def test_a_lead_cannot_choose_a_risk_reference_and_numbering_ignores_other_registers(
    lead, projects
):
    user, person = lead
    mine, theirs = projects
    f.RiskFactory(project=theirs, reference="SUF-01-R41")
    client = client_for(user)
    data = admin_form_data(client.get(change_url(mine)))
    add_inline_row(
        data,
        "risks",
        kind="risk",
        status="open",
        reference="SUF-01-R9",
        title="Transport contract ends",
        likelihood=2,
        impact=4,
        owner=person.pk,
        raised_on=timezone.localdate(),
    )

    response = client.post(change_url(mine), data)

    assert response.status_code == 302, response.context["errors"]
    assert mine.risks.get(title="Transport contract ends").reference == "SUF-01-R1"


def test_the_programme_office_cannot_give_two_risks_one_reference(pmo, projects):
    mine, theirs = projects
    f.RiskFactory(project=theirs, reference="INC-02-R1")
    risk = mine.risks.get()
    client = client_for(pmo)
    data = admin_form_data(client.get(change_url(mine)))
    data[f"risks-{inline_row_index(data, 'risks', risk.pk)}-reference"] = "INC-02-R1"

    response = client.post(change_url(mine), data)

    assert response.status_code == 200
    assert "Another risk already has this reference." in response.text
    risk.refresh_from_db()
    assert risk.reference is None


def test_a_leads_edit_of_a_report_loaded_without_a_submitter_names_the_lead(lead, projects):
    # given a report loaded with nobody recorded as submitting it (as the demo loads them)
    user, _ = lead
    mine, _ = projects
    report = f.StatusReportFactory(project=mine, period=previous_month(timezone.localdate()))
    assert report.submitted_by is None
    client = client_for(user)
    page = client.get(change_url(mine))
    data = form_data(page, form_id="project_form")
    # the report is headed by its project and month; the new row by the month it is for
    html = page.content.decode()
    assert f"SUF-01 — {report.period:%B %Y}" in html
    assert f"new, for {month_start(timezone.localdate()):%B %Y}" in html
    assert 'Monthly report:</b> <span class="inline_label">#' not in html

    # when the lead corrects its commentary on the project page
    set_field(data, f"{inline_row(data, 'reports', report.pk)}-commentary", "Corrected.")
    response = client.post(change_url(mine), data)

    # then the report names them as its submitter, as its history does
    assert response.status_code == 302, response.context["errors"]
    report.refresh_from_db()
    assert report.commentary == "Corrected."
    assert report.submitted_by == user
    assert report.submitted_at is not None
    assert report.history.latest().history_user == user
    listed = client.get(reverse("admin:projects_statusreport_changelist")).content.decode()
    assert user.username in listed or user.get_full_name() in listed


def test_a_lead_types_a_milestones_forecast_as_day_month_and_year(lead, projects):
    # given the project page as the lead's browser receives it
    user, _ = lead
    mine, _ = projects
    milestone = mine.milestones.get()
    client = client_for(user)
    page = client.get(change_url(mine))
    data = form_data(page, form_id="project_form")
    row = inline_row(data, "milestones", milestone.pk)
    # the agreed baseline, 1 March 2026, is shown in day, month and year boxes
    assert [data[f"{row}-baseline_date_{part}"] for part in ("day", "month", "year")] == [
        ["1"],
        ["3"],
        ["2026"],
    ]
    assert 'role="group" aria-label="Forecast date"' in page.content.decode()

    # when they leave out the month of the forecast, the page says so and saves nothing
    data[f"{row}-forecast_date_day"] = ["27"]
    data[f"{row}-forecast_date_year"] = ["2026"]
    response = client.post(change_url(mine), data)
    assert response.status_code == 200
    assert "Forecast date must include a month" in response.text
    milestone.refresh_from_db()
    assert milestone.forecast_date is None

    # when they add it as a word, it is taken
    data[f"{row}-forecast_date_month"] = ["April"]
    response = client.post(change_url(mine), data)
    assert response.status_code == 302, response.context["errors"]
    milestone.refresh_from_db()
    assert milestone.forecast_date == date(2026, 4, 27)
