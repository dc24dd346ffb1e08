"""Two officers editing the same monthly report at once, each in their own browser: the second
save is refused, naming who saved first and when, and the first officer's words stand."""

from __future__ import annotations

import re

import pytest

from projects.models import StatusReport
from tests import factories as f

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_the_second_of_two_browsers_saving_one_report_is_refused(open_page):
    # given Hannah and Sam open the same report, each in a browser of their own
    report = f.StatusReportFactory(commentary="As filed.")
    hannah = f.pmo_user(username="hannah", first_name="Hannah", last_name="Okafor")
    sam = f.pmo_user(username="sam", first_name="Sam", last_name="Ellis")
    path = f"/admin/projects/statusreport/{report.pk}/change/"
    hannahs, sams = open_page(path, user=hannah), open_page(path, user=sam)
    for page in (hannahs, sams):
        page.set_default_timeout(5000)

    # when Hannah saves her commentary
    hannahs.get_by_label("Commentary").fill("Hannah's update.")
    with hannahs.expect_navigation():
        hannahs.get_by_role("button", name="Save", exact=True).click()
    assert hannahs.locator(".messagelist .success").count() == 1

    # and Sam then saves his, from the page he opened before
    sams.get_by_label("Commentary").fill("Sam's update.")
    with sams.expect_navigation():
        sams.get_by_role("button", name="Save", exact=True).click()

    # then Sam is told who changed it and when, his words are kept on his page, not saved
    summary = sams.get_by_role("alert").filter(has_text="There is a problem")
    assert re.search(
        r"changed by Hannah Okafor at \d\d:\d\d on \d{1,2} \w+ \d{4}", summary.inner_text()
    )
    assert sams.get_by_label("Commentary").input_value() == "Sam's update."
    assert StatusReport.objects.get(pk=report.pk).commentary == "Hannah's update."
    assert axe_violations(sams) == []
