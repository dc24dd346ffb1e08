"""Pages of a list in JSON; the whole (filtered) list in a CSV or XLSX file."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination

from .renderers import TABULAR_FORMATS


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        # A file is for a spreadsheet or Power BI: it holds every row that matches.
        renderer = getattr(request, "accepted_renderer", None)
        if renderer is not None and renderer.format in TABULAR_FORMATS:
            return None
        return super().paginate_queryset(queryset, request, view)
