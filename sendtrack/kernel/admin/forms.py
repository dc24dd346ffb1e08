"""The admin's forms: month fields that accept any day of the month, model forms that check
constraints and stale versions before saving, and inline formsets that refuse two rows for one
period or label their rows."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet, InlineForeignKeyField

from sendtrack.kernel.concurrency import Versioned, stale_message


class MonthField(forms.DateField):
    """A date that names a month: any day in the month is taken as the month itself."""

    def clean(self, value):
        day = super().clean(value)
        return day.replace(day=1) if day else day


def _fields_of(constraint) -> set[str]:
    names = set(getattr(constraint, "fields", ()))
    condition = getattr(constraint, "condition", None)
    return names | condition.referenced_base_fields if condition is not None else names


class VersionField(forms.IntegerField):
    """The version of the record that the officer opened, sent back hidden with the form. It is
    never a change of its own: a row left alone is not saved because someone else saved it."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=1, **kwargs)

    def has_changed(self, initial, data) -> bool:
        return False


class CheckedModelForm(forms.ModelForm):
    """The base of sendtrack's admin forms: a new or changed record is checked against every
    model constraint, including those on fields the form does not edit.

    Django leaves a field out of the constraint checks when the form does not edit it: an
    inline's parent (not saved yet when the rows are validated) or a parent shown read-only. A
    second report for a month, or the same person twice in an open role, would then reach the
    database and fail there; here it is a message on the form, in the model's words.

    A record that keeps a version (status reports, figures, milestones, risks) carries the
    version the officer opened in a hidden field (``with_version``): if someone else saved it
    meanwhile, the form says who and when instead of overwriting their changes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" in self.fields and self._is_saved_version():
            self.initial["version"] = self.instance.version

    def _is_saved_version(self) -> bool:
        return isinstance(self.instance, Versioned) and not self.instance._state.adding

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get("version") if "version" in self.fields else None
        if opened is None or not self._is_saved_version() or not self.has_changed():
            return cleaned
        if opened != self.instance.version:
            raise ValidationError(stale_message(self.instance), code="stale")
        # The save checks again, under a lock, against the version the officer opened (not
        # the one this request read), so a save between the two is refused too.
        self.instance.version = opened
        return cleaned

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.errors or not (self.instance._state.adding or self.has_changed()):
            return
        model = self._meta.model
        unchecked = {
            field.name
            for field in model._meta.concrete_fields
            if field.name not in self.fields
            or isinstance(self.fields[field.name], InlineForeignKeyField)
        }
        for constraint in model._meta.constraints:
            fields = _fields_of(constraint)
            if not fields & unchecked:
                continue  # Django has checked it already
            try:
                constraint.validate(model, self.instance)
            except ValidationError as error:
                # Shown on the last field of the constraint that the form edits, e.g. the month.
                editable = [
                    name for name in getattr(constraint, "fields", ()) if name in self.fields
                ]
                on = editable[-1] if editable and editable[-1] not in unchecked else None
                self.add_error(on, error)


def with_version(form_class: type[forms.ModelForm]) -> type[forms.ModelForm]:
    """``form_class`` with a hidden ``version`` field, if its model keeps a version."""
    model = getattr(getattr(form_class, "_meta", None), "model", None)
    if (
        model is None
        or not issubclass(model, Versioned)
        or not issubclass(form_class, CheckedModelForm)
        or "version" in form_class.base_fields
    ):
        return form_class
    return type(form_class.__name__, (form_class,), {"version": VersionField()})


class InlineFormSet(BaseInlineFormSet):
    """The base of sendtrack's inline formsets: two rows of a page that clash are refused in
    the model's words, not with field names."""

    def get_unique_error_message(self, unique_check):
        fields = set(unique_check) - {self.fk.name}
        for constraint in self.model._meta.total_unique_constraints:
            if set(constraint.fields) - {self.fk.name} == fields:
                return str(constraint.violation_error_message)
        if len(fields) == 1:
            field = self.model._meta.get_field(fields.pop())
            return str(field.error_messages["unique"]) % {
                "model_name": self.model._meta.verbose_name,
                "field_label": field.verbose_name,
            }
        return super().get_unique_error_message(unique_check)


class OnePerPeriodFormSet(InlineFormSet):
    """An inline formset that refuses two rows for the same period, in the officer's words.
    ``duplicate_message`` may name the period with ``{period}``; a formset whose rows carry a
    kind of period as well keys the check on both (see ``period_key``)."""

    period_field = "period"
    duplicate_message = "Two rows are for the same month. Keep one of them."
    # The period a new row starts with, set per page by the inline.
    default_period: date | None = None

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if form.instance.pk is None and self.default_period is not None:
            form.fields[self.period_field].initial = self.default_period

    def period_key(self, form) -> tuple:
        """What makes two rows the same period."""
        return (form.cleaned_data.get(self.period_field),)

    def period_words(self, form) -> str:
        """The row's period as a person says it, for the message."""
        return f"{form.cleaned_data.get(self.period_field):%B %Y}"

    def clean(self) -> None:
        keys: set[tuple] = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            if form.cleaned_data.get(self.period_field) is None:
                continue
            key = self.period_key(form)
            if key in keys:
                message = self.duplicate_message.format(period=self.period_words(form))
                form.add_error(self.period_field, message)
                raise ValidationError(message)
            keys.add(key)
        super().clean()


class RowLabelsFormSet(BaseInlineFormSet):
    """Names every field of a table row for screen readers ("Forecast date, row 3"): a tabular
    inline shows each field's label once, in the column heading, not beside the field."""

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        row = "new row" if index is None else f"row {index + 1}"
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # the admin's wrapper
            if widget.is_hidden:
                continue
            label = field.label or name.replace("_", " ").capitalize()
            widget.attrs["aria-label"] = f"{label}, {row}"
