"""On the demo data, an analyst with a token fetches every monthly report, in every format, for
any month the demo covers; and every list opens for every role."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from projects.models import StatusReport
from projects.selectors import month_add
from sendtrack.api.urls import router

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

REPORTS = ["milestones", "risks", "kpis", "programme"]


@pytest.fixture
def analyst():
    """The demo's director login, through the API token ``load_demo`` prints."""
    out = StringIO()
    call_command("load_demo", "--as-of", "2026-11-24", stdout=out)
    key = out.getvalue().split("Authorization: Token ")[1].split()[0]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert Token.objects.get(key=key).user.username == "director"
    return client


def test_every_report_opens_for_every_month_of_the_demo(analyst):
    first = StatusReport.objects.order_by("period").first().period
    month, failures, checked = first, [], 0
    while month <= month_add(first, 60):
        for report in REPORTS:
            response = analyst.get(f"/api/v1/reports/{report}/?period={month:%Y-%m}")
            checked += 1
            if response.status_code != 200 or response.json()["period"] != f"{month:%Y-%m}":
                failures.append((report, month, response.status_code))
        month = month_add(month, 1)

    assert failures == []
    assert checked > 100


def test_the_latest_complete_months_reports_come_in_each_format_with_rows(analyst):
    for report in REPORTS:
        as_json = analyst.get(f"/api/v1/reports/{report}/")
        as_csv = analyst.get(f"/api/v1/reports/{report}/?format=csv")
        as_xlsx = analyst.get(f"/api/v1/reports/{report}/?format=xlsx")

        assert as_json.json()["count"] > 0, report
        lines = as_csv.content.decode("utf-8-sig").splitlines()
        assert len(lines) == as_json.json()["count"] + 1, report
        assert (as_xlsx.status_code, as_xlsx.content[:2]) == (200, b"PK"), report


def test_every_list_opens_on_the_demo_for_each_role(analyst):
    for username in ["lead", "pmo", "director", "admin"]:
        client = APIClient()
        client.force_authenticate(get_user_model().objects.get(username=username))
        statuses = {
            prefix: client.get(f"/api/v1/{prefix}/").status_code for prefix, _, _ in router.registry
        }

        # Leads read neither members' requests, the official statistics imports, the areas'
        # assurance and evidence, nor the sign-offs of jointly owned actions.
        forbidden = (
            {
                "information-requests",
                "official-statistics/imports",
                "areas",
                "evidence",
                "plan-action-sign-offs",
            }
            if username == "lead"
            else set()
        )
        assert {p for p, status in statuses.items() if status == 403} == forbidden, username
        assert {p for p, status in statuses.items() if status not in (200, 403)} == set()
