"""The officers' admin pages meet WCAG 2.2 AA as far as axe-core can tell, in real Chromium."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from .conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def demo():
    call_command("load_demo", "--as-of", "2026-11-24", stdout=StringIO())
    return {user.username: user for user in get_user_model().objects.all()}


def test_the_checker_finds_a_violation(browser):
    # given a page with a form field nobody can name
    page = browser.new_page()
    page.set_content("<html lang='en'><title>t</title><main><input type='text'></main></html>")
    # then axe reports it, so an empty list elsewhere means something
    assert any(line.startswith("label") for line in axe_violations(page))
    page.close()


def test_the_login_page_is_accessible(open_page, db):
    page = open_page("/admin/login/")
    assert page.get_by_label("Username").is_visible()
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("pmo", "/admin/"),
    ],
)
def test_admin_pages_are_accessible(open_page, demo, username, path):
    page = open_page(path, user=demo[username])
    assert axe_violations(page) == []
