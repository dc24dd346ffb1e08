"""The site's menu and each role's home page, both from the permissions the pages' views
require: the menu offers a signed-in person only the pages they may open, and the site's root
takes each role to the page made for it."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import admin
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

from sendtrack.assurance.views import ASSURANCE_PERMISSION
from sendtrack.dashboards import views as dashboards
from sendtrack.members.views import MEMBERS_PERMISSION

User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class Page:
    """A page of the menu and the permission its view requires (None: open to everyone)."""

    name: str
    label: str
    permission: str | None = None
    # The dashboards' filters carry over from one dashboard to the next.
    keeps_filters: bool = False

    def may_open(self, user: User) -> bool:
        """Whether the user may open the page: the same question its view asks."""
        if self.permission is None:
            return True
        return user.is_authenticated and user.has_perm(self.permission)


PAGES = [
    Page("overview", "Overview", dashboards.DASHBOARD_PERMISSION, keeps_filters=True),
    Page("performance", "Performance", dashboards.DASHBOARD_PERMISSION, keeps_filters=True),
    Page("operational", "Operational", dashboards.DASHBOARD_PERMISSION, keeps_filters=True),
    Page("data-quality", "Data quality", dashboards.DASHBOARD_PERMISSION, keeps_filters=True),
    Page("finance", "Finance", dashboards.DASHBOARD_PERMISSION, keeps_filters=True),
    Page("assurance", "Assurance", ASSURANCE_PERMISSION, keeps_filters=True),
    Page("members", "Scrutiny", MEMBERS_PERMISSION),
    Page("publications", "Publications"),
    Page("you-said-we-did", "You said, we did"),
]
PAGES_BY_NAME = {page.name: page for page in PAGES}


def menu(request: HttpRequest) -> list[dict]:
    """The menu's links for the signed-in user: the pages they may open, then the admin
    ("Update records") if the admin site lets them in."""
    user = request.user
    items = [
        {"name": p.name, "label": p.label, "url": reverse(p.name), "keeps_filters": p.keeps_filters}
        for p in PAGES
        if p.may_open(user)
    ]
    if admin.site.has_permission(request):
        items.append({"name": "admin", "label": "Update records", "url": reverse("admin:index")})
    return items


def home_for(user: User) -> str:
    """The name of the page a role starts from: the members' page for those who may read the
    members' requests but not the programme (scrutiny members), else the overview (which a
    login with no role is refused, with the way to the published summaries)."""
    overview, members = PAGES_BY_NAME["overview"], PAGES_BY_NAME["members"]
    if not overview.may_open(user) and members.may_open(user):
        return "members"
    return "overview"


def home(request: HttpRequest) -> HttpResponse:
    """The site's root (where signing in lands): the overview, or the signed-in role's own
    home if it may not open the overview. Signed out, the overview asks to sign in."""
    if home_for(request.user) == "members":
        return redirect("members")
    return dashboards.overview(request)


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: send them to the site's icon."""
    return redirect(static("sendtrack/favicon.svg"), permanent=True)
