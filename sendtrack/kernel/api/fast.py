"""Lists written quickly: each row read from its record by a plan made once per page from the
serializer's own fields, and the JSON written by orjson. Both give exactly what DRF's
serializer and JSON renderer give (``tests/api/test_fast_lists.py`` compares them byte for
byte on awkward values); a field or serializer the plan does not know is read by DRF itself."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import orjson
from django.db import models
from rest_framework import relations, serializers
from rest_framework.fields import SkipField
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

from sendtrack.kernel.api.serializers import TextField

Reader = Callable[[Any], Any]

_ENCODER = JSONEncoder()
# Datetimes, dates and times are written by DRF's encoder (orjson's own form differs).
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME


def _default(value: Any) -> Any:
    return _ENCODER.default(value)


class FastJSONRenderer(JSONRenderer):
    """DRF's JSON renderer, written by orjson: the same bytes (compact, UTF-8, line and
    paragraph separators escaped), several times faster. Anything orjson will not write as
    DRF would (an indented answer, a number past 64 bits, a lone surrogate) is left to DRF."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        indent = self.get_indent(accepted_media_type, renderer_context or {})
        if indent is None and self.compact and not self.ensure_ascii:
            try:
                content = orjson.dumps(data, default=_default, option=_OPTIONS)
            except (TypeError, orjson.JSONEncodeError):
                pass
            else:
                return content.replace(b"\xe2\x80\xa8", b"\\u2028").replace(
                    b"\xe2\x80\xa9", b"\\u2029"
                )
        return super().render(data, accepted_media_type, renderer_context)


def _is_plain_model_serializer(serializer: serializers.Serializer) -> bool:
    return type(serializer).to_representation is serializers.Serializer.to_representation


def _drf_reader(field: serializers.Field) -> Reader:
    """DRF's own reading of a field, as ``Serializer.to_representation`` does it."""

    def read(instance):
        attribute = field.get_attribute(instance)
        check = attribute.pk if isinstance(attribute, relations.PKOnlyObject) else attribute
        return None if check is None else field.to_representation(attribute)

    read.by_drf = True
    return read


def _model_field(model: type[models.Model], name: str) -> models.Field | None:
    try:
        return model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - an annotation, a property, a reverse relation
        return None


def _reader(field: serializers.Field, model: type[models.Model], annotations: set[str]) -> Reader:
    """How one field is read from a record: straight from the attribute for the plain kinds
    of field, by DRF otherwise."""
    kind = type(field)
    attrs = field.source_attrs
    if kind is serializers.SerializerMethodField:
        return _Method(field.method_name)
    if len(attrs) != 1:
        return _drf_reader(field)
    (name,) = attrs
    model_field = _model_field(model, name)
    if kind is relations.PrimaryKeyRelatedField and field.pk_field is None:
        if isinstance(model_field, models.ForeignKey) and model_field.target_field.primary_key:
            attname = model_field.attname
            return lambda instance: getattr(instance, attname)
        return _drf_reader(field)
    if kind is relations.ManyRelatedField:
        child = field.child_relation
        if type(child) is relations.PrimaryKeyRelatedField and child.pk_field is None:
            if isinstance(model_field, models.ManyToManyField):
                # Read straight from the prefetched rows (what ``.all()`` would give) when the
                # view prefetched them, sparing a manager per record.
                def many(instance):
                    cache = getattr(instance, "_prefetched_objects_cache", None)
                    if cache is not None and name in cache:
                        return [related.pk for related in cache[name]]
                    return [related.pk for related in getattr(instance, name).all()]

                return many
            return lambda instance: [related.pk for related in getattr(instance, name).all()]
        return _drf_reader(field)
    # A concrete, non-relational column or an annotation (always set on the record), read by
    # a field that reads its attribute as every field does.
    plain = kind.get_attribute is serializers.Field.get_attribute and (
        name in annotations
        or (model_field is not None and model_field.concrete and not model_field.is_relation)
    )
    if not plain:
        return _drf_reader(field)
    if kind is serializers.IntegerField:
        return lambda instance: None if (v := getattr(instance, name)) is None else int(v)
    if kind in _TEXT:
        return lambda instance: None if (v := getattr(instance, name)) is None else str(v)
    if kind is serializers.BooleanField:
        represent = field.to_representation
        return lambda instance: None if (v := getattr(instance, name)) is None else represent(v)
    if kind is serializers.ChoiceField:
        choices = field.choice_strings_to_values

        def choice(instance):
            value = getattr(instance, name)
            if value in ("", None):
                return value
            return choices.get(str(value), value)

        return choice
    if kind is serializers.ReadOnlyField:
        return lambda instance: getattr(instance, name)
    represent = field.to_representation
    return lambda instance: None if (v := getattr(instance, name)) is None else represent(v)


# Fields whose representation is ``str(value)``.
_TEXT = (
    serializers.CharField,
    TextField,
    serializers.EmailField,
    serializers.URLField,
    serializers.SlugField,
)


class _Method(str):
    """A ``SerializerMethodField``: its method, of the serializer writing the rows."""


# Plans of serializers whose every field is read without the request (all but those that
# DRF reads): made once per serializer and set of annotations, as DRF's fields are made from
# the model's fields on every request. Method fields are bound to each request's serializer.
_PLANS: dict[tuple[type, frozenset[str]], list[tuple[str, Reader]]] = {}


def row_plan(serializer: serializers.Serializer, queryset) -> list[tuple[str, Reader]] | None:
    """Each readable field's name with how it is read, or None if the serializer writes its
    rows its own way."""
    if not _is_plain_model_serializer(serializer):
        return None
    query = getattr(queryset, "query", None)
    annotations = frozenset(query.annotations) if query is not None else frozenset()
    key = (type(serializer), annotations)
    plan = _PLANS.get(key)
    if plan is None:
        model = serializer.Meta.model
        plan = [
            (field.field_name, _reader(field, model, annotations))
            for field in serializer._readable_fields
        ]
        if not any(getattr(read, "by_drf", False) for _, read in plan):
            _PLANS[key] = plan
    return [
        (name, getattr(serializer, read) if isinstance(read, _Method) else read)
        for name, read in plan
    ]


def represent(plan: list[tuple[str, Reader]], instances: Iterable[Any]) -> list[dict]:
    rows = []
    for instance in instances:
        row = {}
        for name, read in plan:
            try:  # noqa: SIM105 - a try costs nothing per row where a context manager does
                row[name] = read(instance)
            except SkipField:
                pass
        rows.append(row)
    return rows
