"""The benchmark's floor: what the cheapest request costs in this app."""

from django.http import HttpRequest, HttpResponse


def floor(request: HttpRequest) -> HttpResponse:
    """Passes through every middleware of the site, asks no query and renders no template."""
    return HttpResponse(b"ok", content_type="text/plain")
