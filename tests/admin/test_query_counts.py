"""Every officers' list and every page with inline rows asks the database the same number of
questions however many rows it shows. The lists come from the admin's own registry, so a new
model's admin cannot escape the check."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f

from .conftest import client_for

pytestmark = pytest.mark.django_db

FACTORIES = {
    factory._meta.model: factory
    for factory in vars(f).values()
    if isinstance(factory, type)
    and issubclass(factory, f.factory.django.DjangoModelFactory)
    and factory is not f.UserFactory
}
PROGRAMME_MODELS = sorted(
    (
        m
        for m in admin.site._registry
        if m._meta.app_label in {"governance", "projects", "indicators", "sendtrack"}
    ),
    key=lambda model: model._meta.label,
)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_every_programme_model_has_a_factory_for_these_checks():
    assert [m for m in PROGRAMME_MODELS if m not in FACTORIES] == []


@pytest.mark.parametrize("model", PROGRAMME_MODELS, ids=lambda m: m._meta.label)
def test_each_list_asks_the_same_number_of_queries_at_2_and_12_rows(model):
    client = client_for(f.UserFactory(username="admin", is_superuser=True))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    FACTORIES[model].create_batch(2)
    client.get(url)  # the first visit fills process-wide caches (content types)
    small = _queries(client, url)
    FACTORIES[model].create_batch(10)

    assert _queries(client, url) == small


# Pages whose inline rows grow with the data: the parent and how to add a child to it.
INLINE_PAGES = {
    "governance.Body": lambda body: f.MembershipFactory(body=body),
    "governance.Meeting": lambda meeting: f.InformationRequestFactory(meeting=meeting),
    "governance.Inspection": lambda inspection: f.AreaOfWeaknessFactory(
        inspection=inspection, number=inspection.areas_of_weakness.count() + 1
    ),
    "governance.AreaOfWeakness": lambda area: f.AreaAssessmentFactory(
        area=area, assessed_on=f.date(2024, 1, area.assessments.count() + 1)
    ),
    "governance.PlanAction": lambda action: f.PlanActionSignOffFactory(plan_action=action),
    "indicators.CouncilArea": lambda council: f.StatisticalNeighbourFactory(council=council),
    "indicators.ImportRun": lambda run: f.StatisticRevisionFactory(run=run),
}


@pytest.mark.parametrize("label", sorted(INLINE_PAGES))
def test_each_page_with_inline_rows_asks_the_same_number_of_queries(label):
    client = client_for(f.UserFactory(username="admin", is_superuser=True))
    model = next(m for m in PROGRAMME_MODELS if m._meta.label == label)
    parent = FACTORIES[model]()
    add_child = INLINE_PAGES[label]
    url = reverse(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[parent.pk]
    )
    add_child(parent)
    client.get(url)  # the first visit fills process-wide caches (content types)
    small = _queries(client, url)
    for _ in range(5):
        add_child(parent)

    assert _queries(client, url) == small
