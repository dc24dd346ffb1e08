"""The sign-in page with single sign-on configured, and the page shown when the identity
provider lets nobody in, in Chromium: no WCAG 2.2 AA violation, within the
Content-Security-Policy, and readable on a 320 px screen."""

import pytest
from django.test import Client

from sendtrack import sso

from .conftest import ORIGIN, _answer, _close_checking_csp, axe_violations, csp_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def configured(settings):
    settings.OIDC_RP_CLIENT_ID = "sendtrack"
    settings.OIDC_PROVIDER_NAME = "Kent County Council"


@pytest.fixture
def tab(browser):
    """A phone-sized tab answered by the given client."""
    contexts = []

    def open_(client: Client):
        context = csp_context(browser, viewport={"width": 320, "height": 640})
        contexts.append(context)
        context.route(f"{ORIGIN}/**", _answer(client))
        return context.new_page()

    yield open_
    _close_checking_csp(contexts)


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_sign_in_page_offers_the_provider_accessibly(configured, tab):
    page = tab(Client())
    page.goto(f"{ORIGIN}/accounts/login/")

    assert page.get_by_role("button", name="Sign in with Kent County Council").is_visible()
    assert _fits(page)
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    ("reason", "says"),
    [
        ("no_role", "is not given a role in sendtrack"),
        ("", "did not confirm who you are"),
    ],
)
def test_the_refusal_says_why_accessibly(configured, tab, reason, says):
    # given a sign-in the provider's answer refused (the callback leaves the reason in the
    # session)
    client = Client()
    if reason:
        session = client.session
        session[sso.REFUSED] = reason
        session.save()
    page = tab(client)

    response = page.goto(f"{ORIGIN}/accounts/sso/refused/")

    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == (
        "You cannot sign in with Kent County Council"
    )
    assert says in page.inner_text("main")
    assert _fits(page)
    assert axe_violations(page) == []
