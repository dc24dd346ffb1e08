"""Refusals, missing pages and failures answer with pages in the site's style that say what
happened and where to go next, and each is logged once, not once per handler."""

from __future__ import annotations

import logging
import re
from io import StringIO

import pytest
from django.template import loader
from django.test import Client

from tests import factories as f

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_director_opening_the_spreadsheet_import_is_told_why_and_where_to_go():
    client = Client()
    client.force_login(f.director_user(first_name="Helen", last_name="Marsh"))

    response = client.get("/admin/spreadsheets/")

    assert response.status_code == 403
    page = _text(response)
    assert "You cannot open this page" in page
    assert "signed in as Helen Marsh" in page
    assert "go to your home page" in page
    assert "govuk-generic-header" in response.content.decode()
    assert "403 Forbidden" not in page


def test_a_missing_page_says_so_and_offers_the_way_home():
    client = Client()
    client.force_login(f.pmo_user())

    response = client.get("/projects/NO-SUCH/")

    assert response.status_code == 404
    page = _text(response)
    assert "Page not found" in page
    assert "go to your home page" in page
    assert "read the published summaries" in page


def test_a_missing_page_signed_out_offers_to_sign_in():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert "sign in to sendtrack" in _text(response)


@pytest.mark.urls("tests.sendtrack.error_urls")
def test_a_failure_shows_the_sites_page():
    client = Client(raise_request_exception=False)
    client.force_login(f.pmo_user())

    response = client.get("/fails/")

    assert response.status_code == 500
    page = _text(response)
    assert "Sorry, there is a problem with sendtrack" in page
    assert "go to your home page" in page
    assert "sendtrack/sendtrack.css" in response.content.decode()


def test_the_failure_page_needs_no_request_and_no_database(django_assert_num_queries):
    # Django renders it with no context at all, perhaps because the database is down
    with django_assert_num_queries(0):
        html = loader.get_template("500.html").render()
    assert 'lang="en-GB"' in html
    assert 'href="/publications/"' in html


@pytest.fixture
def console():
    """What the log's console handlers print, while the test runs (pytest's own capture
    handlers aside)."""
    out = StringIO()
    handlers = {
        handler
        for logger in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
        for handler in getattr(logger, "handlers", [])
        if type(handler) is logging.StreamHandler
    }
    streams = {handler: handler.setStream(out) for handler in handlers}
    yield out
    for handler, stream in streams.items():
        handler.setStream(stream)


@pytest.fixture(params=[True, False], ids=["debug", "production"])
def debug(request, settings):
    # Django's own console handler prints only while DEBUG is on; the log must say each
    # thing once either way.
    settings.DEBUG = request.param
    return request.param


@pytest.mark.urls("tests.sendtrack.error_urls")
def test_each_refusal_missing_page_and_failure_is_logged_once(console, debug):
    client = Client(raise_request_exception=False)
    client.force_login(f.director_user())

    client.get("/admin/spreadsheets/")
    client.get("/no-such-page/")
    client.get("/fails/")
    Client().get("/api/v1/")

    lines = console.getvalue().splitlines()
    assert [line for line in lines if "Forbidden" in line and "/admin/spreadsheets/" in line]
    assert len([line for line in lines if "/admin/spreadsheets/" in line]) == 1
    assert len([line for line in lines if "Not Found: /no-such-page/" in line]) == 1
    assert len([line for line in lines if "Internal Server Error: /fails/" in line]) == 1
    # one traceback for the refusal (Django logs where it was raised) and one for the failure
    assert len([line for line in lines if line.startswith("Traceback")]) == 2
    assert len([line for line in lines if "Unauthorized: /api/v1/" in line]) == 1
