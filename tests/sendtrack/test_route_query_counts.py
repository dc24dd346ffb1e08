"""Every page and every API list, record and report asks the database the same number of
questions when the programme doubles. The addresses come from the URL configuration
(``tests/routes.py``), so a new page or endpoint is checked the day it is added: one whose
address needs values must say here how to fill them, or be excluded with the reason."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from governance.selectors import current_areas
from indicators.models import Indicator
from sendtrack.publications.models import Publication, PublicationVersion
from tests import factories as f
from tests.admin.test_query_counts import FACTORIES
from tests.dashboards.test_pages import _grow, programme
from tests.routes import Route, routes

pytestmark = pytest.mark.django_db

# Routes not checked here, each with the reason (matched on the start of the path template).
EXCLUDED = {
    "/admin/": "the officers' pages: tests/admin/test_query_counts.py checks every list and "
    "every page with inline rows, from the admin's own registry",
    "/accounts/": "the sign-in and sign-out forms read no programme data",
    "/api/schema/": "the OpenAPI document is built from the code, not the data",
    "/api/docs/": "the API's documentation pages load the schema, not the data",
    "/health/": "asks fixed questions of the database whatever it holds",
    "/favicon.ico": "a redirect to a static file",
    "/publications/<slug:slug>/v<int:number>/pdf/": "serves a stored file",
    "/assurance/packs/<int:pk>/": "serves a stored file",
    "/evidence/": "serves a stored file",
    "/boards/meeting-packs/": "serves a stored file",
    "/boards/papers/": "serves a stored file",
}

AREA = {"rows": [{"number": 3, "title": "Area three", "rating_display": "Some progress"}]}


def _first_version() -> PublicationVersion:
    return PublicationVersion.objects.select_related("publication").order_by("pk").first()


# How to fill the values of each named address that needs them, in the programme built below.
# (A viewset's record address is filled with its first record's key.)
def _area() -> dict:
    return {"number": current_areas().order_by("number").first().number}


def _meeting():
    # a meeting's page at two sizes of agenda and action log: tests/boards/test_meeting_pages.py
    from governance.models import Meeting

    return Meeting.objects.order_by("pk").first() or f.MeetingFactory()


FILLERS = {
    "body-meetings": lambda: {"body_id": _meeting().body_id},
    "meeting": lambda: {"pk": _meeting().pk},
    "meeting-action-log": lambda: {"pk": _meeting().pk},
    "meeting-escalations": lambda: {"pk": _meeting().pk},
    "assurance-area": _area,
    "area-detail": _area,
    "area-assurance": _area,
    "area-history": _area,
    "indicator": lambda: {"code": Indicator.objects.order_by("code").first().code},
    "project": lambda: {"code": "P-000"},
    "publication-area": lambda: {"number": 3},
    "publication-preview": lambda: {"pk": Publication.objects.order_by("pk").first().pk},
    "publication": lambda: {"slug": _first_version().publication.slug},
    "publication-version": lambda: {
        "slug": _first_version().publication.slug,
        "number": _first_version().number,
    },
}


def _is_record(route: Route) -> bool:
    return route.kwargs == ("pk",) and _model(route) is not None


def _model(route: Route):
    queryset = getattr(route.viewset, "queryset", None)
    return None if queryset is None else queryset.model


def _fillable(route: Route) -> bool:
    return not route.kwargs or _is_record(route) or route.name in FILLERS


def _kwargs(route: Route) -> dict:
    if not route.kwargs:
        return {}
    if _is_record(route):
        return {"pk": _model(route).objects.order_by("pk").first().pk}
    return FILLERS[route.name]()


def _excluded(route: Route) -> bool:
    return any(route.path.startswith(prefix) for prefix in EXCLUDED)


# Addresses read with GET (a form's target, such as asking for an evidence pack, is not).
CHECKED = [route for route in routes() if not _excluded(route) and "GET" in route.methods]
API_MODELS = sorted({_model(r) for r in CHECKED} - {None}, key=lambda m: m._meta.label)


def test_every_address_is_checked_or_excluded_with_a_reason():
    # given the URL configuration, when an address needs values, then this module fills them
    assert [route.path for route in CHECKED if not _fillable(route)] == []
    # and every exclusion still matches an address
    assert [p for p in EXCLUDED if not any(r.path.startswith(p) for r in routes())] == []
    # and every API resource can be grown for the check
    assert [m for m in API_MODELS if m not in FACTORIES] == []


def _add_records(size: int) -> None:
    """``size`` more of every record an API resource lists, and published summaries."""
    for model in API_MODELS:
        if model is not PublicationVersion:
            FACTORIES[model].create_batch(size)
    for _ in range(size):
        f.PublicationVersionFactory(content=f.snapshot(areas=AREA))
    f.PublicationFactory.create_batch(size)


def _urls() -> dict[str, str]:
    return {route.path: route.url(**_kwargs(route)) for route in CHECKED}


def _counts(client: Client, urls: dict[str, str]) -> dict[str, int]:
    counts = {}
    for path, url in urls.items():
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        counts[path] = len(context.captured_queries)
    return counts


def test_every_page_and_api_address_asks_the_same_number_of_queries_when_the_data_doubles():
    # given a small programme with every kind of record, seen by a director
    director = f.director_user(username="director")
    client = Client()
    client.force_login(director)
    programme(3)
    _add_records(2)
    urls = _urls()
    for url in urls.values():
        client.get(url)  # the first call fills process-wide caches (content types)
    small = _counts(client, urls)

    # when it more than doubles (nine more projects with everything they carry, more history
    # for the project shown, and more of every record the API lists)
    _grow()
    _add_records(4)

    # then every address asks the same number of questions (an area's address is filled again:
    # the records added bring a later inspection, whose areas are now the current ones)
    large = _counts(client, _urls())
    assert {p: (small[p], large[p]) for p in urls if small[p] != large[p]} == {}
