"""The programme office imports a messy spreadsheet in the admin, in real Chromium: the dry
run lists each problem by sheet, row and column in an accessible table; the corrected file is
previewed, confirmed and imported."""

from __future__ import annotations

import pytest

from indicators.models import Measurement
from tests.spreadsheets.conftest import programme  # noqa: F401 - the fixture
from tests.spreadsheets.test_messy_spreadsheet import messy_workbook

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _choose(page, content) -> None:
    page.get_by_label("Spreadsheet").set_input_files(
        files=[{"name": "board.xlsx", "mimeType": XLSX, "buffer": content.getvalue()}]
    )
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_load_state()


def test_a_messy_file_is_reported_then_the_corrected_one_imported(open_page, programme):  # noqa: F811
    page = open_page("/admin/spreadsheets/", user=programme.pmo)
    # when the messy workbook is checked
    _choose(page, messy_workbook())
    # then its problems are listed in a table, row by row, and nothing can be imported
    table = page.get_by_role("table", name="Problems in board.xlsx, by sheet, row and column")
    assert table.get_by_role("row").count() == 1 + 4
    assert table.get_by_role("row", name="Milestones 8 A Project code").is_visible()
    assert page.get_by_role("button", name="Import board.xlsx").count() == 0
    assert axe_violations(page) == []
    # when the corrected workbook is checked, then confirmed
    _choose(page, messy_workbook(corrected=True, spelled_out=True))
    assert page.get_by_role("heading", name="Dry run of board.xlsx: no problems found").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Import board.xlsx").click()
    page.wait_for_load_state()
    # then it is imported, and says so
    assert page.get_by_text("Imported board.xlsx.").is_visible()
    assert Measurement.objects.filter(indicator=programme.indicator).count() == 5
