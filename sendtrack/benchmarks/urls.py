"""The site's own addresses, plus the floor at ``/bench/floor/``; served only by ``make bench``."""

from django.urls import path

from sendtrack.urls import handler404
from sendtrack.urls import urlpatterns as site_urlpatterns

from .views import floor

urlpatterns = [path("bench/floor/", floor, name="bench-floor"), *site_urlpatterns]

__all__ = ["handler404", "urlpatterns"]
