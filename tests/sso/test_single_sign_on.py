"""Single sign-on against a real OpenID Connect provider (django-oidc-provider, run as a
second Django process with its own database): discovery, the redirect to the provider's
authorize endpoint, the provider's own sign-in, the code exchange, the RS256 ID token checked
against the provider's published keys, the user made with the mapped role and organisation,
a user with no role refused, and signing out of both. Without the settings, nothing changes."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.test import Client

from governance.models import Organisation, Person
from sendtrack import sso
from sendtrack.kernel import roles
from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]
ICB = "NHS Kent and Medway Integrated Care Board"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def provider(live_server, tmp_path):
    """The council's identity provider, knowing sendtrack (at the live server) as a client."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.sso.provider.settings",
        "PROVIDER_URL": url,
        "PROVIDER_DB": str(tmp_path / "provider.sqlite3"),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "tests.sso.provider.setup",
            f"{live_server.url}/accounts/sso/callback/",
            f"{live_server.url}/accounts/login/",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                requests.get(f"{url}/openid/.well-known/openid-configuration", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def configured(settings, provider):
    """sendtrack's settings for the provider, as the environment would give them."""
    settings.OIDC_RP_CLIENT_ID = "sendtrack"
    settings.OIDC_RP_CLIENT_SECRET = "sendtrack-secret"  # noqa: S105
    settings.OIDC_PROVIDER_NAME = "Kent County Council"
    settings.OIDC_ISSUER = f"{provider}/openid"
    settings.OIDC_DISCOVERY_URL = f"{provider}/openid/.well-known/openid-configuration"
    settings.OIDC_RP_SCOPES = "openid email profile groups"
    settings.OIDC_ROLE_MAP = {"send-commissioners": roles.PARTNER_OFFICERS}
    settings.OIDC_ORGANISATION_CLAIM = "organisation"
    settings.OIDC_ORGANISATION_MAP = {"icb": ICB}
    sso._documents.clear()
    f.OrganisationFactory(name="Kent County Council", kind=Organisation.Kind.COUNCIL)
    f.OrganisationFactory(name=ICB, kind=Organisation.Kind.HEALTH)
    return provider


def _cookie(browser: requests.Session, name: str, host: str) -> str:
    return next(c.value for c in browser.cookies if c.name == name and c.domain.startswith(host))


def _provider_sign_in(browser: requests.Session, authorize: str, username: str) -> str:
    """Signs in at the provider's own page; returns where the provider sends the browser."""
    answer = browser.get(authorize, allow_redirects=False)
    assert answer.status_code == 302, answer.text[:300]
    login = urljoin(authorize, answer.headers["Location"])
    page = browser.get(login)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = browser.post(
        login,
        data={
            "csrfmiddlewaretoken": token,
            "username": username,
            "password": "provider-password",
            "next": parse_qs(urlsplit(login).query)["next"][0],
        },
        headers={"Referer": login},
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text[:300]
    # Back to the authorize endpoint, which now sends the browser back to sendtrack.
    answer = browser.get(urljoin(login, answer.headers["Location"]), allow_redirects=False)
    assert answer.status_code == 302, answer.text[:300]
    return answer.headers["Location"]


@pytest.mark.django_db(transaction=True)
def test_a_partner_officer_signs_in_with_the_provider_and_out_again(live_server, configured):
    browser = requests.Session()

    # The sign-in page offers the provider.
    page = browser.get(f"{live_server.url}/accounts/login/?next=/performance/")
    assert "Sign in with Kent County Council" in page.text

    # sendtrack sends the browser to the authorize endpoint it discovered, with state, nonce
    # and a PKCE challenge.
    start = browser.get(
        f"{live_server.url}/accounts/sso/start/?next=/performance/", allow_redirects=False
    )
    authorize = start.headers["Location"]
    assert authorize.startswith(f"{configured}/openid/authorize")
    asked = parse_qs(urlsplit(authorize).query)
    assert {"state", "nonce", "code_challenge"} <= set(asked)
    assert asked["client_id"] == ["sendtrack"]

    # The provider's sign-in sends the browser back with a code; sendtrack exchanges it.
    callback = _provider_sign_in(browser, authorize, "nadia")
    assert callback.startswith(f"{live_server.url}/accounts/sso/callback/?code=")
    answer = browser.get(callback, allow_redirects=False)
    assert answer.status_code == 302, answer.text[:500]
    assert answer.headers["Location"] == "/performance/"

    user = get_user_model().objects.get(email="nadia@example.org")
    # The ICB's claim makes a partner officer of the ICB.
    assert list(user.groups.values_list("name", flat=True)) == [roles.PARTNER_OFFICERS]
    assert not user.has_usable_password()
    person = Person.objects.get(user=user)
    assert person.name == "Nadia Clarke"
    assert person.organisation.name == ICB
    assert browser.get(f"{live_server.url}/performance/").status_code == 200
    # ... who sees the ICB's records and never the council's alone.
    icb = Organisation.objects.get(name=ICB)
    ours = f.ProjectFactory(code="ICB-01", organisation=icb)
    council_only = f.ProjectFactory(code="KCC-01")
    assert browser.get(f"{live_server.url}/projects/{ours.code}/").status_code == 200
    assert browser.get(f"{live_server.url}/projects/{council_only.code}/").status_code == 404

    # Signing out ends sendtrack's session and goes on to the provider's end-session page.
    answer = browser.post(
        f"{live_server.url}/accounts/logout/",
        headers={"X-CSRFToken": _cookie(browser, "csrftoken", "localhost")},
        allow_redirects=False,
    )
    assert answer.status_code == 302
    ending = answer.headers["Location"]
    assert ending.startswith(f"{configured}/openid/end-session")
    assert "id_token_hint" in parse_qs(urlsplit(ending).query)
    signed_out = browser.get(f"{live_server.url}/performance/", allow_redirects=False)
    assert signed_out.status_code == 302
    assert "/accounts/login/" in signed_out.headers["Location"]
    # The provider signs out too and sends the browser back to sendtrack's sign-in page.
    back = browser.get(ending, allow_redirects=False)
    assert back.headers["Location"] == f"{live_server.url}/accounts/login/"

    # Signing in again finds the same user, not a second one.
    start = browser.get(f"{live_server.url}/accounts/sso/start/", allow_redirects=False)
    callback = _provider_sign_in(browser, start.headers["Location"], "nadia")
    assert browser.get(callback, allow_redirects=False).status_code == 302
    assert get_user_model().objects.filter(email="nadia@example.org").count() == 1


@pytest.mark.django_db(transaction=True)
def test_someone_whose_groups_give_no_role_is_refused_with_a_clear_page(live_server, configured):
    browser = requests.Session()
    start = browser.get(f"{live_server.url}/accounts/sso/start/", allow_redirects=False)

    callback = _provider_sign_in(browser, start.headers["Location"], "oliver")
    answer = browser.get(callback)

    assert answer.status_code == 403
    assert "is not given a role in sendtrack" in answer.text
    assert not get_user_model().objects.filter(email="oliver@example.org").exists()
    assert browser.get(f"{live_server.url}/performance/", allow_redirects=False).status_code == 302


@pytest.mark.django_db
def test_without_the_settings_the_sign_in_page_and_addresses_are_as_before(client: Client):
    page = client.get("/accounts/login/").content.decode()

    assert "Sign in with" not in page
    assert client.get("/accounts/sso/start/").status_code == 404
    assert client.get("/accounts/sso/callback/?code=x&state=y").status_code == 404
    assert client.get("/accounts/sso/refused/").status_code == 404


@pytest.mark.django_db
def test_local_passwords_still_work_and_stay_behind_axes(client: Client, settings):
    settings.OIDC_RP_CLIENT_ID = "sendtrack"  # configured, but a password is used
    settings.OIDC_ISSUER = settings.OIDC_DISCOVERY_URL = ""
    user = f.pmo_user(username="break-glass")
    bad = {"username": "break-glass", "password": "wrong"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", bad, REMOTE_ADDR="10.0.0.1")

    locked = client.post(
        "/accounts/login/",
        {"username": "break-glass", "password": f.PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )
    signed_in = Client().post(
        "/accounts/login/",
        {"username": "break-glass", "password": f.PASSWORD},
        REMOTE_ADDR="10.0.0.2",
    )

    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert locked.status_code != 302
    assert signed_in.status_code == 302
    assert user.pk
