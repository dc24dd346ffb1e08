"""Months as the API reads and writes them: ``2026-10`` (or the month's first day,
``2026-10-01``) in, the first day of the month out."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django_filters import rest_framework as django_filters
from drf_spectacular.drainage import set_override
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

MONTH_PATTERN = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?", re.ASCII)
MONTH_HELP = "A month as YYYY-MM, e.g. 2026-10."
# The years a month may fall in. The reports reach months before and after the one asked for,
# and nothing in a SEND programme is planned for the year 3000.
FIRST_YEAR, LAST_YEAR = 1900, 2999
# A month as the API reads it, for the schema: YYYY-MM or the month's first day, from 1900 to
# 2999 (as ``parse_month`` accepts). Not a ``date``: 2026-10 is a month, and 2026-10-15 is
# refused.
MONTH_SCHEMA = {
    "type": "string",
    "pattern": r"^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])(-01)?$",
    "example": "2026-10",
}


def parse_month(text: str) -> date:
    """The first day of the month written as YYYY-MM (or as its first day, YYYY-MM-01)."""
    match = MONTH_PATTERN.fullmatch(str(text).strip())
    if not match:
        raise ValueError(f"“{text}” is not a month. Write it as YYYY-MM, e.g. 2026-10.")
    year, month, day = (int(part) if part else None for part in match.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"“{text}” is not a month: months run from 01 to 12.")
    if year < FIRST_YEAR:
        raise ValueError(f"“{text}” is too long ago: give a year from {FIRST_YEAR}.")
    if year > LAST_YEAR:
        raise ValueError(f"“{text}” is too far ahead: give a year up to {LAST_YEAR}.")
    if day not in (None, 1):
        raise ValueError(f"Use the month (YYYY-MM) or its first day (YYYY-MM-01), not “{text}”.")
    return date(year, month, 1)


def month_label(day: date) -> str:
    return f"{day:%Y-%m}"


class MonthFormField(forms.Field):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_month(value)
        except ValueError as error:
            # The message quotes what was sent, which may hold "%": it is a parameter of the
            # message, not the message itself, which django-filter formats with "%".
            raise forms.ValidationError(
                "%(problem)s", code="invalid", params={"problem": str(error)}
            ) from error


class MonthFilter(django_filters.Filter):
    """Filters a month field by a month written YYYY-MM."""

    field_class = MonthFormField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Documented as a month, not as the model's date, keeping this filter's help text.
        description = self.extra.get("help_text") or MONTH_HELP
        set_override(self, "field", {**MONTH_SCHEMA, "description": description})


class MonthField(serializers.DateField):
    """A month: accepts 2026-10 or 2026-10-01 and answers with the month's first day."""

    default_error_messages = {"invalid": "{message}"}

    def to_internal_value(self, value):
        if isinstance(value, date):
            return (
                value.replace(day=1)
                if value.day == 1
                else self.fail(
                    "invalid", message=("Use the month (YYYY-MM) or its first day (YYYY-MM-01).")
                )
            )
        try:
            return parse_month(value)
        except ValueError as error:
            self.fail("invalid", message=str(error))


class MonthFieldSchema(OpenApiSerializerFieldExtension):
    """A month is written YYYY-MM (or its first day) and read back as its first day."""

    target_class = MonthField

    def map_serializer_field(self, auto_schema, direction):
        if direction == "response":
            return {"type": "string", "format": "date"}
        return dict(MONTH_SCHEMA)
