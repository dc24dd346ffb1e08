"""Pages of a list in JSON; the whole (filtered) list in a CSV or XLSX file."""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination

from sendtrack.kernel.api.renderers import TABULAR_FORMATS


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    page_query_description = "The page, from 1."
    page_size_query_description = f"Rows per page (default {page_size}, at most {max_page_size})."

    def paginate_queryset(self, queryset, request, view=None):
        # A file is for a spreadsheet or Power BI: it holds every row that matches (a page and
        # page size are not used, but still refused if they are not numbers, as for JSON).
        renderer = getattr(request, "accepted_renderer", None)
        if renderer is not None and renderer.format in TABULAR_FORMATS:
            self._refuse_unreadable_page(request)
            self.get_page_size(request)
            return None
        return super().paginate_queryset(queryset, request, view)

    # DRF quietly reads a page size it cannot understand as the default, and an empty page as
    # the first: a script asking for ``page_size=all`` would think it had every row. Refuse
    # them instead; a page past the end stays a 404.
    def get_page_number(self, request, paginator):
        self._refuse_unreadable_page(request)
        return super().get_page_number(request, paginator)

    def _refuse_unreadable_page(self, request) -> None:
        number = request.query_params.get(self.page_query_param)
        if number is not None and number not in self.last_page_strings:
            _whole_number(number, name=self.page_query_param)

    def get_page_size(self, request):
        size = request.query_params.get(self.page_size_query_param)
        if size is None:
            return self.page_size
        return min(_whole_number(size, name=self.page_size_query_param), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters


def _whole_number(text: str, *, name: str) -> int:
    """A whole number from 1. Past a billion it is read as a billion, which is more pages or
    rows than any list holds (and spares reading thousands of digits)."""
    if text.isascii() and text.isdigit() and text.strip("0"):
        return int(text) if len(text) <= 9 else 10**9
    raise exceptions.ValidationError({name: [f"“{text}” is not a whole number from 1."]})
