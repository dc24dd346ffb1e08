"""The menu offers each role only what it may open: every link it shows, for every role,
opens (200), and the pages a role may not open are not offered."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

from tests import factories as f

pytestmark = pytest.mark.django_db


class _Menu(HTMLParser):
    """The links of the page's menu (the navigation labelled "Menu"), as label and address."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self._in_menu = False
        self._href: str | None = None
        self._label = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and attrs.get("aria-label") == "Menu":
            self._in_menu = True
        elif tag == "a" and self._in_menu:
            self._href, self._label = attrs["href"], ""

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_menu = False
        elif tag == "a" and self._href is not None:
            self.links.append((" ".join(self._label.split()), self._href))
            self._href = None

    def handle_data(self, data):
        if self._href is not None:
            self._label += data


def menu_of(response) -> dict[str, str]:
    parser = _Menu()
    parser.feed(response.content.decode())
    return dict(parser.links)


ROLES = {
    "lead": f.lead_user,
    "pmo": f.pmo_user,
    "director": f.director_user,
    "scrutiny": f.scrutiny_user,
    "superuser": lambda **kw: f.UserFactory(is_superuser=True, **kw),
}
EXPECTED = {
    "lead": [
        "Overview",
        "Performance",
        "Operational",
        "Data quality",
        "Finance",
        "Publications",
        "You said, we did",
    ],
    "pmo": [
        "Overview",
        "Performance",
        "Operational",
        "Data quality",
        "Finance",
        "Assurance",
        "Scrutiny",
        "Publications",
        "You said, we did",
    ],
    "scrutiny": ["Scrutiny", "Publications", "You said, we did"],
}


@pytest.mark.parametrize("role", ROLES)
def test_every_link_in_the_menu_opens_for_the_role(role):
    # given someone of the role on their home page
    client = Client()
    client.force_login(ROLES[role](username=role))
    home = client.get("/", follow=True)
    assert home.status_code == 200
    menu = menu_of(home)
    assert menu, "the home page shows a menu"

    # then every page the menu offers opens for them
    answers = {label: client.get(url).status_code for label, url in menu.items()}
    assert answers == dict.fromkeys(menu, 200)
    # and (staff all) the admin is offered as "Update records"
    assert "Update records" in menu
    if role in EXPECTED:
        assert [label for label in menu if label != "Update records"] == EXPECTED[role]


def test_the_menu_offers_a_page_to_those_its_view_lets_in():
    # a director reads the assurance matrix; a lead neither sees nor may open it
    lead, director = Client(), Client()
    lead.force_login(f.lead_user())
    director.force_login(f.director_user())
    assert "Assurance" in menu_of(director.get("/publications/"))
    assert "Assurance" not in menu_of(lead.get("/publications/"))
    assert lead.get("/assurance/").status_code == 403


def test_the_current_page_is_marked_in_the_menu():
    client = Client()
    client.force_login(f.scrutiny_user())
    page = client.get("/members/").content.decode()
    assert 'href="/members/" aria-current="page"' in page


def test_no_menu_for_someone_signed_out():
    assert menu_of(Client().get("/publications/")) == {}
