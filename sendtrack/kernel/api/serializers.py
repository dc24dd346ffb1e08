"""What every writable resource shares: the model's own validation (``clean`` and its
constraints) runs on every write, exactly as in the admin, and errors name the field."""

from __future__ import annotations

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers


class TextField(serializers.CharField):
    """Text, and only text: a number or a true/false sent for a title or a commentary is a
    client's mistake (a column shifted, a field mixed up), refused rather than stored as
    "5"."""

    default_error_messages = {"invalid": "Send text here, in quotes, not {kind}."}
    KINDS = {bool: "true or false", int: "a number", float: "a number", list: "a list"}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", kind=self.KINDS.get(type(data), "an object"))
        return super().to_internal_value(data)


class CheckedModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer that validates with the model's ``full_clean`` and saves with
    ``save_instance`` (which subclasses point at the app's services). A field naming another
    record chooses only among the records the user may see (the view's ``visible_choices``):
    naming one outside them is refused as naming one that does not exist. Text fields take
    text only."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: TextField,
        models.TextField: TextField,
    }

    def get_fields(self):
        fields = super().get_fields()
        view = self.context.get("view")
        scope = getattr(view, "visible_choices", None)
        if scope is None or "request" not in self.context:
            return fields
        for name, field in fields.items():
            related = getattr(field, "child_relation", field)
            if isinstance(related, serializers.RelatedField) and not related.read_only:
                related.queryset = self._keeping_current(name, scope(name, related.queryset))
        return fields

    def _keeping_current(self, name: str, queryset):
        # A record's present choice stays acceptable (sent back unchanged, it is no change),
        # even where the user may not choose it anew.
        current = getattr(self.instance, f"{name}_id", None)
        if current is None or not isinstance(self.instance, models.Model):
            return queryset
        return queryset.all() | queryset.model._default_manager.filter(pk=current)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        # Who may write comes first (403), then duplicates (409), then the model's rules (400).
        view = self.context.get("view")
        if view is not None and hasattr(view, "check_write"):
            view.check_write(instance=self.instance, data=attrs)
        self.check_conflict(attrs)
        instance = self._candidate(attrs)
        try:
            instance.full_clean(exclude=self._not_checked())
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from error
        return attrs

    def check_conflict(self, attrs) -> None:
        """Raise ``Conflict`` if the record would duplicate one that exists."""

    def duplicate_of(self, attrs, *fields: str) -> int | None:
        """The id of another record with the same values of ``fields`` as this one would have
        once saved, if there is one (none while any of them is missing)."""
        values = {name: self._value(attrs, name) for name in fields}
        if any(value is None for value in values.values()):
            return None
        return (
            self.Meta.model.objects.filter(**values)
            .exclude(pk=getattr(self.instance, "pk", None))
            .values_list("pk", flat=True)
            .first()
        )

    def _value(self, attrs, name: str):
        """A field's value as it would be saved: from the request, else from the record."""
        if name in attrs:
            return attrs[name]
        return getattr(self.instance, name, None)

    def _not_checked(self) -> list[str]:
        # Many-to-many fields are checked by their own serializer fields.
        return [f.name for f in self.Meta.model._meta.many_to_many]

    def _candidate(self, attrs) -> models.Model:
        """The record as it would be saved, without saving it."""
        model = self.Meta.model
        candidate = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            if name not in self._many_to_many():
                setattr(candidate, name, value)
        return candidate

    def _many_to_many(self) -> set[str]:
        return {f.name for f in self.Meta.model._meta.many_to_many}

    @property
    def user(self):
        return self.context["request"].user

    def save_instance(self, instance: models.Model) -> models.Model:
        instance.save()
        return instance

    def create(self, validated_data):
        many = {k: validated_data.pop(k) for k in list(validated_data) if k in self._many_to_many()}
        instance = self.save_instance(self.Meta.model(**validated_data))
        for name, values in many.items():
            getattr(instance, name).set(values)
        return instance

    def update(self, instance, validated_data):
        many = {k: validated_data.pop(k) for k in list(validated_data) if k in self._many_to_many()}
        for name, value in validated_data.items():
            setattr(instance, name, value)
        instance = self.save_instance(instance)
        for name, values in many.items():
            getattr(instance, name).set(values)
        return instance
