"""A partner officer (an NHS Kent and Medway ICB commissioner) sees and updates only the
records the ICB leads or co-owns, through the admin, the pages and the API; never a record of
the council's alone; signs off jointly owned actions for the ICB only; and their lists keep a
fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.models import PlanActionSignOff
from governance.services import plan_action_sign_off
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_api_lists_only_the_icbs_records(client, records):
    codes = {p["code"] for p in client.get("/api/v1/projects/").json()["results"]}
    assert codes == {"ICB-01", "JNT-01"}
    indicators = {i["code"] for i in client.get("/api/v1/indicators/").json()["results"]}
    assert indicators == {"HW-01"}
    risks = {r["title"] for r in client.get("/api/v1/risks/").json()["results"]}
    assert "Joint risk" in risks
    assert "Council risk" not in risks
    actions = {a["id"] for a in client.get("/api/v1/plan-actions/").json()["results"]}
    assert actions == {records["action"].pk}
    assert client.get(f"/api/v1/projects/{records['council_only'].pk}/").status_code == 404
    assert client.get(f"/api/v1/indicators/{records['council_kpi'].pk}/").status_code == 404
    assert client.get(f"/api/v1/plan-actions/{records['council_action'].pk}/").status_code == 404
    assert client.get(f"/api/v1/risks/{records['council_risk'].pk}/").status_code == 404


def test_the_admin_and_pages_show_only_the_icbs_records(client, records):
    page = client.get("/admin/projects/project/").content.decode()
    assert "ICB-01" in page
    assert "JNT-01" in page
    assert "KCC-01" not in page
    assert (
        client.get(f"/admin/projects/project/{records['council_only'].pk}/change/").status_code
        == 302
    )
    assert client.get("/projects/ICB-01/").status_code == 200
    assert client.get("/projects/KCC-01/").status_code == 404
    assert client.get("/performance/HW-01/").status_code == 200
    assert client.get("/performance/KCC-K1/").status_code == 404
    overview = client.get("/").content.decode()
    assert "KCC-01" not in overview
    actions = client.get("/admin/governance/planaction/").content.decode()
    assert records["action"].reference in actions
    assert records["council_action"].reference not in actions
    search = client.get(
        "/admin/autocomplete/?app_label=projects&model_name=risk&field_name=project&term=KCC"
    )
    assert "KCC-01" not in search.content.decode()
    assert client.get("/assurance/").status_code == 403
    assert client.get("/members/").status_code == 403


def test_updates_its_own_but_never_others_nor_their_owners(client, records, orgs):
    council, icb = orgs
    own = client.patch(
        f"/api/v1/projects/{records['led'].pk}/",
        {"purpose": "Cut waits."},
        content_type="application/json",
    )
    assert own.status_code == 200
    other = client.patch(
        f"/api/v1/projects/{records['council_only'].pk}/",
        {"purpose": "Taken."},
        content_type="application/json",
    )
    assert other.status_code == 404
    give_away = client.patch(
        f"/api/v1/projects/{records['led'].pk}/",
        {"organisation": council.pk},
        content_type="application/json",
    )
    assert give_away.status_code == 403
    take = client.patch(
        f"/api/v1/plan-actions/{records['action'].pk}/",
        {"co_owners": []},
        content_type="application/json",
    )
    assert take.status_code == 403
    progress = client.patch(
        f"/api/v1/plan-actions/{records['action'].pk}/",
        {"evidence_of_completion": "Waits under 18 weeks."},
        content_type="application/json",
    )
    assert progress.status_code == 200
    risk = client.patch(
        f"/api/v1/risks/{records['partnership'].pk}/",
        {"co_owners": []},
        content_type="application/json",
    )
    assert risk.status_code == 403
    records["action"].refresh_from_db()
    assert set(records["action"].co_owners.all()) == {icb}


def test_signs_off_for_the_icb_only_and_withdraws_its_own(client, officer, records, orgs):
    council, icb = orgs
    action = records["action"]
    colleague = f.PersonFactory(organisation=council)
    as_someone_else = client.post(
        "/api/v1/plan-action-sign-offs/",
        {"plan_action": action.pk, "signed_by": colleague.pk, "statement": "Done."},
        content_type="application/json",
    )
    assert as_someone_else.status_code == 403
    signed = client.post(
        "/api/v1/plan-action-sign-offs/",
        {"plan_action": action.pk, "signed_by": officer[1].pk, "statement": "Done."},
        content_type="application/json",
    )
    assert signed.status_code == 201, signed.content
    assert signed.json()["organisation"] == icb.pk
    council_sign_off = plan_action_sign_off(
        action=action, person=colleague, statement="Done.", user=f.pmo_user()
    )
    refused = client.post(
        f"/api/v1/plan-action-sign-offs/{council_sign_off.pk}/withdraw/",
        {"withdrawal_reason": "No."},
        content_type="application/json",
    )
    assert refused.status_code == 403
    withdrawn = client.post(
        f"/api/v1/plan-action-sign-offs/{signed.json()['id']}/withdraw/",
        {"withdrawal_reason": "Waits rose again."},
        content_type="application/json",
    )
    assert withdrawn.status_code == 200
    assert PlanActionSignOff.objects.get(pk=council_sign_off.pk).withdrawn_at is None
    # through the admin too: the sign-off is recorded by the same service
    page = client.post(
        "/admin/governance/planactionsignoff/add/",
        {"plan_action": action.pk, "signed_by": officer[1].pk, "statement": "Done again."},
    )
    assert page.status_code == 302
    assert PlanActionSignOff.objects.standing().filter(organisation=icb).count() == 1


def _more_records(council, icb, n: int) -> None:
    for _ in range(n):
        project = f.ProjectFactory(organisation=council)
        project.co_owners.add(icb)
        f.ProjectFactory(organisation=council)
        f.IndicatorFactory(organisation=icb)
        action = f.PlanActionFactory(organisation=icb)
        action.co_owners.add(council)


def _queries(client) -> dict[str, int]:
    counts = {}
    for url in ("/api/v1/projects/", "/api/v1/indicators/", "/api/v1/plan-actions/"):
        client.get(url)  # the site's caches warmed
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries)
    return counts


def test_the_lists_are_a_fixed_number_of_queries(client, orgs):
    council, icb = orgs
    _more_records(council, icb, 2)
    small = _queries(client)
    _more_records(council, icb, 8)
    assert _queries(client) == small
