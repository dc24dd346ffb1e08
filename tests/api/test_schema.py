"""The API as its OpenAPI schema describes it: the schema is valid OpenAPI 3 and lists every
address under /api/v1/; the docs pages load nothing from the internet; and every operation
answers schemathesis's generated requests, valid and invalid, as the schema says."""

from __future__ import annotations

import os
import re
from datetime import date
from html.parser import HTMLParser

import pytest
import schemathesis
from django.contrib.staticfiles import finders
from django.core import signals
from django.db import close_old_connections
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, settings
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi import checks

from sendtrack.wsgi import application
from tests import factories as f

SCHEMA_URL = "/api/schema/"
OPENAPI_JSON = "application/vnd.oai.openapi+json"


# -- The schema ---------------------------------------------------------------------------------


def _routes(patterns, prefix: str = ""):
    """Every URL pattern with its full route, e.g. ``api/v1/^projects/(?P<pk>[^/.]+)/$``."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def _path_shape(path: str) -> str:
    """A path with its parameters blanked, so that Django's routes and the schema's paths compare:
    ``api/v1/^projects/(?P<pk>[^/.]+)/$`` and ``/api/v1/projects/{id}/`` both give
    ``/api/v1/projects/{}/``."""
    path = re.sub(r"\(\?P<\w+>[^)]*\)|<(?:\w+:)?\w+>|\{\w+\}", "{}", path)
    return "/" + path.replace("^", "").replace("$", "").lstrip("/")


@pytest.fixture(scope="module")
def schema_response():
    """The schema as its view serves it, asked for once: generating it takes a second or two."""
    return Client().get(SCHEMA_URL, HTTP_ACCEPT=OPENAPI_JSON)


def test_the_schema_is_valid_openapi_3(schema_response):
    assert schema_response.status_code == 200
    assert schema_response["Content-Type"].startswith(OPENAPI_JSON)
    document = schema_response.json()
    assert document["openapi"].startswith("3.")
    validate_schema(document)  # raises on anything OpenAPI 3 does not allow


def test_the_schema_lists_every_address_under_api_v1(schema_response):
    documented = {_path_shape(path) for path in schema_response.json()["paths"]}

    routes = {
        _path_shape(route): pattern.name
        for route, pattern in _routes(get_resolver().url_patterns)
        if _path_shape(route).startswith("/api/v1/")
    }
    undocumented = {path: name for path, name in routes.items() if path not in documented}

    assert len(routes) > 20
    # Only the router's index of links, which DRF leaves out of every schema.
    assert undocumented == {"/api/v1/": "api-root"}


# -- The docs pages -----------------------------------------------------------------------------


class _Assets(HTMLParser):
    """The addresses a page loads: every <script src> and <link href>."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        url = attributes.get("src") if tag == "script" else attributes.get("href")
        if tag in ("script", "link") and url:
            self.urls.append(url)


