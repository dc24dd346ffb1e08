"""Choosing JSON, CSV or XLSX from ``?format=`` or the Accept header."""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation


class FormatNegotiation(DefaultContentNegotiation):
    """As DRF's, but an unknown ``?format=`` is a 400 naming the formats on offer, not a 404."""

    def filter_renderers(self, renderers, format):
        chosen = [renderer for renderer in renderers if renderer.format == format]
        if not chosen:
            offered = ", ".join(sorted({renderer.format for renderer in renderers} - {"api"}))
            raise exceptions.ValidationError(
                {"format": [f"Unknown format “{format}”. Use one of: {offered}."]}
            )
        return chosen
