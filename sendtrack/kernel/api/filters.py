"""Filtering and ordering shared by every list: unknown query parameters, empty ones and yes/no
filters that are neither are refused with a 400 (a misspelt filter must not quietly return
everything), and every order ends on the primary key so that pages never repeat or skip a row."""

from __future__ import annotations

from django_filters import rest_framework as django_filters
from django_filters.filters import BooleanFilter, QuerySetRequestMixin
from rest_framework import exceptions
from rest_framework.filters import OrderingFilter, SearchFilter

from sendtrack.kernel.choices import choices_scoped_for, choices_visible_to

# Query parameters that are not filters but are understood by every list.
COMMON_PARAMETERS = {"format", "page", "page_size", "ordering", "search"}
# Empty, these mean "no search" and "the list's own order"; any other parameter given without a
# value is refused: ``?rag=`` is a filter someone meant to fill in, not a wish to see everything.
MAY_BE_EMPTY = {"search", "ordering"}


def refuse_empty(query_params, *, known: set[str]) -> None:
    """Raise a 400 naming each known query parameter that was given without a value."""
    empty = sorted(
        name
        for name in (known & set(query_params)) - MAY_BE_EMPTY
        if "" in query_params.getlist(name)
    )
    if empty:
        raise exceptions.ValidationError(
            {name: [f"“{name}” is empty. Give it a value, or leave it out."] for name in empty}
        )


class StrictFilterBackend(django_filters.DjangoFilterBackend):
    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            _scope_choices(filterset, request)
        known = set(COMMON_PARAMETERS)
        if filterset is not None:
            known |= set(filterset.form.fields)
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            offered = ", ".join(sorted(known - {"format", "page", "page_size"}))
            raise exceptions.ValidationError(
                {
                    name: [f"Unknown filter “{name}”. This list understands: {offered}."]
                    for name in unknown
                }
            )
        refuse_empty(request.query_params, known=known)
        if filterset is not None:
            _refuse_unreadable_booleans(request.query_params, filterset)
        return filterset


def _scope_choices(filterset, request) -> None:
    # A filter naming a record (an owner, a lead, a project) accepts only those the user may
    # choose: naming another is answered as naming none that exists, and its name is never
    # offered (``sendtrack.kernel.choices``). Each filter set holds its own copies of its filters.
    # Only the filters given are looked at (the API offers no form of them), so that a list
    # asked for without one reads no more than before.
    given = [
        filter_
        for name, filter_ in filterset.filters.items()
        if name in request.query_params and isinstance(filter_, QuerySetRequestMixin)
    ]
    if not given or not choices_scoped_for(request.user):
        return
    for filter_ in given:
        queryset = filter_.get_queryset(request)
        filter_.queryset = choices_visible_to(user=request.user, queryset=queryset)


# What django-filter reads as yes or no; it reads anything else as "not filtering", so that
# ``?is_overdue=yes`` would quietly list everything.
BOOLEAN_VALUES = {"true", "false", "1", "0"}


def _refuse_unreadable_booleans(query_params, filterset) -> None:
    unreadable = {
        name: [f"“{value}” is not true or false."]
        for name, filter_ in filterset.filters.items()
        if isinstance(filter_, BooleanFilter)
        for value in query_params.getlist(name)
        if value.lower() not in BOOLEAN_VALUES
    }
    if unreadable:
        raise exceptions.ValidationError(unreadable)


class StableOrderingFilter(OrderingFilter):
    """Orders as asked (or by the list's default) and then by primary key."""

    def get_ordering(self, request, queryset, view):
        ordering = list(
            super().get_ordering(request, queryset, view)
            or queryset.query.order_by
            or queryset.model._meta.ordering
        )
        if not {"pk", "-pk", "id", "-id"} & {str(o) for o in ordering}:
            ordering.append("pk")
        return ordering

    def remove_invalid_fields(self, queryset, fields, view, request):
        valid = super().remove_invalid_fields(queryset, fields, view, request)
        invalid = [f for f in fields if f not in valid]
        if invalid:
            allowed = ", ".join(
                name for name, _ in self.get_valid_fields(queryset, view, {"request": request})
            )
            raise exceptions.ValidationError(
                {
                    "ordering": [
                        f"Cannot order by “{', '.join(invalid)}”. Order by one of: {allowed} "
                        "(prefix “-” for descending)."
                    ]
                }
            )
        return valid


class Search(SearchFilter):
    search_description = "Words to look for in the list's main text fields."
