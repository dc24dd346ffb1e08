"""``/api/v1/benefits/``: the benefits projects declare, with whether each is realised as at
today, worked out by the same selector as the project's page, seen by whoever may see the
project."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from governance.models import Organisation
from indicators.benefits import Realisation
from tests import factories as f

pytestmark = pytest.mark.django_db

URL = "/api/v1/benefits/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def figures(indicator, **values) -> None:
    """Figures by month of 2026: ``m9="55"`` is September's."""
    for month, value in values.items():
        f.MeasurementFactory(
            indicator=indicator, period=date(2026, int(month[1:]), 1), value=Decimal(value)
        )


@pytest.fixture
def lead():
    user = f.lead_user(username="lead")
    return user, f.PersonFactory(user=user, name="Priya Shah")


@pytest.fixture
def benefits(lead, on_4_december_2026):
    """One project of the lead's with a benefit of each kind, and another lead's project."""
    project = f.ProjectFactory(code="SUF-01", lead=lead[1])
    realised, emerging, silent = (f.IndicatorFactory() for _ in range(3))
    figures(realised, m9="62", m10="65")
    figures(emerging, m10="45")  # one better figure, not yet sustained
    figures(silent, m5="70")  # before the baseline: does not count
    return {
        "realised": f.BenefitFactory(project=project, indicator=realised),
        "emerging": f.BenefitFactory(project=project, indicator=emerging),
        # no figure since the baseline, and the date it should show has passed
        "overdue": f.BenefitFactory(
            project=project, indicator=silent, expected_by=date(2026, 11, 30)
        ),
        "other": f.BenefitFactory(project=f.ProjectFactory(code="INC-01")),
    }


def rows(response) -> dict[int, dict]:
    assert response.status_code == 200, response.content[:300]
    return {row["id"]: row for row in response.json()["results"]}


def test_the_realisation_is_what_the_project_page_shows(lead, benefits):
    client = signed_in(lead[0])
    page = client.get("/projects/SUF-01/")
    assert page.status_code == 200
    shown = {
        b.pk: (b.realisation, b.realisation_label, b.overdue) for b in page.context["benefits"]
    }

    listed = rows(client.get(URL, {"project": benefits["realised"].project_id}))

    assert {
        pk: (r["realisation"], r["realisation_label"], r["overdue"]) for pk, r in listed.items()
    } == shown
    assert shown[benefits["realised"].pk][0] == Realisation.REALISED
    assert shown[benefits["emerging"].pk][0] == Realisation.EMERGING
    assert shown[benefits["overdue"].pk] == (Realisation.NO_DATA, "No data", True)
    # and one benefit's own address says the same
    one = client.get(f"{URL}{benefits['emerging'].pk}/").json()
    assert (one["realisation"], one["realisation_label"], one["overdue"]) == shown[
        benefits["emerging"].pk
    ]


def test_a_benefit_carries_its_project_indicator_and_figures(lead, benefits):
    item = benefits["realised"]
    row = signed_in(lead[0]).get(f"{URL}{item.pk}/").json()

    assert row == {
        "id": item.pk,
        "project": item.project_id,
        "project_code": "SUF-01",
        "project_title": item.project.title,
        "description": item.description,
        "beneficiary": "families",
        "beneficiary_label": "Children and families",
        "indicator": item.indicator_id,
        "indicator_code": item.indicator.code,
        "indicator_title": item.indicator.title,
        "baseline": 40.0,
        "baseline_date": "2026-06-01",
        "target": 60.0,
        "expected_by": "2027-03-31",
        "realisation": "realised",
        "realisation_label": "Realised",
        "overdue": False,
        "is_demo": False,
    }


def test_a_lead_sees_only_their_own_projects_benefits(lead, benefits):
    client = signed_in(lead[0])

    listed = rows(client.get(URL))

    assert set(listed) == {benefits[k].pk for k in ("realised", "emerging", "overdue")}
    assert client.get(f"{URL}{benefits['other'].pk}/").status_code == 404
    assert client.get(f"{URL}{benefits['other'].pk}/history/").status_code == 404


def test_a_partner_officer_sees_only_their_organisations_projects_benefits(on_4_december_2026):
    icb = f.OrganisationFactory(name="NHS ICB", kind=Organisation.Kind.HEALTH)
    council = f.OrganisationFactory(name="County Council", kind=Organisation.Kind.COUNCIL)
    officer = f.partner_user(username="icb")
    f.PersonFactory(user=officer, organisation=icb)
    led = f.BenefitFactory(project=f.ProjectFactory(organisation=icb))
    co_owned = f.BenefitFactory(project=f.ProjectFactory(organisation=council))
    co_owned.project.co_owners.add(icb)
    councils = f.BenefitFactory(project=f.ProjectFactory(organisation=council))
    client = signed_in(officer)

    assert set(rows(client.get(URL))) == {led.pk, co_owned.pk}
    assert set(rows(client.get(URL, {"organisation": icb.pk}))) == {led.pk}
    assert client.get(f"{URL}{councils.pk}/").status_code == 404


def test_the_office_and_directors_see_every_benefit_and_scrutiny_members_none(benefits):
    for user in (f.pmo_user(username="pmo"), f.director_user(username="director")):
        assert set(rows(signed_in(user).get(URL))) == {b.pk for b in benefits.values()}
    assert signed_in(f.scrutiny_user(username="member")).get(URL).status_code == 403
    assert Client().get(URL).status_code == 401


def test_filters_on_the_records_and_on_the_realisation(benefits):
    client = signed_in(f.pmo_user(username="pmo"))
    other = benefits["other"]

    assert set(rows(client.get(URL, {"workstream": other.project.workstream_id}))) == {other.pk}
    assert set(rows(client.get(URL, {"indicator": other.indicator_id}))) == {other.pk}
    assert len(rows(client.get(URL, {"beneficiary": "council"}))) == 0
    realised = client.get(URL, {"realisation": ["realised", "emerging"]})
    assert set(rows(realised)) == {benefits["realised"].pk, benefits["emerging"].pk}
    overdue = client.get(URL, {"overdue": "true"})
    assert set(rows(overdue)) == {benefits["overdue"].pk}
    # a page and its count hold only what matches the derived filters
    paged = client.get(URL, {"overdue": "false", "page_size": 1, "page": 2})
    assert paged.json()["count"] == 3
    assert len(rows(paged)) == 1


@pytest.mark.parametrize(
    "query",
    [{"realised": "yes"}, {"realisation": "done"}, {"overdue": "maybe"}, {"project": ""}],
    ids=["unknown filter", "unknown realisation", "not a yes or no", "empty"],
)
def test_a_filter_it_does_not_understand_is_refused(benefits, query):
    response = signed_in(f.pmo_user(username="pmo")).get(URL, query)

    assert response.status_code == 400


def test_the_list_is_a_file_with_its_header_row(lead, benefits):
    response = signed_in(lead[0]).get(URL, {"format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0][:3] == ["ID", "Project", "Project code"]
    assert "Realisation (in words)" in table[0]
    assert len(table) == 1 + 3


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_list_asks_the_same_number_of_queries_at_2_and_20_benefits(
    django_assert_num_queries, on_4_december_2026, fmt
):
    client = signed_in(f.director_user(username="director"))
    url = f"{URL}?format={fmt}"
    for _ in range(2):
        item = f.BenefitFactory()
        figures(item.indicator, m9="55", m10="61")
    client.get(url)  # the first call fills process-wide caches (content types)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for _ in range(18):
        item = f.BenefitFactory()
        figures(item.indicator, m9="55", m10="61")

    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
