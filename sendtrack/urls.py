from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from .health import health

admin.site.site_header = "sendtrack"
admin.site.site_title = "sendtrack"
admin.site.index_title = "SEND improvement programme"
# The index lists every section; the side bar would only narrow the wide project lists.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/", admin.site.urls),
    path("api/", include("sendtrack.api.urls")),
    path("health/", health, name="health"),
]
