"""Who gets what at every address: each route of the URL configuration (pages, the admin, the
API), for every role (signed out, a project lead on their own row and on another's, the
programme office, a director, a scrutiny member) and every method its view accepts, answers the
status in the tables below. A partner officer ("partner") sees only the rows their organisation
leads or co-owns: the data set's "own" rows, never its "other" (the council's alone). A route
with no entry fails ``test_every_route_has_an_entry``.

Model pages of the admin are entered once per model (who views, adds, changes and deletes its
rows) and API resources once per resource; the statuses follow from the doors' conventions:

- admin: signed out, to the login page (302); a role without the permission, 403; a row the
  role may not see (another lead's), "not found" (a 302 to the admin's index); a form sent
  empty is shown again with its errors (200); HEAD is answered as GET by Django, so only GET is
  sent to the admin's pages;
- API: signed out, 401; without the permission, 403; a row the user may not see, 404 whatever
  the method (as a row that does not exist, so that a refusal does not tell them it exists);
  an empty body, 400 (PUT, POST) or no change (PATCH, 200); a write to a row they see but may
  not change, 403.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from tests.routes import DataSet, Route, concrete, routes

SUBJECTS = ("anon", "lead", "lead_other", "pmo", "director", "scrutiny", "partner", "partner_other")
OTHERS = frozenset({"lead_other", "partner_other"})
ROLES = frozenset({"lead", "pmo", "director", "scrutiny"})
NONE: frozenset[str] = frozenset()
PMO = frozenset({"pmo"})
OFFICE = frozenset({"pmo", "director"})
OFFICERS = frozenset({"lead", "pmo", "director"})
MEMBERS = OFFICE | {"scrutiny"}
# Officers and partner officers: the partnership's reference data and records.
PARTNERSHIP = OFFICERS | {"partner"}
# Whose rows are their own: a lead's and a partner officer's (their organisation's), or only
# a partner officer's (where leads read every row).
LEADS_AND_PARTNERS = frozenset({"lead", "partner"})
PARTNERS = frozenset({"partner"})


@dataclass(frozen=True)
class Access:
    """Which roles view, add, change and delete a model's rows; ``owned``: the roles that may do
    so only to their own (another's rows are then not found). ``asks_change``: the roles that
    hold the model's change permission, and so are asked which row they mean, where more roles
    hold it than may change every row they see (the API; by default, those in ``change``)."""

    view: frozenset[str]
    add: frozenset[str] = PMO
    change: frozenset[str] = PMO
    delete: frozenset[str] = PMO
    owned: frozenset[str] = NONE
    asks_change: frozenset[str] | None = None


def read_only(view: frozenset[str]) -> Access:
    """What sendtrack records by itself (snapshots, emails sent): read, never typed over."""
    return Access(view=view, add=NONE, change=NONE, delete=NONE)


LEAD_RECORD = Access(
    view=PARTNERSHIP,
    add=PMO | LEADS_AND_PARTNERS,
    change=PMO | LEADS_AND_PARTNERS,
    owned=LEADS_AND_PARTNERS,
)

# The admin's model pages, one entry per registered model ("app_label.model_name").
ADMIN_MODELS: dict[str, Access] = {
    "auth.group": read_only(NONE),  # superusers only
    "auth.user": read_only(NONE),
    "authtoken.tokenproxy": read_only(NONE),
    # sign-in attempts and lockouts: superusers only
    "axes.accessattempt": read_only(NONE),
    "axes.accesslog": read_only(NONE),
    "axes.accessfailurelog": read_only(NONE),
    "governance.organisation": Access(view=PARTNERSHIP),
    # a partner officer reads the people of their own organisation
    "governance.person": Access(view=PARTNERSHIP, owned=PARTNERS),
    "governance.body": Access(view=OFFICERS | {"scrutiny"}),
    "governance.membership": Access(view=OFFICE),
    "governance.meeting": Access(view=OFFICERS | {"scrutiny"}),
    "governance.informationrequest": Access(view=MEMBERS),
    "governance.inspection": Access(view=OFFICE),
    "governance.areaofweakness": Access(view=PARTNERSHIP),
    "governance.areaassessment": Access(view=OFFICE),
    "governance.improvementplan": Access(view=PARTNERSHIP),
    # a partner officer reads and updates the actions their organisation owns or co-owns
    "governance.planaction": Access(view=PARTNERSHIP, change=PMO | PARTNERS, owned=PARTNERS),
    # sign-offs of jointly owned actions: recorded and withdrawn by the office, and by a
    # partner officer for their own organisation; read by directors, never deleted (a
    # withdrawn one stays on record)
    "governance.planactionsignoff": Access(
        view=OFFICE | PARTNERS,
        add=PMO | PARTNERS,
        change=PMO | PARTNERS,
        delete=NONE,
        owned=PARTNERS,
    ),
    "governance.governancesnapshot": read_only(OFFICE),
    # evidence is read by the programme office and directors only, and kept by the office
    "governance.evidenceitem": Access(view=OFFICE),
    "projects.workstream": Access(view=PARTNERSHIP),
    "projects.project": Access(
        view=PARTNERSHIP, change=PMO | LEADS_AND_PARTNERS, owned=LEADS_AND_PARTNERS
    ),
    "projects.statusreport": LEAD_RECORD,
    "projects.milestone": LEAD_RECORD,
    # leads raise risks from their project's page, where the project is already chosen; a
    # partner officer raises partnership risks here too, led by their organisation
    "projects.risk": Access(
        view=PARTNERSHIP,
        add=PMO | PARTNERS,
        change=PMO | LEADS_AND_PARTNERS,
        owned=LEADS_AND_PARTNERS,
    ),
    "projects.projectsnapshot": read_only(OFFICE),
    "projects.workstreamsnapshot": read_only(OFFICE),
    # the Safety Valve target per year: the programme office's; officers read it
    "projects.safetyvalvetarget": Access(view=OFFICERS),
    "indicators.indicator": Access(
        view=PARTNERSHIP, change=PMO | LEADS_AND_PARTNERS, owned=LEADS_AND_PARTNERS
    ),
    "indicators.measurement": LEAD_RECORD,
    "indicators.target": Access(view=PARTNERSHIP, owned=LEADS_AND_PARTNERS),
    "indicators.benchmark": Access(view=PARTNERSHIP, owned=LEADS_AND_PARTNERS),
    "indicators.indicatorsnapshot": read_only(OFFICE),
    # the council's own area is one record: with it recorded, no second is added
    "indicators.councilarea": Access(view=OFFICE, add=NONE),
    "indicators.statisticsmapping": Access(view=OFFICE),
    # an import is asked for on the add page; its record is never changed or deleted
    "indicators.importrun": Access(view=OFFICE, change=NONE, delete=NONE),
    "indicators.statisticrevision": read_only(OFFICE),
    # the data set's publications are published: a published publication is never deleted
    "sendtrack.publication": Access(view=OFFICE, delete=NONE),
    "sendtrack.workforcefigure": Access(view=OFFICE),
    # "you said, we did": kept and approved for publication by the office, read by directors
    "sendtrack.coproductionentry": Access(view=OFFICE),
    # the programme office asks for builds; a build is never changed or deleted
    "sendtrack.documentbuild": Access(view=OFFICE, change=NONE, delete=NONE),
    "sendtrack.emaillog": read_only(OFFICE),
    # a body's action log across its meetings: kept by the office, read by directors
    "sendtrack.boardaction": Access(view=OFFICE),
}

# The API's resources, one entry per router basename. Leads write their own projects' records
# and their own indicators' figures; definitions are the programme office's.
API_RESOURCES: dict[str, Access] = {
    "workstream": Access(view=PARTNERSHIP),
    "project": Access(
        view=PARTNERSHIP, add=PMO, change=PMO | LEADS_AND_PARTNERS, owned=LEADS_AND_PARTNERS
    ),
    "milestone": LEAD_RECORD,
    "risk": LEAD_RECORD,
    "statusreport": LEAD_RECORD,
    # leads enter their own indicators' figures, so they hold the change permission, but only
    # the programme office changes a definition
    "indicator": Access(
        view=PARTNERSHIP, owned=LEADS_AND_PARTNERS, asks_change=PMO | LEADS_AND_PARTNERS
    ),
    "measurement": LEAD_RECORD,
    "target": Access(view=PARTNERSHIP, owned=LEADS_AND_PARTNERS),
    "benchmark": Access(view=PARTNERSHIP, owned=LEADS_AND_PARTNERS),
    # benefits with their realisation, read with their project: read only (declared on the
    # project's page)
    "benefit": Access(view=PARTNERSHIP, owned=LEADS_AND_PARTNERS),
    # the partner organisations: every officer reads them, the programme office keeps them
    "organisation": Access(view=PARTNERSHIP),
    "body": Access(view=ROLES),
    "meeting": Access(view=ROLES),
    "informationrequest": Access(view=MEMBERS),
    "areaofweakness": Access(view=PARTNERSHIP),
    "planaction": Access(view=PARTNERSHIP, change=PMO | PARTNERS, owned=PARTNERS),
    # recorded (POST) and withdrawn (its own address) by the office, and by a partner
    # officer for their own organisation; never changed otherwise
    "planactionsignoff": Access(
        view=OFFICE | PARTNERS, add=PMO | PARTNERS, change=NONE, delete=NONE, owned=PARTNERS
    ),
    "evidenceitem": Access(view=OFFICE),
    # runs of the official statistics import, asked for by the office and never changed
    "importrun": Access(view=OFFICE, change=NONE),
    # the areas with their assurance figures: read only
    "area": Access(view=OFFICE),
}
# Published summaries and "you said, we did": anyone, signed in or not, reads them; nobody
# writes them here.
PUBLIC_API = {"publicationversion", "coproductionentry"}
# Board business: scoped to the bodies the user may read, whatever their role (entered with
# the pages, below).
BOARD_BUSINESS_API = {"agendaitem", "decision", "boardaction"}


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(SUBJECTS, status)


def signed_in(status: int, *, anon: int, **others: int) -> dict[str, int]:
    return {**everyone(status), "anon": anon, **others}


DASHBOARD = signed_in(200, anon=302, scrutiny=403)
API_READ = signed_in(200, anon=401, scrutiny=403)
ASSURANCE = signed_in(403, anon=302, pmo=200, director=200)
BOARD = signed_in(404, anon=302, pmo=200, director=200)
BOARD_API = signed_in(404, anon=401, pmo=200, director=200)
IMPORTERS = signed_in(200, anon=302, director=403, scrutiny=403)

# Every other route: {key: {method: {subject: status}}}, one method entry standing for HEAD too.
PAGES: dict[str, dict[str, dict[str, int]]] = {
    # the site's root takes a scrutiny member to the members' page
    "overview": {"GET": {**DASHBOARD, "scrutiny": 302}},
    "performance": {"GET": DASHBOARD},
    "operational": {"GET": DASHBOARD},
    "data-quality": {"GET": DASHBOARD},
    "finance": {"GET": DASHBOARD},
    "project": {"GET": {**DASHBOARD, "lead_other": 404, "partner_other": 404}},
    "indicator": {"GET": {**DASHBOARD, "lead_other": 404, "partner_other": 404}},
    "login": {"GET": everyone(200), "POST": everyone(200), "PUT": everyone(200)},
    "logout": {"POST": everyone(302)},
    # single sign-on: "not found" while no identity provider is configured (tests/sso)
    "oidc_authentication_init": {"GET": everyone(404)},
    "oidc_authentication_callback": {"GET": everyone(404)},
    "sso-refused": {"GET": everyone(404)},
    "health": {"GET": everyone(200)},
    "favicon": {"GET": everyone(301)},
    # the members' page: for those who read the information requests
    "members": {
        "GET": signed_in(200, anon=302, lead=403, lead_other=403, partner=403, partner_other=403)
    },
    # the public pages; the data set has no published area and no PDF built yet
    "publications": {"GET": everyone(200)},
    "publication-feed": {"GET": everyone(200)},
    "publication": {"GET": everyone(200)},
    "publication-version": {"GET": everyone(200)},
    "publication-area": {"GET": everyone(404)},
    "publication-pdf": {"GET": everyone(404)},
    # "you said, we did": the page, and the API's entries, for anyone; an entry not yet
    # approved for publication (the data set's "other") is not found but by the roles that
    # read the log
    "you-said-we-did": {"GET": everyone(200)},
    "coproductionentry-list": {"GET": everyone(200)},
    "coproductionentry-detail": {"GET": {**everyone(200), "lead_other": 404, "partner_other": 404}},
    "publication-preview": {
        "GET": signed_in(403, anon=302, pmo=200, director=200),
    },
    "api-root": {"GET": signed_in(200, anon=401)},
    "api-schema": {"GET": everyone(200)},
    "api-docs": {"GET": everyone(200)},
    "api-redoc": {"GET": everyone(200)},
    "report-milestones": {"GET": API_READ},
    "report-risks": {"GET": API_READ},
    "report-kpis": {"GET": API_READ},
    "report-programme": {"GET": API_READ},
    "report-finance": {"GET": API_READ},
    # official statistics imports: files are sent as multipart, so a JSON body is refused
    "importrun-list": {
        "GET": signed_in(403, anon=401, pmo=200, director=200),
        "POST": signed_in(403, anon=401, pmo=415),
    },
    # withdrawing a sign-off: the office, or a partner officer for their own organisation,
    # who must say why (an empty body is refused); another's is not found
    "planactionsignoff-withdraw": {
        "POST": signed_in(403, anon=401, pmo=400, partner=400, partner_other=404)
    },
    # assurance: the programme office and directors, who read the evidence
    "assurance": {"GET": ASSURANCE},
    "assurance-area": {"GET": ASSURANCE},
    "assurance-pack": {"POST": signed_in(403, anon=302, pmo=302, director=302)},
    # files are "not found" to whoever may not read them
    "assurance-pack-file": {"GET": signed_in(404, anon=302, pmo=200, director=200)},
    "evidence-file": {"GET": signed_in(404, anon=302, pmo=200, director=200)},
    # board business: the office, directors and the body's members (none in the data set);
    # anyone else is told the body is not found. The chair (or the office) answers
    # escalations, an empty answer sent back with its error; the office asks for packs.
    "body-meetings": {"GET": BOARD},
    "meeting": {"GET": BOARD},
    "meeting-respond": {"POST": signed_in(404, anon=302, pmo=302)},
    "meeting-pack": {"POST": signed_in(404, anon=302, pmo=302)},
    "meeting-pack-file": {"GET": BOARD},
    "agenda-paper": {"GET": BOARD},
    # board business in the API, scoped as on the pages: every list answers, holding only
    # the bodies' business the user may read (nothing but the office's and directors'); a
    # record of another body is not found, except an action to the person who owns it (the
    # data set's lead owns both actions)
    **{
        f"{basename}-list": {"GET": signed_in(200, anon=401)}
        for basename in ("agendaitem", "decision", "boardaction")
    },
    **{
        f"{basename}-{kind}": {"GET": BOARD_API}
        for basename in ("agendaitem", "decision")
        for kind in ("detail", "history")
    },
    **{
        f"boardaction-{kind}": {"GET": {**BOARD_API, "lead": 200, "lead_other": 200}}
        for kind in ("detail", "history")
    },
    "meeting-action-log": {"GET": BOARD_API},
    "meeting-escalations": {"GET": BOARD_API},
    # spreadsheets: leads import their own projects' rows, the office any; directors read
    "spreadsheet-import": {"GET": IMPORTERS, "POST": IMPORTERS},
    "spreadsheet-import-confirm": {"POST": signed_in(302, anon=302, director=403, scrutiny=403)},
    "spreadsheet-template": {"GET": signed_in(200, anon=302, scrutiny=403)},
    "spreadsheet-export": {"GET": signed_in(200, anon=302, scrutiny=403)},
    # the admin site's own pages
    "admin:index": {"GET": signed_in(200, anon=302)},
    "admin:login": {"GET": signed_in(302, anon=200), "POST": everyone(200)},
    "admin:logout": {"POST": everyone(302)},
    "admin:password_change": {"GET": signed_in(200, anon=302), "POST": signed_in(200, anon=302)},
    "admin:password_change_done": {"GET": signed_in(200, anon=302)},
    "admin:jsi18n": {"GET": signed_in(200, anon=302)},
    # an autocomplete must name the field it serves
    "admin:autocomplete": {"GET": signed_in(403, anon=302)},
    # projects have no public page to go to
    "admin:view_on_site": {"GET": signed_in(404, anon=302)},
    "admin:app_list": {"GET": signed_in(200, anon=302, scrutiny=404)},
    "admin/(?P<url>.*)$": {"GET": signed_in(404, anon=302)},
    "admin:auth_user_password_change": {"GET": signed_in(403, anon=302)},
    # the data set's build has no file yet
    "admin:sendtrack_documentbuild_download": {"GET": signed_in(404, anon=302)},
    # a step's confirmation is shown to those who read publications; taking it is checked by
    # the workflow's service: approving is a director's step, refused to the programme office,
    # and a director is told that this (published) publication is not waiting for approval
    # a summary's reading age as it is typed: asked (POST) by those who may write the record
    "admin:sendtrack_coproductionentry_readability": {
        "GET": signed_in(403, anon=302, pmo=405),
        "POST": signed_in(403, anon=302, pmo=200),
    },
    "admin:sendtrack_publication_readability": {
        "GET": signed_in(403, anon=302, pmo=405),
        "POST": signed_in(403, anon=302, pmo=200),
    },
    "admin:sendtrack_publication_workflow": {
        "GET": signed_in(403, anon=302, pmo=200, director=200),
        "POST": signed_in(403, anon=302, director=302),
    },
}
for _key in [key for key in PAGES if not key.startswith("admin")]:
    if "GET" in PAGES[_key]:
        PAGES[_key]["HEAD"] = PAGES[_key]["GET"]


def _role(subject: str) -> str:
    return subject.removesuffix("_other")


def admin_status(access: Access, action: str, subject: str, method: str) -> int:
    """What an admin model page answers, from who may do what to the model's rows."""
    if subject == "anon" or action == "redirect":
        return 302
    role = _role(subject)
    hidden = subject in OTHERS and role in access.owned
    readable = access.view | access.change
    if action == "changelist":
        return 200 if role in readable else 403
    if action == "add":
        return 200 if role in access.add else 403
    if action == "delete":
        needed = access.delete
    elif action == "change" and method == "POST":
        needed = access.change
    else:  # change (GET), history, one version in the history
        needed = readable
    if role not in needed:
        return 403
    return 302 if hidden else 200


def api_status(access: Access, kind: str, subject: str, method: str) -> int:
    """What an API resource answers, from who may do what to its rows."""
    if subject == "anon":
        return 401
    role = _role(subject)
    hidden = subject in OTHERS and role in access.owned
    if kind == "list":
        if method == "POST":
            return 400 if role in access.add else 403
        return 200 if role in access.view else 403
    if method in ("PUT", "PATCH"):
        asks = access.change if access.asks_change is None else access.asks_change
        if role not in asks:
            return 403
        if hidden:
            return 404
        if role not in access.change:
            return 403
        return 400 if method == "PUT" else 200
    if role not in access.view:
        return 403
    return 404 if hidden else 200


def _model_label(route: Route) -> str:
    return route.admin_model._meta.label_lower


def _api_parts(route: Route) -> tuple[str, str]:
    basename, _, kind = route.key.rpartition("-")
    return basename, kind


def _is_api_resource(route: Route) -> bool:
    return route.is_api and route.api_model is not None


def expected(route: Route, subject: str, method: str) -> int | None:
    """The status the tables give, or None when the route has no entry."""
    if route.key in PAGES:
        return PAGES[route.key].get(method, {}).get(subject)
    if route.admin_model is not None:
        access = ADMIN_MODELS.get(_model_label(route))
        return None if access is None else admin_status(access, route.admin_action, subject, method)
    if _is_api_resource(route):
        basename, kind = _api_parts(route)
        if basename in PUBLIC_API:
            return 200
        access = API_RESOURCES.get(basename)
        return None if access is None else api_status(access, kind, subject, method)
    return None


def methods_sent(route: Route) -> tuple[str, ...]:
    if route.is_admin and route.admin_action != "redirect":
        return tuple(m for m in route.methods if m != "HEAD")
    return route.methods


ROUTES = routes()


def test_every_route_has_an_entry():
    missing = [
        f"{route.key} {method} as {subject}"
        for route in ROUTES
        for method in methods_sent(route)
        for subject in SUBJECTS
        if expected(route, subject, method) is None
    ]
    assert missing == []


def test_every_registered_model_and_resource_is_in_the_tables():
    admin_models = {_model_label(r) for r in ROUTES if r.admin_model is not None}
    assert admin_models == set(ADMIN_MODELS)
    resources = {_api_parts(r)[0] for r in ROUTES if _is_api_resource(r)}
    assert resources == set(API_RESOURCES) | PUBLIC_API | BOARD_BUSINESS_API


@pytest.fixture(autouse=True)
def _files_in_a_temporary_folder(settings, route_media_root):
    # The module's data set, and its files, outlive each test.
    settings.MEDIA_ROOT = route_media_root


@pytest.fixture
def data(route_data):
    return route_data


def _client(data: DataSet, subject: str) -> Client:
    client = Client()
    if subject != "anon":
        client.force_login(data.extra["users"][_role(subject)])
    return client


def _send(client: Client, method: str, path: str, *, api: bool):
    if method in ("GET", "HEAD"):
        return getattr(client, method.lower())(path)
    if api:
        return getattr(client, method.lower())(path, data={}, content_type="application/json")
    return getattr(client, method.lower())(path, data={})


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=[r.key for r in ROUTES])
def test_the_route_answers_each_role_as_the_tables_say(route, data):
    wrong = []
    for variant, path in concrete(route, data):
        subjects = tuple(OTHERS) if variant == "other" else tuple(set(SUBJECTS) - OTHERS)
        for subject in subjects:
            client = _client(data, subject)
            for method in methods_sent(route):
                want = expected(route, subject, method)
                got = _send(client, method, path, api=route.is_api).status_code
                if got != want:
                    wrong.append(f"{method} {path} as {subject}: {got}, expected {want}")
    assert wrong == []
