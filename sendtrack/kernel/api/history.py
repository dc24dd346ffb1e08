"""``/api/v1/<resource>/<id>/history/``: every change to one record (who, when, which fields,
their old and new values), from its django-simple-history records, in two queries whatever
the length of the history; still answered once the record is deleted, to whoever could read
it as it last stood."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

CHANGE_KINDS = {"+": "created", "~": "changed", "-": "deleted"}
# Bookkeeping every record carries; its changes say nothing the change itself does not.
UNTRACKED = {"updated_at"}


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field's name, as in the record.")
    label = serializers.CharField(help_text="The field's name for people.")
    old = serializers.JSONField(allow_null=True, help_text="The value before the change.")
    new = serializers.JSONField(allow_null=True, help_text="The value after the change.")


class HistoryEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The change's own number.")
    changed_at = serializers.DateTimeField()
    changed_by = serializers.CharField(
        allow_null=True, help_text="The username of who made it (null for a system change)."
    )
    change = serializers.ChoiceField(choices=list(CHANGE_KINDS.values()))
    reason = serializers.CharField(allow_null=True, help_text="Why, where the step says.")
    changes = FieldChangeSerializer(
        many=True, help_text="Each field the change set, with its old and new values."
    )


def _tracked_fields(model: type[Model]) -> list:
    history_fields = {f.name for f in model.history.model._meta.fields}
    return [
        f
        for f in model._meta.concrete_fields
        if f.name in history_fields and f.name not in UNTRACKED
    ]


def _value(field, record) -> Any:
    return getattr(record, field.attname)


def _many_to_many(model: type[Model], records: list) -> dict[Any, dict[int, list]]:
    """For each many-to-many field whose history is kept (a record's co-owners), the related
    ids each history record holds, sorted: one query per field."""
    history_model = model.history.model
    found = {}
    for field in getattr(history_model, "_history_m2m_fields", ()):
        rows = history_model.__dict__[field.name].model.objects.filter(
            history__in=[record.history_id for record in records]
        )
        target = f"{field.m2m_reverse_field_name()}_id"
        held: dict[int, list] = {record.history_id: [] for record in records}
        for history_id, related_id in rows.values_list("history_id", target):
            held[history_id].append(related_id)
        found[field] = {key: sorted(ids) for key, ids in held.items()}
    return found


def history_entries(*, model: type[Model], pk: Any) -> list[dict[str, Any]]:
    """A record's changes, oldest first, each with the fields it set and their values before
    and after (foreign keys and many-to-many fields as ids, so that no change costs a
    query)."""
    records = list(
        model.history.filter(**{model._meta.pk.attname: pk})
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    fields = _tracked_fields(model)
    many = _many_to_many(model, records)
    entries, previous = [], None
    for record in records:
        changes = []
        for field, held in many.items():
            new = held[record.history_id]
            old = held[previous.history_id] if previous is not None else None
            if record.history_type != "-" and new != (old or []):
                changes.append(
                    {"field": field.name, "label": str(field.verbose_name), "old": old, "new": new}
                )
        for field in fields:
            new = _value(field, record)
            old = _value(field, previous) if previous is not None else None
            if record.history_type == "-":
                continue
            if previous is None or old != new:
                if previous is None and new is None:
                    continue
                changes.append(
                    {"field": field.name, "label": str(field.verbose_name), "old": old, "new": new}
                )
        user = record.history_user
        entries.append(
            {
                "id": record.history_id,
                "changed_at": record.history_date,
                "changed_by": user.get_username() if user is not None else None,
                "change": CHANGE_KINDS[record.history_type],
                "reason": record.history_change_reason,
                "changes": changes,
            }
        )
        previous = record
    return entries


class HistoryMixin:
    """Adds the ``history`` action to a resource whose model keeps its history."""

    @classmethod
    def get_extra_actions(cls):
        # Records sendtrack writes by itself (import runs, snapshots) keep no history of their
        # own: their resources have no history address.
        actions = super().get_extra_actions()
        queryset = getattr(cls, "queryset", None)
        if queryset is None or hasattr(queryset.model, "history"):
            return actions
        return [found for found in actions if found.__name__ != "history"]

    @extend_schema(
        summary="The record's history",
        description="Every change to the record, oldest first: who made it, when, and each "
        "field's old and new value (related records by id). Kept after the record is deleted.",
        responses=HistoryEntrySerializer(many=True),
        parameters=[],
        filters=False,
    )
    @action(
        detail=True,
        methods=["get"],
        renderer_classes=[JSONRenderer],
        pagination_class=None,
        filter_backends=[],
    )
    def history(self, request, **kwargs):
        model = self.queryset.model
        field = self.lookup_field
        key = kwargs[self.lookup_url_kwarg or field]
        # The record as the user may see it, without the figures the list derives.
        try:
            instance = get_object_or_404(self.history_rows(), **{field: key})
        except (Http404, DjangoValidationError, TypeError, ValueError):
            if field != "pk":
                raise Http404 from None  # a deleted record is found again by its id only
            instance = self._deleted(key)
        else:
            self.check_object_permissions(request, instance)
        return Response(history_entries(model=model, pk=instance.pk))

    def history_rows(self):
        """The records whose history the user may read, as they stand (no derived figures)."""
        return self.visible(self.queryset.all())

    def _deleted(self, pk):
        # A deleted record's history is read by whoever could read the record as it last
        # stood; a record that exists outside the user's rows stays "not found".
        model = self.queryset.model
        try:
            pk = model._meta.pk.to_python(pk)
        except (DjangoValidationError, TypeError, ValueError) as error:
            raise Http404 from error
        if model._default_manager.filter(pk=pk).exists():
            raise Http404
        last = model.history.filter(**{model._meta.pk.attname: pk}).order_by("-history_date")
        record = last.first()
        if record is None:
            raise Http404
        instance = record.instance
        try:
            self.check_object_permissions(self.request, instance)
        except PermissionDenied as error:
            raise Http404 from error
        return instance
