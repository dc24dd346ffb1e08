"""The site's addresses and one that fails, to see what a failure shows and logs."""

from django.urls import path

from sendtrack.urls import handler404, urlpatterns  # noqa: F401 - the site's own handlers


def fails(request):
    raise RuntimeError("The report could not be built.")


urlpatterns = [*urlpatterns, path("fails/", fails)]
