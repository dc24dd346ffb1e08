"""The GOV.UK date input: a date typed as day, month and year in three boxes, the same in every
browser and language (an ``<input type=date>`` follows the browser's locale), with GOV.UK's
error messages: "Review date must include a month", "Due date must be a real date"."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

PARTS = ("day", "month", "year")
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}


def _parts_of(value) -> list:
    """Day, month and year of a date, or of a date written whole (2026-11-10)."""
    if isinstance(value, str) and value.strip():
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            return [None, None, None]
    if isinstance(value, date):
        return [value.day, value.month, value.year]
    return [None, None, None]


class DateInput(forms.MultiWidget):
    """Three boxes named ``<name>_day``, ``<name>_month`` and ``<name>_year``. A date sent
    whole under ``<name>`` (an address such as ``?since=2026-11-10``, or a script) is read too."""

    template_name = "includes/date_input.html"

    def __init__(self, attrs=None):
        widgets = {
            part: forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
            for part in PARTS
        }
        super().__init__(widgets, attrs)
        self.group_label = ""

    def decompress(self, value) -> list:
        return _parts_of(value)

    def value_from_datadict(self, data, files, name) -> list | str:
        parts = super().value_from_datadict(data, files, name)
        if not any(str(part or "").strip() for part in parts) and data.get(name):
            return data[name]
        return parts

    def value_omitted_from_data(self, data, files, name) -> bool:
        return name not in data and super().value_omitted_from_data(data, files, name)

    def id_for_label(self, id_: str) -> str:
        # The question labels the group; each box has its own label (Day, Month, Year).
        return f"{id_}_0" if id_ else ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for part, subwidget in zip(PARTS, context["widget"]["subwidgets"], strict=True):
            subwidget["part"] = part
            subwidget["label"] = part.capitalize()
        context["widget"]["group_label"] = self.group_label
        context["widget"]["describedby"] = context["widget"]["attrs"].get("aria-describedby", "")
        context["widget"]["invalid"] = context["widget"]["attrs"].get("aria-invalid") == "true"
        return context

    def _render(self, template_name, context, renderer=None):
        # The project's templates, where the GOV.UK markup lives (the admin styles it too).
        return mark_safe(render_to_string(template_name, context))  # noqa: S308 - a template


class DateField(forms.Field):
    """A date typed in three boxes. Errors name the question (its label, or ``name``) and
    what is wrong, as GOV.UK's date input does."""

    widget = DateInput
    default_error_messages = {
        "required": "Enter {name}",
        "incomplete": "{name} must include a {missing}",
        "invalid": "{name} must be a real date",
        "year": "Year must include 4 numbers",
    }

    def __init__(
        self,
        *,
        name: str | None = None,
        show_initial_when_blank: bool = False,
        in_fieldset: bool = False,
        **kwargs,
    ):
        """``name``: the question as errors name it (else the label). ``in_fieldset``: the
        page sets the boxes in a fieldset whose legend asks the question; otherwise the boxes
        are a group named by the label. ``show_initial_when_blank``: boxes left blank show
        the initial date, which stands in for them (a filter's default)."""
        super().__init__(**kwargs)
        self.name = name
        self.show_initial_when_blank = show_initial_when_blank
        self.widget.group_label = "" if in_fieldset else str(self.label or "")

    def _message(self, key: str, **kwargs) -> str:
        kwargs.setdefault("name", self.name or str(self.label or "Date"))
        text = self.error_messages[key].format(**kwargs)
        return text[0].upper() + text[1:]

    def to_python(self, value) -> date | None:
        if isinstance(value, date):
            return value
        if isinstance(value, str):  # a date sent whole: 2026-11-10
            if value.strip() and _parts_of(value)[0] is None:
                raise ValidationError(self._message("invalid"), code="invalid")
            value = _parts_of(value)
        parts = [str(part if part is not None else "").strip() for part in (value or [])]
        parts = (parts + ["", "", ""])[:3]
        if not any(parts):
            return None
        missing = [part for part, text in zip(PARTS, parts, strict=True) if not text]
        if missing:
            raise ValidationError(
                self._message("incomplete", missing=" and ".join(missing)), code="incomplete"
            )
        day, month, year = parts
        month = str(MONTHS.get(month.lower(), month))
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(self._message("invalid"), code="invalid")
        if len(year) != 4:
            raise ValidationError(self._message("year"), code="year")
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(self._message("invalid"), code="invalid") from None

    def validate(self, value) -> None:
        if value in self.empty_values and self.required:
            name = self.name or str(self.label or "the date")
            raise ValidationError(
                self._message("required", name=name[0].lower() + name[1:]), code="required"
            )

    def bound_data(self, data, initial):
        if self.show_initial_when_blank and self._blank(data):
            return initial
        return super().bound_data(data, initial)

    @staticmethod
    def _blank(data) -> bool:
        if isinstance(data, str):
            return not data.strip()
        return not any(str(part if part is not None else "").strip() for part in data or [])

    def has_changed(self, initial, data) -> bool:
        try:
            new = self.to_python(data)
            old = self.to_python(initial() if callable(initial) else initial)
        except ValidationError:
            return True
        return old != new
