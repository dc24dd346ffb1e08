"""The admin's official statistics pages: the programme office uploads a release and reads the
run's report; mappings keep their history; directors read and import nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from indicators.models import ImportRun, Measurement, StatisticsMapping
from tests.indicators.official_setup import (
    csv_file,
    fixture_text,
    kent,
    timeliness_mapping,
    with_filters_of_the_old_layout,
)

from .conftest import admin_form_data, client_for

pytestmark = pytest.mark.django_db
UPLOAD = reverse("admin:indicators_importrun_add")


@pytest.fixture
def mapped(db):
    kent()
    return timeliness_mapping()


def test_the_programme_office_uploads_a_release_and_reads_its_report(pmo, mapped):
    client = client_for(pmo)
    page = client.get(UPLOAD)
    assert page.status_code == 200
    assert "Kent (886, E10000016)" in page.content.decode()

    response = client.post(UPLOAD, {"files": [csv_file()], "release": "June 2024"}, follow=True)

    run = ImportRun.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "admin:indicators_importrun_change", args=[run.pk]
    )
    text = response.content.decode()
    assert "June 2024: 10 figures were created, 0 were updated, 0 unchanged" in text
    assert "3 suppressed values skipped" in text
    assert (run.door, run.user) == (ImportRun.Door.ADMIN, pmo)
    assert Measurement.objects.count() == 2


def test_an_admin_dry_run_writes_nothing(pmo, mapped):
    response = client_for(pmo).post(UPLOAD, {"files": [csv_file()], "dry_run": "on"}, follow=True)

    assert "Dry run: nothing was written." in response.content.decode()
    assert "that would change in" in response.content.decode()
    assert not Measurement.objects.exists()


def test_a_bad_upload_lists_each_problem_and_imports_nothing(pmo, mapped):
    bad = fixture_text("timeliness_20_week.csv").replace("\n2023,", "\n2023x,", 1)

    response = client_for(pmo).post(UPLOAD, {"files": [csv_file(bad)]}, follow=True)

    text = response.content.decode()
    assert "Nothing was imported" in text
    assert "timeliness_20_week.csv, row 19, column time_period:" in text
    assert not Measurement.objects.exists()


def test_the_upload_form_asks_for_a_file(pmo, mapped):
    response = client_for(pmo).post(UPLOAD, {"release": "x"})

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_directors_read_runs_but_cannot_upload(director, mapped):
    client = client_for(director)

    assert client.get(UPLOAD).status_code == 403
    assert client.post(UPLOAD, {"files": [csv_file()]}).status_code == 403
    assert client.get(reverse("admin:indicators_importrun_changelist")).status_code == 200
    assert not Measurement.objects.exists()


def test_project_leads_see_no_official_statistics_pages(lead, mapped):
    user, _ = lead

    assert (
        client_for(user).get(reverse("admin:indicators_statisticsmapping_changelist")).status_code
        == 403
    )


def test_the_programme_office_edits_a_mapping_and_the_change_is_kept(pmo, mapped):
    client = client_for(pmo)
    url = reverse("admin:indicators_statisticsmapping_change", args=[mapped.pk])
    data = admin_form_data(client.get(url))
    data["value_column"] = "PC_plans_issued_20_weeks"

    response = client.post(url, data)

    assert response.status_code == 302
    mapped.refresh_from_db()
    assert mapped.value_column == "PC_plans_issued_20_weeks"
    assert mapped.history.count() == 2
    history = client.get(reverse("admin:indicators_statisticsmapping_history", args=[mapped.pk]))
    assert history.status_code == 200


def test_a_mapping_for_a_monthly_indicator_is_refused_in_plain_english(pmo, mapped):
    from tests import factories as f

    monthly = f.IndicatorFactory(frequency="monthly")
    client = client_for(pmo)
    url = reverse("admin:indicators_statisticsmapping_change", args=[mapped.pk])
    data = admin_form_data(client.get(url))
    data["indicator"] = str(monthly.pk)

    response = client.post(url, data)

    assert response.status_code == 200
    assert "choose an annual indicator" in response.content.decode()
    assert StatisticsMapping.objects.get().indicator == mapped.indicator


def test_a_file_cut_short_is_refused_with_its_row_and_changes_nothing(pmo, mapped):
    client = client_for(pmo)
    client.post(UPLOAD, {"files": [csv_file()], "release": "June 2024"})
    before = list(Measurement.objects.values())
    cut = fixture_text("timeliness_20_week.csv").rstrip("\n")
    cut = cut[: cut.rindex(",")]  # the last row's last value lost

    response = client.post(UPLOAD, {"files": [csv_file(cut)], "release": "cut"}, follow=True)

    text = response.content.decode()
    assert "Nothing was imported from cut" in text
    assert (
        "timeliness_20_week.csv, row 35: This row has 17 values where the header has 18 "
        "columns" in text
    )
    assert list(Measurement.objects.values()) == before


def test_a_mapping_reading_rows_the_file_lacks_is_told_what_the_file_holds(pmo, mapped):
    with_filters_of_the_old_layout(mapped)

    response = client_for(pmo).post(UPLOAD, {"files": [csv_file()]}, follow=True)

    text = response.content.decode()
    assert "No row has breakdown_topic “Total” and breakdown “Total”" in text
    assert "breakdown holds “All EHC plans issued” (32 rows), “age 4” (2 rows)" in text
    assert not Measurement.objects.exists()


def test_a_revision_names_its_period_as_the_figure_it_revised(pmo, mapped):
    # given a release imported, then a newer release that revises Kent's 2023 figure
    client = client_for(pmo)
    client.post(UPLOAD, {"files": [csv_file()], "release": "2024"})
    revised = fixture_text("timeliness_20_week.csv").replace(
        "Kent,All EHC plans issued,All EHC plans issued,100,40,40,",
        "Kent,All EHC plans issued,All EHC plans issued,100,62,62.0,",
    )
    assert revised != fixture_text("timeliness_20_week.csv")
    client.post(UPLOAD, {"files": [csv_file(revised)], "release": "2025"})
    run = ImportRun.objects.latest("pk")
    figure = Measurement.objects.get(value=62)

    # when the officer reads the run's report and the list of revisions
    report = client.get(reverse("admin:indicators_importrun_change", args=[run.pk]))
    listed = client.get(reverse("admin:indicators_statisticrevision_changelist"))

    # then each names the period as the revised figure does, with its kind of period
    assert figure.period_type == "calendar_year"
    named = f"<td>{figure.period_label}</td>"
    assert named == "<td>2023 (calendar year)</td>"
    assert named in report.content.decode()
    assert "2023 (calendar year)" in listed.content.decode()
    revision = run.revisions.get(comparator="")
    assert str(revision) == f"{revision.indicator.code} 2023 (calendar year): 40.0000 → 62.0000"
