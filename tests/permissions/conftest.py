"""The partnership's records as a partner officer (Rachel Kim, an NHS Kent and Medway ICB
commissioner) meets them: some the ICB leads, some it co-owns with the council, and some the
council's alone."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from governance.models import Organisation, PlanAction
from projects.models import Risk
from tests import factories as f

ICB = "NHS Kent and Medway Integrated Care Board"


@pytest.fixture
def orgs():
    council = f.OrganisationFactory(name="Kent County Council", kind=Organisation.Kind.COUNCIL)
    icb = f.OrganisationFactory(name=ICB, kind=Organisation.Kind.HEALTH)
    return council, icb


@pytest.fixture
def officer(orgs):
    user = f.partner_user(username="icb")
    person = f.PersonFactory(user=user, organisation=orgs[1], name="Rachel Kim")
    return user, person


@pytest.fixture
def records(orgs):
    council, icb = orgs
    led = f.ProjectFactory(code="ICB-01", organisation=icb)
    co_owned = f.ProjectFactory(code="JNT-01", organisation=council)
    co_owned.co_owners.add(icb)
    council_only = f.ProjectFactory(code="KCC-01", organisation=council)
    waits = f.IndicatorFactory(code="HW-01", organisation=icb)
    council_kpi = f.IndicatorFactory(code="KCC-K1", organisation=council)
    partnership = f.RiskFactory(
        project=None, level=Risk.Level.PARTNERSHIP, organisation=council, title="Joint risk"
    )
    partnership.co_owners.add(icb)
    council_risk = f.RiskFactory(
        project=None, level=Risk.Level.PARTNERSHIP, organisation=council, title="Council risk"
    )
    action = f.PlanActionFactory(
        organisation=council, status=PlanAction.Status.COMPLETE, completed_on=date(2025, 1, 10)
    )
    action.co_owners.add(icb)
    council_action = f.PlanActionFactory(organisation=council)
    return {
        "led": led,
        "co_owned": co_owned,
        "council_only": council_only,
        "waits": waits,
        "council_kpi": council_kpi,
        "partnership": partnership,
        "council_risk": council_risk,
        "action": action,
        "council_action": council_action,
    }


@pytest.fixture
def client(officer):
    client = Client()
    client.force_login(officer[0])
    return client
