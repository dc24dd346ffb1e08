"""The local area's partner organisations: each person belongs to one, projects, risks and
indicators have a lead organisation, every API list and the dashboards filter by it, and the
bodies list their members by organisation."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from governance.models import Inspection, Organisation, Person
from projects.models import Project, Risk
from sendtrack.api.urls import router
from tests import factories as f
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db

COUNCIL = "Test County Council"


@pytest.fixture
def pmo(db):
    return f.pmo_user(username="pmo")


@pytest.fixture
def director(db):
    return f.director_user(username="director")


@pytest.fixture
def lead(db):
    user = f.lead_user(username="lead")
    return user, f.PersonFactory(user=user)


@pytest.fixture
def icb(db) -> Organisation:
    return f.OrganisationFactory(
        name="NHS Kent and Medway Integrated Care Board",
        short_name="NHS Kent and Medway ICB",
        kind=Organisation.Kind.HEALTH,
    )


def _person(org: Organisation) -> Person:
    return f.PersonFactory(organisation=org)


def _project(org: Organisation) -> Project:
    return f.ProjectFactory(lead=_person(org))


def _indicator(org: Organisation):
    return f.IndicatorFactory(owner=_person(org))


def _body(org: Organisation):
    return f.BodyFactory(organisation=org)


def _sign_off(org: Organisation):
    from governance.models import PlanAction
    from governance.services import plan_action_sign_off

    lead = f.OrganisationFactory(name=COUNCIL, kind=Organisation.Kind.COUNCIL)
    other = org if org != lead else f.OrganisationFactory(name="Another partner")
    action = f.PlanActionFactory(
        organisation=lead,
        status=PlanAction.Status.COMPLETE,
        completed_on=date(2025, 1, 10),
    )
    action.co_owners.add(other)
    return plan_action_sign_off(
        action=action, person=_person(org), statement="Done.", user=f.pmo_user()
    )


# For each list with an ``organisation`` filter: a record that belongs to the given
# organisation (through its own lead organisation, its parent's, or its lead's).
RECORDS = {
    "projects": _project,
    "risks": lambda org: f.RiskFactory(
        owner=_person(org), project=None, level=Risk.Level.PARTNERSHIP
    ),
    "milestones": lambda org: f.MilestoneFactory(project=_project(org)),
    "status-reports": lambda org: f.StatusReportFactory(project=_project(org)),
    "workstreams": lambda org: f.WorkstreamFactory(director=_person(org)),
    "indicators": _indicator,
    "measurements": lambda org: f.MeasurementFactory(indicator=_indicator(org)),
    "targets": lambda org: f.TargetFactory(indicator=_indicator(org)),
    "benchmarks": lambda org: f.BenchmarkFactory(indicator=_indicator(org)),
    "bodies": _body,
    "meetings": lambda org: f.MeetingFactory(body=_body(org)),
    "agenda-items": lambda org: f.AgendaItemFactory(meeting=f.MeetingFactory(body=_body(org))),
    "decisions": lambda org: f.DecisionFactory(meeting=f.MeetingFactory(body=_body(org))),
    "board-actions": lambda org: f.BoardActionFactory(owner=_person(org)),
    "benefits": lambda org: f.BenefitFactory(project=_project(org)),
    "information-requests": lambda org: f.InformationRequestFactory(requested_of=_person(org)),
    "areas-of-weakness": lambda org: f.AreaOfWeaknessFactory(lead=_person(org)),
    # the current inspection's areas only
    "areas": lambda org: f.AreaOfWeaknessFactory(
        lead=_person(org), inspection=Inspection.objects.first() or f.InspectionFactory()
    ),
    "plan-actions": lambda org: f.PlanActionFactory(lead=_person(org)),
    "plan-action-sign-offs": lambda org: _sign_off(org),
    "evidence": lambda org: f.EvidenceItemFactory(
        plan_action=None, area=f.AreaOfWeaknessFactory(lead=_person(org))
    ),
}
# Lists that are not about a partner's records: the organisations themselves, the published
# summaries (the whole local area's) and the statistics imports.
# Families' voice belongs to the partnership as a whole, not to one of its organisations.
NOT_BY_ORGANISATION = {
    "organisations",
    "publications",
    "official-statistics/imports",
    "you-said-we-did",
}


def test_every_list_but_the_partnership_wide_ones_filters_by_organisation():
    prefixes = {prefix for prefix, _, _ in router.registry}

    assert prefixes - NOT_BY_ORGANISATION == set(RECORDS)
    for prefix, viewset, _ in router.registry:
        if prefix in RECORDS:
            assert "organisation" in viewset.filterset_class.base_filters, prefix


@pytest.mark.parametrize("prefix", sorted(RECORDS))
def test_each_list_shows_only_the_chosen_organisations_records(pmo, icb, prefix):
    council = f.OrganisationFactory(name=COUNCIL, kind=Organisation.Kind.COUNCIL)
    ours, theirs = RECORDS[prefix](council), RECORDS[prefix](icb)
    key = "number" if prefix == "areas" else "id"
    client = token_client(pmo)

    answer = client.get(f"/api/v1/{prefix}/", {"organisation": icb.pk})

    assert answer.status_code == 200, answer.content[:300]
    shown = {row[key] for row in answer.json()["results"]}
    assert getattr(theirs, key) in shown
    assert getattr(ours, key) not in shown


def test_an_unknown_organisation_is_refused_with_the_fields_name(pmo):
    answer = token_client(pmo).get("/api/v1/projects/", {"organisation": 99999})

    assert answer.status_code == 400
    assert "organisation" in answer.content.decode()


def test_the_schema_offers_the_organisation_filter_and_the_organisations_list(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    for prefix in ("projects", "risks", "indicators", "measurements", "bodies", "plan-actions"):
        names = {p["name"] for p in schema["paths"][f"/api/v1/{prefix}/"]["get"]["parameters"]}
        assert "organisation" in names, prefix
    kinds = schema["paths"]["/api/v1/organisations/"]["get"]["parameters"]
    assert "kind" in {p["name"] for p in kinds}
    assert "organisation" in schema["components"]["schemas"]["Project"]["properties"]


def test_the_organisations_list_names_each_partner_and_filters_by_kind(lead, icb):
    f.OrganisationFactory(name="Kent Parents and Carers Together", kind="parent_carer")
    client = token_client(lead[0])

    everyone = client.get("/api/v1/organisations/").json()["results"]
    health = client.get("/api/v1/organisations/", {"kind": "health"}).json()["results"]

    assert {o["name"] for o in everyone} >= {icb.name, "Kent Parents and Carers Together"}
    assert health == [
        {
            "id": icb.pk,
            "name": icb.name,
            "short_name": "NHS Kent and Medway ICB",
            "kind": "health",
            "website": "",
        }
    ]


@pytest.mark.parametrize("size", [2, 12])
def test_the_organisations_list_asks_a_fixed_number_of_queries(
    pmo, django_assert_num_queries, size
):
    f.OrganisationFactory.create_batch(size)
    client = token_client(pmo)
    client.get("/api/v1/organisations/")

    # the token and its user, the user's permissions, the page's count and its rows
    with django_assert_num_queries(6):
        answer = client.get("/api/v1/organisations/")
    assert answer.json()["count"] == size


def test_a_project_is_led_by_the_organisation_chosen_through_the_api(pmo, icb):
    project = f.ProjectFactory()
    client = token_client(pmo)

    answer = client.patch(
        f"/api/v1/projects/{project.pk}/", {"organisation": icb.pk}, format="json"
    )

    assert answer.status_code == 200, answer.content
    project.refresh_from_db()
    assert project.organisation == icb
    assert answer.json()["organisation"] == icb.pk


def test_new_people_and_records_belong_to_the_council_unless_told_otherwise(settings):
    settings.SENDTRACK_COUNCIL = "Testshire County Council"

    person = Person.objects.create(name="New Officer")
    council = Organisation.objects.get(name="Testshire County Council")

    assert person.organisation == council
    assert council.kind == Organisation.Kind.COUNCIL
    assert Person.objects.create(name="Another").organisation == council


def test_the_council_already_recorded_is_the_default(icb):
    council = f.OrganisationFactory(name=COUNCIL, kind=Organisation.Kind.COUNCIL)

    assert Person.objects.create(name="New Officer").organisation == council


def test_the_dashboards_filter_by_lead_organisation(director, icb):
    council = f.OrganisationFactory(name=COUNCIL, kind=Organisation.Kind.COUNCIL)
    ours = f.ProjectFactory(code="KCC-01", lead=_person(council))
    theirs = f.ProjectFactory(code="ICB-01", lead=_person(icb))
    for project, title in ((theirs, "Therapy waits"), (ours, "Tribunal backlog")):
        f.RiskFactory(project=project, owner=project.lead, title=title, likelihood=4, impact=5)
    client = Client()
    client.force_login(director)

    page = client.get("/", {"organisation": icb.pk}).content.decode()

    assert "Therapy waits" in page  # the ICB's project's red risk
    assert "Tribunal backlog" not in page
    assert "Lead organisation" in page
    assert f'value="{icb.pk}" selected' in page
    for url in ("/performance/", "/operational/", "/data-quality/"):
        assert client.get(url, {"organisation": icb.pk}).status_code == 200


def test_a_bodys_page_lists_members_by_organisation_in_fixed_queries(pmo, icb):
    council = f.OrganisationFactory(name=COUNCIL, kind=Organisation.Kind.COUNCIL)
    body = f.BodyFactory(name="Partnership Delivery Group", organisation=council)

    def add_members(first: int, count: int) -> None:
        for n in range(first, first + count):
            f.MembershipFactory(
                body=body, person=f.PersonFactory(name=f"Zed {n}", organisation=icb)
            )
            f.MembershipFactory(
                body=body, person=f.PersonFactory(name=f"Amy {n}", organisation=council)
            )

    client = Client()
    client.force_login(pmo)
    url = f"/admin/governance/body/{body.pk}/change/"
    add_members(0, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add_members(1, 5)

    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()

    # Grouped by organisation: the ICB's members ("NHS ...") before the council's ("Test ...").
    assert page.index("Zed 5") < page.index("Amy 0")
    assert page.count("NHS Kent and Medway ICB") >= 6
    assert len(large) == len(small)


def test_risks_of_a_project_follow_their_own_lead_organisation(pmo, icb):
    project = f.ProjectFactory()
    risk = f.RiskFactory(project=project, owner=project.lead, organisation=icb)

    shown = token_client(pmo).get("/api/v1/risks/", {"organisation": icb.pk}).json()["results"]

    assert [row["id"] for row in shown] == [risk.pk]
    assert Risk.objects.get(pk=risk.pk).organisation == icb
    assert project.organisation != icb


def test_the_demo_puts_each_person_in_a_partner_the_papers_name(db):
    from sendtrack.demo.people import ICB, KCC, PACT, load_people

    orgs, people = load_people()

    assert orgs[KCC].kind == Organisation.Kind.COUNCIL
    assert orgs[ICB].kind == Organisation.Kind.HEALTH
    assert orgs[PACT].kind == Organisation.Kind.PARENT_CARER
    assert orgs["Kent Special Educational Needs Trust"].kind == Organisation.Kind.EDUCATION
    assert people["Imran Hussain"].organisation == orgs[ICB]
    assert people["Sophie Turner"].organisation == orgs[PACT]
    assert people["Sophie Turner"].is_demo  # invented: the papers name nobody from the forum
    assert people["Sarah Hammond"].organisation == orgs[KCC]
