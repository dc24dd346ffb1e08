"""The shape every API resource and report shares: role permissions, scoping to what the user
may see, strict filters, stable ordering, pages, and JSON, CSV or XLSX on request."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError
from django.db.models import Model, QuerySet
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from sendtrack.kernel.api.exceptions import Conflict, PreconditionFailed
from sendtrack.kernel.api.fast import FastJSONRenderer, represent, row_plan
from sendtrack.kernel.api.filters import Search, StableOrderingFilter, StrictFilterBackend
from sendtrack.kernel.api.history import HistoryMixin
from sendtrack.kernel.api.permissions import RolePermissions
from sendtrack.kernel.api.renderers import TABULAR_FORMATS, CSVRenderer, XLSXRenderer
from sendtrack.kernel.api.tables import Table, columns_for
from sendtrack.kernel.choices import choices_visible_to
from sendtrack.kernel.concurrency import StaleRecordError, etag_for, last_change

RENDERERS = [JSONRenderer, CSVRenderer, XLSXRenderer]


class TabularMixin:
    """Answers in JSON, CSV or XLSX; errors, and the description OPTIONS gives, are always JSON,
    whatever the format asked for: they are not tables."""

    renderer_classes = RENDERERS

    def get_tables(self) -> list[Table]:
        raise NotImplementedError

    def get_filename(self, data: Any) -> str:
        raise NotImplementedError

    def finalize_response(self, request, response, *args, **kwargs):
        renderer = getattr(request, "accepted_renderer", None)
        if (
            (response.status_code >= 400 or request.method == "OPTIONS")
            and renderer is not None
            and renderer.format in TABULAR_FORMATS
        ):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class ResourceViewSet(
    HistoryMixin,
    TabularMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """A read-only resource with each record's history. Subclasses set ``queryset`` (the
    model's rows), ``visible`` (the rows the user may see) and ``annotate`` (the selector that
    adds derived figures)."""

    renderer_classes = [FastJSONRenderer, CSVRenderer, XLSXRenderer]
    permission_classes = [RolePermissions]
    filter_backends = [StrictFilterBackend, Search, StableOrderingFilter]
    table_title = ""

    def visible(self, queryset: QuerySet) -> QuerySet:
        return queryset

    def annotate(self, queryset: QuerySet) -> QuerySet:
        return queryset

    def get_queryset(self) -> QuerySet:
        # Whatever the method, a record the user may not see is "not found", exactly as one
        # that does not exist: a 403 for it would tell them it exists. Whether they may write a
        # record they do see is answered with a 403 by ``can_write``.
        return self.annotate(self.visible(self.queryset.all()))

    def get_tables(self) -> list[Table]:
        title = self.table_title or str(self.queryset.model._meta.verbose_name_plural).capitalize()
        return [Table("results", title, columns_for(self.get_serializer()))]

    def get_filename(self, data: Any) -> str:
        return str(self.queryset.model._meta.verbose_name_plural).replace(" ", "-")

    def list(self, request, *args, **kwargs):
        # As DRF's list, with each row read by a plan made once from the serializer's fields
        # (the same values, in less time: see ``fast``).
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        records = queryset if page is None else page
        serializer = self.get_serializer(records, many=True)
        plan = row_plan(serializer.child, queryset)
        data = serializer.data if plan is None else represent(plan, records)
        if page is None:
            return Response(data)
        return self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        return Response(self.get_serializer(instance).data, headers={"ETag": etag_for(instance)})


def field_differs(instance: Model, name: str, value: Any) -> bool:
    """Whether a write's ``value`` for field ``name`` changes ``instance`` (for a many-to-many
    field, whether it names other rows): what a role limited to some fields may not send."""
    current = getattr(instance, name)
    if hasattr(current, "all"):  # many-to-many
        return {obj.pk for obj in current.all()} != {obj.pk for obj in value}
    return current != value


class WritableResourceViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ResourceViewSet):
    """A resource the user's role may add to and change, within the rows ``can_write`` allows."""

    # Raised by the database when a write would duplicate a record (a second report for the
    # same month, sent at the same moment as the first): answered as a conflict.
    conflict_message = "This would duplicate an existing record."

    def can_write(self, *, instance: Model | None, data: dict) -> bool:
        """Whether the user may save ``data`` (onto ``instance``, or as a new record)."""
        raise NotImplementedError

    denied_message = "You do not have permission to change this record."

    def visible_choices(self, field: str, queryset: QuerySet) -> QuerySet:
        """The records the user may name in ``field`` (by default, those they may choose: see
        ``sendtrack.visibility``): a record they may not see is answered as one that does not
        exist. A read neither offers nor checks them, and so asks nothing here."""
        if self.request.method in SAFE_METHODS:
            return queryset
        return choices_visible_to(user=self.request.user, queryset=queryset)

    def check_write(self, *, instance: Model | None, data: dict) -> None:
        if not self.can_write(instance=instance, data=data):
            raise PermissionDenied(self.denied_message)

    # ``check_write`` runs in the serializer's validation, once the fields are understood.
    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer)

    def _save(self, serializer):
        try:
            serializer.save()
        except IntegrityError as error:
            raise Conflict(self.conflict_message) from error
        except StaleRecordError as error:
            raise PreconditionFailed(str(error)) from error

    def _fresh(self, serializer) -> tuple[Any, dict[str, str]]:
        # Answer with the record as the list shows it, derived figures included, and its tag.
        instance = self.annotate(self.queryset.all()).get(pk=serializer.instance.pk)
        return self.get_serializer(instance).data, {"ETag": etag_for(instance)}

    def check_if_match(self, request, instance: Model) -> None:
        """A PUT or PATCH sent with ``If-Match`` is refused (412) unless it names the record's
        current tag (or ``*``): the client's copy is out of date. Without the header the write
        goes ahead, as it always has for existing clients."""
        header = request.headers.get("If-Match")
        if header is None:
            return
        tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
        current = etag_for(instance)
        if "*" in tags or current in tags:
            return
        who, when = last_change(instance)
        at = f" at {when}" if when else ""
        raise PreconditionFailed(
            f"This {instance._meta.verbose_name} was changed by {who}{at}, after the copy you "
            f"sent If-Match for ({header.strip()}); it is now {current}. Nothing was saved: "
            "read it again (GET), then send your change with the new ETag."
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        data, headers = self._fresh(serializer)
        return Response(data, status=201, headers=headers)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        self.check_write(instance=instance, data={})
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        # After the body is understood, so that bad input is told as such whatever the tag.
        self.check_if_match(request, instance)
        self.perform_update(serializer)
        data, headers = self._fresh(serializer)
        return Response(data, headers=headers)
