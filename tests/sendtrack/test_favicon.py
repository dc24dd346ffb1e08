"""Every page names the site's icon, and the address browsers ask for anyway leads to it, so
that no page's visit logs a missing file."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.template import loader
from django.test import Client

from tests import factories as f

pytestmark = pytest.mark.django_db

ICON = '<link rel="icon" href="/static/sendtrack/favicon.svg" type="image/svg+xml">'


def test_favicon_ico_leads_to_the_sites_icon():
    response = Client().get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == "/static/sendtrack/favicon.svg"
    assert finders.find("sendtrack/favicon.svg") is not None


@pytest.mark.parametrize(
    ("role", "path"),
    [
        (None, "/accounts/login/"),
        (None, "/publications/"),
        (None, "/no-such-page/"),
        (None, "/admin/login/"),
        (None, "/api/docs/"),
        (None, "/api/docs/redoc/"),
        ("director", "/"),
        ("director", "/admin/"),
        ("director", "/admin/spreadsheets/"),
        ("scrutiny", "/members/"),
    ],
)
def test_every_layout_names_the_icon(role, path):
    client = Client()
    if role:
        client.force_login({"director": f.director_user, "scrutiny": f.scrutiny_user}[role]())
    response = client.get(path)
    assert response.status_code in (200, 403, 404)
    assert ICON in response.content.decode()


def test_the_failure_page_names_the_icon():
    assert ICON in loader.get_template("500.html").render()
