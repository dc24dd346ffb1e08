"""Every address the URL configuration answers, walked from ``get_resolver()`` (the admin's and
the API routers' included), with the methods its view accepts, made concrete from a small data
set. The permission matrix and the query-count tests generated from the URLconf share it.

A route's ``key`` is its namespaced name (``admin:projects_project_change``, ``api-schema``),
or, for an unnamed pattern, the pattern itself. ``routes()`` lists them all; ``concrete()``
turns one into addresses, one per ``variant``: "own" (a row a project lead owns, and the partner
officer's organisation owns or co-owns, or any row) and, for a route about one row, "other" (a
row of another lead's, owned by the council alone).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# DRF's router writes regular expressions; Django's path() converters read the same once the
# named groups are written as <name>.
_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")

# Methods the checks send beside GET and HEAD, where a view accepts them.
WRITES = ("POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Route:
    key: str
    pattern: str
    callback: Callable = field(compare=False, repr=False)
    params: tuple[str, ...]

    @property
    def path(self) -> str:
        """The address as a template, e.g. ``/api/v1/projects/<pk>/``."""
        text = self.pattern.replace("^", "").replace("$", "").replace("\\Z", "")
        return "/" + _GROUP.sub(lambda m: f"<{m.group(1)}>", text)

    @property
    def name(self) -> str | None:
        """The namespaced name, or None for an unnamed pattern."""
        return None if self.key == self.pattern else self.key

    @property
    def kwargs(self) -> tuple[str, ...]:
        """The keyword arguments the address needs."""
        return tuple(_CONVERTER.findall(self.path))

    @property
    def viewset(self) -> type | None:
        """The DRF viewset or API view class behind the route, if any."""
        return getattr(self.callback, "cls", None)

    def url(self, **values: object) -> str:
        """The address with each keyword argument filled in."""
        missing = set(self.kwargs) - set(values)
        if missing:
            raise KeyError(f"{self.path} needs {sorted(missing)}")
        return _CONVERTER.sub(lambda m: str(values[m.group(1)]), self.path)

    @property
    def is_admin(self) -> bool:
        return self.key.startswith("admin:") or self.pattern.startswith("admin/")

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/")

    @property
    def methods(self) -> tuple[str, ...]:
        """The methods the view answers (HEAD with GET)."""
        callback = self.callback
        actions = getattr(callback, "actions", None)
        if actions:  # a DRF viewset's route: the methods the router mapped and it allows
            allowed = getattr(getattr(callback, "cls", None), "http_method_names", None)
            found = [m.upper() for m in actions if allowed is None or m in allowed]
        elif hasattr(callback, "cls"):  # a DRF view
            found = [m.upper() for m in callback.cls.http_method_names if hasattr(callback.cls, m)]
            found = [m for m in found if m not in ("OPTIONS",)]
        elif hasattr(callback, "view_class"):  # a Django class-based view
            view = callback.view_class
            found = [m.upper() for m in view.http_method_names if hasattr(view, m)]
            found = [m for m in found if m not in ("OPTIONS",)]
        elif self.key in ADMIN_SITE_METHODS:
            found = list(ADMIN_SITE_METHODS[self.key])
        elif self.key in VIEW_METHODS:
            found = list(VIEW_METHODS[self.key])
        elif self.is_admin:
            found = ["GET", "POST"] if self.admin_action in ADMIN_FORMS else ["GET"]
        else:
            found = ["GET"]
        if "GET" in found and "HEAD" not in found:
            found.append("HEAD")
        order = ("GET", "HEAD", *WRITES)
        return tuple(m for m in order if m in found)

    @property
    def admin_model(self) -> type[models.Model] | None:
        """The model of an admin route named ``admin:<app>_<model>_<action>`` (or, unnamed,
        under ``admin/<app>/<model>/``)."""
        for model in admin.site._registry:
            app, name = model._meta.app_label, model._meta.model_name
            if self.key.startswith(f"admin:{app}_{name}_") or self.pattern.startswith(
                f"admin/{app}/{name}/"
            ):
                return model
        return None

    @property
    def admin_action(self) -> str | None:
        model = self.admin_model
        if model is None:
            return None
        if self.key == self.pattern:
            return "redirect"  # the unnamed <object_id>/ that redirects to the change page
        return self.key.removeprefix(f"admin:{model._meta.app_label}_{model._meta.model_name}_")

    @property
    def api_model(self) -> type[models.Model] | None:
        cls = getattr(self.callback, "cls", None)
        queryset = getattr(cls, "queryset", None)
        return queryset.model if queryset is not None else None

    @property
    def about_one_row(self) -> bool:
        return (
            bool({"object_id", "pk"} & set(self.params))
            or self.key in PAGES_ABOUT_ONE_ROW
            or self.admin_action == "simple_history"
        )


# The admin's own pages that take a form; its model pages that do (a delete page's form asks
# for confirmation: a POST without it shows the question again).
ADMIN_SITE_METHODS = {
    "admin:login": ("GET", "POST"),
    "admin:logout": ("POST",),
    "admin:password_change": ("GET", "POST"),
}
# Function views whose decorators limit their methods (require_POST, require_http_methods).
VIEW_METHODS = {
    "assurance-pack": ("POST",),
    "meeting-respond": ("POST",),
    "meeting-pack": ("POST",),
    "spreadsheet-import": ("GET", "POST"),
    "spreadsheet-import-confirm": ("POST",),
}
ADMIN_FORMS = ("changelist", "add", "change", "delete", "workflow")

# Pages about one project or indicator, addressed by its code.
PAGES_ABOUT_ONE_ROW = {"project", "indicator"}


def _walk(patterns, prefix: str, namespace: str) -> Iterator[Route]:
    for entry in patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, pattern, inner)
        elif isinstance(entry, URLPattern):
            name = entry.name
            key = (f"{namespace}:{name}" if namespace else name) if name else pattern
            params = tuple(entry.pattern.converters) or tuple(entry.pattern.regex.groupindex)
            yield Route(key=key, pattern=pattern, callback=entry.callback, params=params)


def routes() -> list[Route]:
    """Every route of the URL configuration, in order, each once."""
    seen, found = set(), []
    for route in _walk(get_resolver().url_patterns, "", ""):
        if route.key not in seen:
            seen.add(route.key)
            found.append(route)
    return found


class DataSet:
    """A small data set for filling routes' parameters: for each model, a row a lead owns
    ("own") and a row of someone else's ("other"); for models nobody owns, two rows."""

    def __init__(self, rows: dict[type[models.Model], tuple[models.Model, models.Model]], **extra):
        self.rows = rows
        self.extra = extra

    def row(self, model: type[models.Model], variant: str) -> models.Model:
        own, other = self.rows[model]
        return own if variant == "own" else other


