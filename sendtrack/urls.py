from django.contrib import admin
from django.urls import include, path

from indicators import views as indicator_views
from sendtrack.assurance import views as assurance
from sendtrack.boards import views as board_views
from sendtrack.dashboards import views as dashboards
from sendtrack.dashboards.finance import finance

from . import sso
from .coproduction.views import you_said_we_did
from .health import health
from .members import views as members
from .navigation import favicon, home

admin.site.site_header = "sendtrack"
admin.site.site_title = "sendtrack"
admin.site.index_title = "SEND improvement programme"
# The index lists every section; the side bar would only narrow the wide project lists.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    # The overview, or the signed-in role's own home page (see navigation.home).
    path("", home, name="overview"),
    path("performance/", dashboards.performance, name="performance"),
    path("performance/<str:code>/", indicator_views.indicator_detail, name="indicator"),
    path("operational/", dashboards.operational, name="operational"),
    path("data-quality/", dashboards.data_quality, name="data-quality"),
    path("finance/", finance, name="finance"),
    path("projects/<str:code>/", board_views.project_page, name="project"),
    path("members/", members.members_home, name="members"),
    path("assurance/", assurance.matrix, name="assurance"),
    path("assurance/areas/<int:number>/", assurance.area, name="assurance-area"),
    path("assurance/packs/", assurance.pack_request, name="assurance-pack"),
    path("assurance/packs/<int:pk>/", assurance.pack_file, name="assurance-pack-file"),
    path("evidence/<uuid:token>/", assurance.evidence_file, name="evidence-file"),
    path("accounts/login/", sso.SignInView.as_view(), name="login"),
    path("accounts/logout/", sso.SignOutView.as_view(), name="logout"),
    # Single sign-on with the organisation's identity provider ("not found" when unset).
    path("accounts/sso/start/", sso.SignOnStart.as_view(), name="oidc_authentication_init"),
    path(
        "accounts/sso/callback/",
        sso.SignOnCallback.as_view(),
        name="oidc_authentication_callback",
    ),
    path("accounts/sso/refused/", sso.refused, name="sso-refused"),
    path("publications/", include("sendtrack.publications.urls")),
    path("you-said-we-did/", you_said_we_did, name="you-said-we-did"),
    path("boards/", include("sendtrack.boards.urls")),
    path("admin/spreadsheets/", include("sendtrack.spreadsheets.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("sendtrack.api.urls")),
    path("health/", health, name="health"),
    path("favicon.ico", favicon, name="favicon"),
]

# Addresses under /api/ that name nothing answer in JSON like the API's other errors.
handler404 = "sendtrack.kernel.api.exceptions.page_not_found"
