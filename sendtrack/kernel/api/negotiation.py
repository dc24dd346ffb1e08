"""Choosing JSON, CSV or XLSX from ``?format=`` or the Accept header."""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation


class FormatNegotiation(DefaultContentNegotiation):
    """As DRF's, but an unknown ``?format=`` is a 400 naming the formats on offer, not a 404,
    and an empty one is a 400 too, not quietly JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        if request.query_params.get(self.settings.URL_FORMAT_OVERRIDE) == "":
            raise exceptions.ValidationError(
                {"format": [f"Give a format ({_offered(renderers)}), or leave “format” out."]}
            )
        return super().select_renderer(request, renderers, format_suffix)

    def filter_renderers(self, renderers, format):
        chosen = [renderer for renderer in renderers if renderer.format == format]
        if not chosen:
            raise exceptions.ValidationError(
                {"format": [f"Unknown format “{format}”. Use one of: {_offered(renderers)}."]}
            )
        return chosen


def _offered(renderers) -> str:
    return ", ".join(sorted({renderer.format for renderer in renderers} - {"api"}))