def _fill(route: Route, data: DataSet, variant: str) -> dict[str, Any] | None:
    """Values for the route's parameters, or None when the route has none to fill."""
    values: dict[str, Any] = {}
    overrides = data.extra.get("by_route", {}).get(route.key, {})
    for param in route.params:
        if param in overrides:
            values[param] = overrides[param]
        elif param == "object_id" and route.admin_model is not None:
            values[param] = data.row(route.admin_model, variant).pk
        elif param == "version_id":
            row = data.row(route.admin_model, variant)
            values[param] = row.history.order_by("history_id").first().history_id
        elif param == "pk" and route.is_api:
            values[param] = data.row(route.api_model, variant).pk
        else:
            values[param] = data.extra[param]
    return values


def concrete(route: Route, data: DataSet) -> list[tuple[str, str]]:
    """The route's addresses as (variant, path): "own" always, "other" for a route about one
    row. Unnamed routes (the admin's redirects and catch-all) take their example from
    their rows' keys (the admin's redirect to a change page) or go nowhere (its catch-all)."""
    variants = ["own", "other"] if route.about_one_row else ["own"]
    found = []
    for variant in variants:
        if route.admin_action == "redirect":
            pk = data.row(route.admin_model, variant).pk
            found.append((variant, "/" + route.pattern.replace("<path:object_id>", str(pk))))
            continue
        if route.key == route.pattern:  # the admin's catch-all
            found.append((variant, "/admin/nowhere/"))
            continue
        if route.key in PAGES_ABOUT_ONE_ROW:
            found.append((variant, data.extra["pages"][route.key][variant]))
            continue
        if route.admin_action == "simple_history":  # its pattern's groups are unnamed
            row = data.row(route.admin_model, variant)
            version = row.history.order_by("history_id").first().history_id
            found.append((variant, reverse(route.key, args=[row.pk, version])))
            continue
        found.append((variant, reverse(route.key, kwargs=_fill(route, data, variant))))
    return found


