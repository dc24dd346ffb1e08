"""``/api/v1/``: every resource and monthly report; ``/api/schema/`` and ``/api/docs/``."""

from __future__ import annotations

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from governance.api import views as governance
from governance.api.sign_offs import PlanActionSignOffViewSet
from indicators.api import reports as indicator_reports
from indicators.api import views as indicators
from indicators.official.api import ImportRunViewSet
from projects.api import reports as project_reports
from projects.api import views as projects
from sendtrack.assurance.api import AreaViewSet
from sendtrack.boards.api import views as boards
from sendtrack.coproduction.api import CoproductionEntryViewSet
from sendtrack.publications.api import PublishedVersionViewSet

router = DefaultRouter(trailing_slash=True)
router.include_format_suffixes = False
for prefix, viewset in [
    ("workstreams", projects.WorkstreamViewSet),
    ("projects", projects.ProjectViewSet),
    ("milestones", projects.MilestoneViewSet),
    ("risks", projects.RiskViewSet),
    ("status-reports", projects.StatusReportViewSet),
    ("indicators", indicators.IndicatorViewSet),
    ("measurements", indicators.MeasurementViewSet),
    ("targets", indicators.TargetViewSet),
    ("benchmarks", indicators.BenchmarkViewSet),
    ("benefits", indicators.BenefitViewSet),
    ("organisations", governance.OrganisationViewSet),
    ("bodies", governance.BodyViewSet),
    ("meetings", governance.MeetingViewSet),
    ("information-requests", governance.InformationRequestViewSet),
    ("areas-of-weakness", governance.AreaOfWeaknessViewSet),
    ("plan-actions", governance.PlanActionViewSet),
    ("plan-action-sign-offs", PlanActionSignOffViewSet),
    ("evidence", governance.EvidenceItemViewSet),
    ("publications", PublishedVersionViewSet),
    ("you-said-we-did", CoproductionEntryViewSet),
    ("official-statistics/imports", ImportRunViewSet),
    ("agenda-items", boards.AgendaItemViewSet),
    ("decisions", boards.DecisionViewSet),
    ("board-actions", boards.BoardActionViewSet),
]:
    router.register(prefix, viewset)
# The current areas by number with their assurance (the areas-of-weakness resource, extended).
router.register("areas", AreaViewSet, basename="area")

urlpatterns = [
    path(
        "v1/meetings/<int:pk>/action-log/",
        boards.MeetingActionLogView.as_view(),
        name="meeting-action-log",
    ),
    path(
        "v1/meetings/<int:pk>/escalations/",
        boards.MeetingEscalationsView.as_view(),
        name="meeting-escalations",
    ),
    path("v1/", include(router.urls)),
    path(
        "v1/reports/milestones/",
        project_reports.MilestoneReportView.as_view(),
        name="report-milestones",
    ),
    path("v1/reports/risks/", project_reports.RiskReportView.as_view(), name="report-risks"),
    path("v1/reports/kpis/", indicator_reports.KPIReportView.as_view(), name="report-kpis"),
    path(
        "v1/reports/programme/",
        project_reports.ProgrammeReportView.as_view(),
        name="report-programme",
    ),
    path("v1/reports/finance/", project_reports.FinanceReportView.as_view(), name="report-finance"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file (?script), not inline.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # ReDoc draws its styles into the page as it renders (styled-components) and searches in
    # a worker it makes from a blob, so its page alone allows inline styles and blob workers;
    # scripts stay limited to sendtrack's own files. (Its footer logo, which it fetches from
    # its makers' site, stays blocked: the docs load nothing from outside sendtrack.)
    path(
        "docs/redoc/",
        csp_update({"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})(
            SpectacularRedocView.as_view(url_name="api-schema")
        ),
        name="api-redoc",
    ),
]