@pytest.mark.parametrize("url", ["/api/docs/", "/api/docs/redoc/"], ids=["swagger", "redoc"])
def test_the_docs_pages_load_only_sendtracks_own_static_files(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assets = _Assets()
    assets.feed(response.content.decode())
    assert any(asset.endswith(".js") for asset in assets.urls)
    # Swagger UI's start-up script is the docs page's own (?script), served as a file.
    files = [a for a in assets.urls if not a.startswith("/api/docs/?")]
    assert [asset for asset in files if not asset.startswith("/static/")] == []
    missing = [a for a in files if finders.find(a.removeprefix("/static/")) is None]
    assert missing == []


def test_swagger_ui_sends_the_schema_to_no_online_validator(client):
    response = client.get("/api/docs/?script=")

    assert response["Content-Type"].startswith("application/javascript")
    assert '"validatorUrl": null' in response.content.decode()


# -- Every operation, by schemathesis -----------------------------------------------------------

# schemathesis loads the schema from the schema view and sends its requests straight to the WSGI
# application, in this process: no server. (Its lazy loader, ``schemathesis.pytest.from_fixture``,
# relies on a pytest attribute that pytest 9 renamed, so the schema is loaded on import.)
#
# The coverage phase (every boundary and wrong type of every parameter and field, some 12,000
# requests, about 20 minutes on SQLite) runs with SENDTRACK_SCHEMATHESIS_COVERAGE=1; the default
# run fuzzes a bounded, fixed number of examples per operation.
# The seed makes every run send the same requests (each operation's Hypothesis seed is derived
# from it); change it to explore others.
COVERAGE = os.environ.get("SENDTRACK_SCHEMATHESIS_COVERAGE") == "1"
API = schemathesis.openapi.from_wsgi(
    f"{SCHEMA_URL}?format=json",
    application,
    config=schemathesis.Config.from_dict(
        {"seed": 20261001, "phases": {"coverage": {"enabled": COVERAGE}}}
    ),
)

CHECKS = [
    not_a_server_error,  # no 5xx, whatever is sent
    checks.status_code_conformance,  # every status answered is documented
    checks.content_type_conformance,  # and every Content-Type
    checks.response_schema_conformance,  # JSON answers match their documented schema
    checks.response_headers_conformance,
    checks.negative_data_rejection,  # what the schema forbids is refused with a 4xx
    checks.ignored_auth,  # without the token, a 401
    checks.unsupported_method,  # coverage phase: an undocumented method is a 405
    checks.missing_required_header,
]
# Left out: positive_data_acceptance, as a request the schema allows may still name a record that
# does not exist (``"project": 0``), which the API rightly refuses with a 400.


# Generated ids rarely name a record, so most reads and writes of a record would end in a 404 and
# every new record would be refused for naming a project (or indicator, body...) that does not
# exist. Even ids are therefore swapped for a record that exists, chosen by the id; odd ones are
# kept, so the 404s and the refusals are still tried.
def _existing(queryset, value):
    if type(value) is not int or value % 2:
        return value
    pks = list(queryset.order_by("pk").values_list("pk", flat=True))
    return pks[value // 2 % len(pks)] if pks else value


def _view(operation):
    return resolve(operation.path.replace("{id}", "1")).func.cls


@API.hook
def map_path_parameters(context, path_parameters):
    if path_parameters and "id" in path_parameters:
        queryset = _view(context.operation).queryset
        if queryset is None:  # a meeting's business (its action log), addressed by its id
            from governance.models import Meeting

            queryset = Meeting.objects.all()
        path_parameters["id"] = _existing(queryset, path_parameters["id"])
    return path_parameters


@API.hook
def map_body(context, body):
    if not isinstance(body, dict):
        return body
    fields = _view(context.operation).serializer_class().fields
    for name, value in body.items():
        field = fields.get(name)
        if isinstance(field, serializers.PrimaryKeyRelatedField):
            body[name] = _existing(field.get_queryset(), value)
        elif isinstance(field, serializers.ManyRelatedField) and isinstance(value, list):
            queryset = field.child_relation.get_queryset()
            body[name] = [_existing(queryset, item) for item in value]
    return body


@pytest.fixture
def _connection_kept_open():
    """Called directly, the WSGI application closes the database connection as each request
    ends (as it should in a server); the test's transaction lives on that connection, so keep
    it open, as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(db, _connection_kept_open) -> str:
    """A programme-office API token, and a little of everything for it to read and change."""
    project = f.ProjectFactory()
    f.ProjectFactory(workstream=project.workstream, sponsor=f.PersonFactory())
    f.MilestoneFactory(project=project, forecast_date=date(2026, 3, 1))
    f.MilestoneFactory(project=project, completed_date=date(2025, 12, 1), is_key=True)
    f.RiskFactory(project=project, escalated_to=project.overseeing_body)
    f.StatusReportFactory(project=project)
    indicator = f.IndicatorFactory()
    indicator.projects.add(project)
    f.TargetFactory(indicator=indicator)
    f.MeasurementFactory(indicator=indicator)
    f.MeasurementFactory(indicator=indicator, period=date(2026, 9, 1), value=60)
    f.BenchmarkFactory(indicator=indicator)
    f.BenefitFactory(project=project, indicator=indicator, baseline_date=date(2026, 8, 1))
    f.InformationRequestFactory(meeting__body=project.overseeing_body)
    f.AreaAssessmentFactory()
    f.PlanActionFactory()
    return Token.objects.create(user=f.pmo_user(username="pmo")).key


@API.parametrize()
@settings(
    max_examples=12,  # per operation, valid and invalid together: about a minute for all 74
    derandomize=True,  # and no example database, so nothing carries over between runs
    database=None,
    deadline=None,
    # The records and token are made once per operation (pytest-django's database is per test),
    # and the operation's examples share them, seeing each other's writes: that is intended.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_every_operation_answers_as_the_schema_says(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)
