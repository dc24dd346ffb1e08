"""Sign-in throttling (django-axes): after too many wrong passwords, a login is refused from
that device for a while, with a page saying why, on the site's and the admin's login alike."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db

LOGINS = [reverse("login"), reverse("admin:login")]


@pytest.fixture
def officer():
    return f.pmo_user(username="officer")


def _sign_in(client: Client, url: str, password: str):
    return client.post(url, {"username": "officer", "password": password, "next": "/"})


@pytest.mark.parametrize("url", LOGINS, ids=["site", "admin"])
def test_too_many_wrong_passwords_lock_the_sign_in(settings, officer, url):
    client = Client()
    # given as many wrong passwords as allowed, each answered with the login form
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, url, "wrong").status_code == 200
    # when the last allowed attempt fails too
    response = _sign_in(client, url, "wrong")
    # then the page says the sign-in is locked, for how long and whom to ask
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed attempts to sign in" in page
    assert "for 15 minutes" in page
    assert "ask the programme office to unlock it" in page
    # and even the right password is refused until the lock expires
    response = _sign_in(client, url, f.PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_successful_sign_in_clears_earlier_failures(settings, officer):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, reverse("login"), "wrong")
    assert _sign_in(client, reverse("login"), f.PASSWORD).status_code == 302
    client.logout()
    # a fresh run of failures is allowed in full again
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, reverse("login"), "wrong").status_code == 200


def test_a_lock_holds_for_that_login_only(settings, officer):
    f.pmo_user(username="colleague")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, reverse("login"), "wrong")
    response = client.post(
        reverse("login"), {"username": "colleague", "password": f.PASSWORD, "next": "/"}
    )
    assert response.status_code == 302
