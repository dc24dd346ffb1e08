"""The spreadsheet pages in the admin: upload, dry-run report, confirm; template; export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from indicators.models import Measurement
from tests.spreadsheets.conftest import sheet_rows, workbook

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client: Client, content, name: str = "figures.xlsx"):
    data = content if isinstance(content, bytes) else content.getvalue()
    return client.post(
        reverse("spreadsheet-import"), {"file": SimpleUploadedFile(name, data, XLSX)}
    )


def _figures(*rows) -> object:
    return workbook({"KPI figures": [["Indicator code", "Month", "Value"], *rows]})


def test_the_dry_run_shows_what_would_change_and_confirming_imports_it(programme):
    client = _client(programme.lead)
    # when a lead uploads a figure for their indicator
    response = _upload(client, _figures(["KPI-01", "October 2026", 66]))
    # then the page says what would change and writes nothing yet
    page = response.content.decode()
    assert response.status_code == 200
    assert "no problems found" in page
    assert "KPI-01 figure for October 2026 added" in page
    assert not Measurement.objects.filter(period=date(2026, 10, 1)).exists()
    # when they confirm, the figure is recorded as entered by them
    response = client.post(
        reverse("spreadsheet-import-confirm"), {"token": response.context["token"]}, follow=True
    )
    assert "Imported figures.xlsx. KPI figures: 1 added, 0 changed" in response.content.decode()
    figure = Measurement.objects.get(period=date(2026, 10, 1))
    assert figure.entered_by == programme.lead
    # and confirming a second time does nothing more
    response = client.post(reverse("spreadsheet-import-confirm"), {"token": "x"}, follow=True)
    assert "That upload has expired" in response.content.decode()
    assert Measurement.objects.filter(period=date(2026, 10, 1)).count() == 1


def test_problems_are_listed_by_sheet_row_and_column_and_nothing_can_be_confirmed(programme):
    response = _upload(
        _client(programme.pmo),
        _figures(["KPI-01", "October 2026", 66], ["KPI-09", "13/2026", "lots"]),
    )
    page = response.content.decode()
    assert "was not imported: 3 problems to fix" in page
    assert "<caption>Problems in figures.xlsx, by sheet, row and column</caption>" in page
    assert "<td>KPI figures</td><td>3</td><td>A Indicator code</td>" in page
    assert "No indicator has the code “KPI-09”." in page
    assert "“13/2026” is not a month." in page
    assert 'name="token"' not in page
    assert not Measurement.objects.filter(period=date(2026, 10, 1)).exists()


def test_a_file_that_is_not_a_spreadsheet_is_a_form_error(programme):
    response = _upload(_client(programme.pmo), b"hello", name="notes.txt")
    assert "Choose an Excel workbook (.xlsx) or a CSV file (.csv)." in response.content.decode()


def test_a_director_may_not_import_but_may_export_what_they_read(programme):
    client = _client(programme.director)
    assert client.get(reverse("spreadsheet-import")).status_code == 403
    assert _upload(client, _figures(["KPI-01", "October 2026", 66])).status_code == 403
    response = client.get(reverse("spreadsheet-export"))
    assert response.status_code == 200
    assert [row[0] for row in sheet_rows(response.content, "Projects")[1:]] == [
        "SUF-01",
        "SUF-02",
    ]


def test_a_leads_export_holds_only_their_own_records(programme):
    response = _client(programme.lead).get(reverse("spreadsheet-export"))
    assert [row[0] for row in sheet_rows(response.content, "Projects")[1:]] == ["SUF-01"]
    assert [row[0] for row in sheet_rows(response.content, "KPI figures")[1:]] == ["KPI-01"]


def test_the_template_downloads_from_the_admin(programme):
    response = _client(programme.lead).get(reverse("spreadsheet-template"))
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    assert sheet_rows(response.content, "Milestones")[0][:2] == ["Project code", "Milestone"]


def test_signed_out_visitors_are_sent_to_the_admin_login(db):
    response = Client().get(reverse("spreadsheet-import"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_project_list_links_to_the_import(programme):
    page = _client(programme.pmo).get(reverse("admin:projects_project_changelist"))
    assert reverse("spreadsheet-import") in page.content.decode()


def test_a_second_upload_replaces_the_first_unconfirmed_one(programme, settings):
    client = _client(programme.pmo)
    first = _upload(client, _figures(["KPI-01", "October 2026", 66])).context["token"]
    second = _upload(client, _figures(["KPI-01", "November 2026", 67])).context["token"]
    pending = Path(settings.MEDIA_ROOT) / "spreadsheet-imports"
    assert sorted(p.name for p in pending.iterdir()) == [second]
    response = client.post(reverse("spreadsheet-import-confirm"), {"token": first}, follow=True)
    assert "That upload has expired" in response.content.decode()
