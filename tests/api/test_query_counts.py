"""Every API list asks the database the same number of questions however many rows it holds,
as JSON and as a file. The lists come from the API's own router, so a new resource cannot
escape the check."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sendtrack.api.urls import router
from tests.admin.test_query_counts import FACTORIES

from .conftest import token_client

pytestmark = pytest.mark.django_db

RESOURCES = sorted((prefix, viewset) for prefix, viewset, _ in router.registry)
# Each list in every format it offers (published snapshots are nested: JSON only).
LISTS = [
    (prefix, viewset, fmt)
    for prefix, viewset in RESOURCES
    for fmt in ("json", "csv")
    if fmt in {renderer.format for renderer in viewset.renderer_classes}
]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(context.captured_queries)


def test_every_resource_has_a_factory_for_these_checks():
    assert [p for p, viewset in RESOURCES if viewset.queryset.model not in FACTORIES] == []


@pytest.mark.parametrize(
    ("prefix", "viewset", "fmt"), LISTS, ids=[f"{p}-{fmt}" for p, _, fmt in LISTS]
)
def test_each_list_asks_the_same_number_of_queries_at_2_and_12_rows(pmo, prefix, viewset, fmt):
    client = token_client(pmo)
    url = f"/api/v1/{prefix}/?format={fmt}"
    factory = FACTORIES[viewset.queryset.model]
    factory.create_batch(2)
    client.get(url)  # the first call fills process-wide caches (content types)
    small = _queries(client, url)
    factory.create_batch(10)

    assert _queries(client, url) == small


@pytest.mark.parametrize(("prefix", "viewset"), RESOURCES, ids=[p for p, _ in RESOURCES])
def test_each_record_is_read_in_a_fixed_number_of_queries(pmo, prefix, viewset):
    client = token_client(pmo)
    record = FACTORIES[viewset.queryset.model]()
    # Most resources are addressed by id; the areas by their number.
    url = f"/api/v1/{prefix}/{getattr(record, viewset.lookup_field)}/"
    client.get(url)

    # (one of them the data's version, which the answer's validator is made from)
    assert _queries(client, url) <= 9
