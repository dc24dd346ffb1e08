"""The API's answers as tables: the columns of a list or report (key, human header, kind of
value), so that CSV and XLSX files carry exactly the fields the JSON does, with headers people
read and values spreadsheets understand."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.text import capfirst
from rest_framework import serializers


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text, integer, number, date, datetime, boolean, list


def _kind(field: serializers.Field) -> str:
    if isinstance(field, serializers.BooleanField):
        return "boolean"
    if isinstance(field, serializers.IntegerField) and not isinstance(
        field, serializers.PrimaryKeyRelatedField
    ):
        return "integer"
    if isinstance(field, serializers.DecimalField | serializers.FloatField):
        return "number"
    if isinstance(field, serializers.DateTimeField):
        return "datetime"
    if isinstance(field, serializers.DateField):
        return "date"
    if isinstance(field, serializers.ManyRelatedField | serializers.ListField):
        return "list"
    return "text"


def columns_for(serializer: serializers.Serializer) -> list[Column]:
    """A serializer's readable fields as columns, headed by their labels."""
    return [
        Column(
            key=name,
            label=str(field.label or capfirst(name.replace("_", " "))),
            kind=_kind(field),
        )
        for name, field in serializer.fields.items()
        if not field.write_only
    ]


def typed(value: Any, kind: str) -> Any:
    """A JSON-ready value as the spreadsheet should hold it: dates as dates, numbers as
    numbers, lists joined; blanks stay blank."""
    if value is None or value == "":
        return None
    if kind == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    if kind == "datetime":
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        # Spreadsheets hold no time zones: show the local (UK) time.
        return timezone.localtime(moment).replace(tzinfo=None) if moment.tzinfo else moment
    if kind == "number" and isinstance(value, str):
        return Decimal(value)
    if isinstance(value, Mapping | list | tuple):
        # A list field, or a JSON field holding a list or a record (an import's files and
        # problems): one cell of text, as a spreadsheet cell holds no structure.
        return _joined(value)
    return value


def _joined(value: Any) -> str:
    """A list as its items separated by semicolons; a record as compact JSON."""
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, list | tuple):
        return "; ".join(_joined(item) for item in value)
    return str(value)


# Values that ``typed`` gives back as they are, whatever the column.
_AS_THEY_ARE = frozenset({int, bool, Decimal, date})


def table_rows(rows: Iterable[Mapping[str, Any]], columns: list[Column]) -> Iterator[list[Any]]:
    """Each row's values in column order, typed for a spreadsheet (as ``typed``; text in a
    column of text, and whole numbers, yes/no, decimals and dates not held as text, are
    passed through without the call)."""
    keys = [(column.key, column.kind, column.kind == "text") for column in columns]
    as_they_are = _AS_THEY_ARE
    for row in rows:
        values = []
        for key, kind, text in keys:
            value = row.get(key)
            cls = type(value)
            if (cls is str and text and value) or (cls in as_they_are and kind != "datetime"):
                values.append(value)
            else:
                values.append(typed(value, kind))
        yield values


@dataclass(frozen=True)
class Table:
    """A named table of rows in an answer: a report's main rows or one of its summaries."""

    key: str
    title: str
    columns: list[Column]