def build_dataset() -> DataSet:
    """One row of every model the routes address, owned by the lead ``lead`` ("own") or by
    someone else ("other"), and the logins of every role, under ``extra["users"]``."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.core.files.uploadedfile import SimpleUploadedFile
    from rest_framework.authtoken.models import Token, TokenProxy

    from governance import models as gov
    from indicators import models as ind
    from projects import models as prj
    from sendtrack import models as snd
    from sendtrack.publications import models as pub
    from tests import factories as f

    users = {
        "lead": f.lead_user(username="lead"),
        "pmo": f.pmo_user(username="pmo"),
        "director": f.director_user(username="director"),
        "scrutiny": f.scrutiny_user(username="scrutiny"),
        "partner": f.partner_user(username="partner"),
    }
    # The "own" rows are also the partner organisation's (the lead works for it, and its
    # project is co-owned by it); the "other" rows are the council's alone.
    partner = f.OrganisationFactory(name=PARTNER, kind=gov.Organisation.Kind.HEALTH)
    f.PersonFactory(user=users["partner"], organisation=partner)
    lead = f.PersonFactory(user=users["lead"], organisation=partner)
    projects = (f.ProjectFactory(lead=lead), f.ProjectFactory())
    projects[0].co_owners.add(partner)
    indicators = (f.IndicatorFactory(owner=lead, organisation=partner), f.IndicatorFactory())
    meetings = (f.MeetingFactory(), f.MeetingFactory())
    # the areas of the latest inspection, whose pages the assurance addresses show
    latest = f.InspectionFactory(start_date=date(2022, 9, 26), end_date=date(2022, 9, 30))
    areas = (
        f.AreaOfWeaknessFactory(inspection=latest),
        f.AreaOfWeaknessFactory(inspection=latest),
    )
    versions = (f.PublicationVersionFactory(), f.PublicationVersionFactory())
    tokens = tuple(Token.objects.create(user=users[n]) for n in ("director", "pmo"))
    evidence = f.EvidenceItemFactory(
        plan_action=None,
        area=areas[0],
        link="",
        file=SimpleUploadedFile("audit.csv", b"month,cases\n2025-01,12\n", "text/csv"),
    )
    pack = f.DocumentBuildFactory(
        requested_by=users["pmo"],
        kind=snd.DocumentBuild.Kind.EVIDENCE_PACK,
        parameters={"area": None},
        status=snd.DocumentBuild.Status.SUCCEEDED,
        file=SimpleUploadedFile("evidence-pack.zip", b"PK\x05\x06" + bytes(18)),
    )

    board_pack = f.DocumentBuildFactory(
        requested_by=users["pmo"],
        kind=snd.DocumentBuild.Kind.BOARD_PACK,
        parameters={"meeting": meetings[0].pk, "period": "2025-01", "format": "xlsx"},
        status=snd.DocumentBuild.Status.SUCCEEDED,
        file=SimpleUploadedFile("meeting-pack.xlsx", b"PK\x05\x06" + bytes(18)),
    )
    paper = snd.AgendaItem.objects.create(
        meeting=meetings[0],
        number=1,
        title="Sufficiency",
        paper=SimpleUploadedFile("paper.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    agenda_items = (
        paper,
        snd.AgendaItem.objects.create(meeting=meetings[1], number=1, title="Transport"),
    )
    decisions = tuple(
        snd.Decision.objects.create(
            meeting=m, reference="D1", decision="Agree the plan", decided_by="The Board"
        )
        for m in meetings
    )
    board_actions = tuple(
        snd.BoardAction.objects.create(raised_at=m, reference="A1", action="Map places", owner=lead)
        for m in meetings
    )

    def pair(factory, **kwargs):
        return factory(**kwargs), factory(**kwargs)

    rows = {
        gov.Organisation: pair(f.OrganisationFactory),
        gov.Person: (lead, projects[1].lead),
        gov.Body: (meetings[0].body, meetings[1].body),
        gov.Membership: pair(f.MembershipFactory),
        gov.Meeting: meetings,
        gov.InformationRequest: pair(f.InformationRequestFactory),
        gov.Inspection: (latest, f.InspectionFactory()),
        gov.AreaOfWeakness: areas,
        gov.AreaAssessment: pair(f.AreaAssessmentFactory),
        gov.ImprovementPlan: pair(f.ImprovementPlanFactory),
        gov.PlanAction: (f.PlanActionFactory(organisation=partner), f.PlanActionFactory()),
        gov.GovernanceSnapshot: pair(f.GovernanceSnapshotFactory),
        prj.Workstream: (projects[0].workstream, projects[1].workstream),
        prj.Project: projects,
        prj.Milestone: tuple(f.MilestoneFactory(project=p) for p in projects),
        prj.Risk: tuple(f.RiskFactory(project=p) for p in projects),
        prj.StatusReport: tuple(f.StatusReportFactory(project=p) for p in projects),
        prj.ProjectSnapshot: tuple(f.ProjectSnapshotFactory(project=p) for p in projects),
        prj.WorkstreamSnapshot: pair(f.WorkstreamSnapshotFactory),
        prj.SafetyValveTarget: (
            f.SafetyValveTargetFactory(financial_year=2024),
            f.SafetyValveTargetFactory(financial_year=2025),
        ),
        ind.Indicator: indicators,
        ind.Measurement: tuple(f.MeasurementFactory(indicator=i) for i in indicators),
        ind.Target: tuple(f.TargetFactory(indicator=i) for i in indicators),
        ind.Benchmark: tuple(f.BenchmarkFactory(indicator=i) for i in indicators),
        ind.IndicatorSnapshot: tuple(f.IndicatorSnapshotFactory(indicator=i) for i in indicators),
        ind.Benefit: tuple(
            f.BenefitFactory(project=p, indicator=i)
            for p, i in zip(projects, indicators, strict=True)
        ),
        snd.AgendaItem: agenda_items,
        snd.Decision: decisions,
        snd.BoardAction: board_actions,
        snd.EmailLog: tuple(f.EmailLogFactory(project=p) for p in projects),
        snd.DocumentBuild: pair(f.DocumentBuildFactory, requested_by=users["pmo"]),
        pub.Publication: (versions[0].publication, versions[1].publication),
        pub.PublicationVersion: versions,
        pub.WorkforceFigure: pair(f.WorkforceFigureFactory),
        # one entry approved for publication, one not yet
        snd.CoproductionEntry: (
            f.CoproductionEntryFactory(area=areas[0]),
            f.CoproductionEntryFactory(area=areas[1], is_published=False),
        ),
        gov.EvidenceItem: (evidence, f.EvidenceItemFactory()),
        # standing sign-offs of a jointly owned action marked complete, one per owner
        gov.PlanActionSignOff: _sign_offs(users["pmo"]),
        ind.CouncilArea: pair(f.CouncilAreaFactory),
        ind.StatisticsMapping: pair(f.StatisticsMappingFactory),
        ind.ImportRun: (pack_run := f.ImportRunFactory(user=users["pmo"]), f.ImportRunFactory()),
        ind.StatisticRevision: pair(f.StatisticRevisionFactory, run=pack_run),
        AccessAttempt: tuple(
            AccessAttempt.objects.create(username=n, ip_address="127.0.0.1", failures_since_start=1)
            for n in ("someone", "someone-else")
        ),
        AccessLog: tuple(
            AccessLog.objects.create(username=n, ip_address="127.0.0.1") for n in ("a", "b")
        ),
        AccessFailureLog: tuple(
            AccessFailureLog.objects.create(username=n, ip_address="127.0.0.1", locked_out=False)
            for n in ("a", "b")
        ),
        get_user_model(): (users["lead"], users["pmo"]),
        Group: tuple(Group.objects.order_by("name")[:2]),
        TokenProxy: tuple(TokenProxy.objects.get(pk=t.pk) for t in tokens),
    }
    submitted = f.PublicationFactory(status=pub.Publication.Status.SUBMITTED)
    return DataSet(
        rows,
        users=users,
        code=projects[0].code,
        slug=versions[0].publication.slug,
        number=areas[0].number,
        pk=submitted.pk,
        step="approve",
        id=users["lead"].pk,
        app_label="projects",
        content_type_id=ContentType.objects.get_for_model(prj.Project).pk,
        object_id=projects[0].pk,
        token=evidence.token,
        # parameters whose name other routes use for other rows
        by_route={
            "assurance-pack-file": {"pk": pack.pk},
            "body-meetings": {"body_id": meetings[0].body_id},
            "meeting": {"pk": meetings[0].pk},
            "meeting-respond": {"pk": meetings[0].pk},
            "meeting-pack": {"pk": meetings[0].pk},
            "meeting-action-log": {"pk": meetings[0].pk},
            "meeting-escalations": {"pk": meetings[0].pk},
            "meeting-pack-file": {"pk": board_pack.pk},
            "agenda-paper": {"pk": paper.pk},
            # a version's own number, not an area's (which depends on the tests run before)
            "publication-version": {"number": versions[0].number},
        },
        pages={
            "project": {v: f"/projects/{p.code}/" for v, p in zip(VARIANTS, projects, strict=True)},
            "indicator": {
                v: f"/performance/{i.code}/" for v, i in zip(VARIANTS, indicators, strict=True)
            },
        },
    )


VARIANTS = ("own", "other")
# The partner organisation whose officer (the login "partner") owns the "own" rows.
PARTNER = "Partner ICB"


def _sign_offs(user) -> tuple:
    """Standing sign-offs of jointly owned plan actions marked complete: the partner's of an
    action it co-owns ("own"), and the council's of an action another partner co-owns."""
    from governance.models import Organisation, PlanAction
    from governance.services import plan_action_sign_off
    from tests import factories as f

    lead = f.OrganisationFactory(name="Test County Council", kind=Organisation.Kind.COUNCIL)
    partner = f.OrganisationFactory(name=PARTNER, kind=Organisation.Kind.HEALTH)
    forum = f.OrganisationFactory(name="Parent carer forum", kind=Organisation.Kind.PARENT_CARER)
    signed = []
    for co_owner, signer in ((partner, partner), (forum, lead)):
        action = f.PlanActionFactory(
            organisation=lead, status=PlanAction.Status.COMPLETE, completed_on=date(2025, 1, 10)
        )
        action.co_owners.add(co_owner)
        signed.append(
            plan_action_sign_off(
                action=action,
                person=f.PersonFactory(organisation=signer),
                statement="Confirmed complete.",
                user=user,
            )
        )
    return tuple(signed)
