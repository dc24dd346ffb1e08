"""Pieces shared by the apps' admin pages: the RAG badge and list filters, permissions asked of
the row shown, history, autocompletes that tolerate a stale choice, and the base admin classes
(the forms they use are in ``forms``)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import flatten_fieldsets, get_fields_from_path, unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from sendtrack.kernel.admin.forms import (
    CheckedModelForm,
    InlineFormSet,
    RowLabelsFormSet,
    with_version,
)
from sendtrack.kernel.choices import choices_scoped_for, choices_visible_to
from sendtrack.kernel.concurrency import StaleRecordError, Versioned
from sendtrack.kernel.plain_english import readability
from sendtrack.kernel.rag import RAG

NO_RAG = "none"


# Web addresses typed without a scheme are taken as https.
HTTPS_LINKS = {models.URLField: {"assume_scheme": "https"}}


def rag_badge(value: str | None, *, empty: str = "No report") -> str:
    """A RAG rating as a badge whose text says what its colour shows."""
    if not value:
        return format_html('<span class="rag rag--none">{}</span>', empty)
    label = RAG(value).label if value in RAG.values else value
    return format_html('<span class="rag rag--{}">{}</span>', value, label)


class RagListFilter(admin.SimpleListFilter):
    """Filter a list by a RAG annotation, including the rows that have none."""

    title = "RAG"
    parameter_name = "rag"
    annotation = "latest_rag"
    none_label = "No report"

    def lookups(self, request, model_admin):
        return [*RAG.choices, (NO_RAG, self.none_label)]

    def queryset(self, request, queryset):
        value = self.value()
        if value == NO_RAG:
            return queryset.filter(**{f"{self.annotation}__isnull": True})
        if value in RAG.values:
            return queryset.filter(**{self.annotation: value})
        return queryset


class FlagListFilter(admin.SimpleListFilter):
    """Filter a list on a true/false annotation such as ``is_overdue``."""

    annotation = ""
    yes_label = "Yes"
    no_label = "No"

    def lookups(self, request, model_admin):
        return [("yes", self.yes_label), ("no", self.no_label)]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(**{self.annotation: self.value() == "yes"})
        return queryset


class TolerantAutocompleteMixin:
    """Re-shows a form whose autocomplete box was sent something that is not an id (only a
    hand-made request does that) with the usual "Select a valid choice" error, instead of
    failing while it looks the value up to label it."""

    def optgroups(self, name, value, attr=None):
        try:
            return super().optgroups(name, value, attr)
        except (ValueError, ValidationError):
            return super().optgroups(name, [], attr)


class TolerantAutocompleteSelect(TolerantAutocompleteMixin, AutocompleteSelect):
    pass


class TolerantAutocompleteSelectMultiple(TolerantAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class TolerantAutocompleteAdmin:
    """Admin classes whose autocomplete boxes are tolerant of values that are not ids."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = TolerantAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = TolerantAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def _without(fieldsets, name: str) -> list:
    """``fieldsets`` without the field ``name`` (alone or on a line with others)."""
    kept = []
    for title, options in fieldsets:
        fields = []
        for line in options.get("fields", ()):
            if isinstance(line, list | tuple):
                line = tuple(field for field in line if field != name)
                if line:
                    fields.append(line)
            elif line != name:
                fields.append(line)
        kept.append((title, {**options, "fields": fields}))
    return kept


class ScopedRelatedListFilter(admin.RelatedFieldListFilter):
    """A list filter on a related record that offers, to a user whose choices are narrowed (a
    partner officer), only the records found on the rows they see and may themselves see: the
    names of others' records are never listed."""

    def field_choices(self, field, request, model_admin):
        if not choices_scoped_for(request.user):
            return super().field_choices(field, request, model_admin)
        seen = model_admin.get_queryset(request).values(f"{self.field_path}__pk")
        queryset = field.related_model._default_manager.filter(pk__in=seen)
        ordering = self.field_admin_ordering(field, request, model_admin)
        queryset = choices_visible_to(user=request.user, queryset=queryset)
        if ordering:
            queryset = queryset.order_by(*ordering)
        return [(obj.pk, str(obj)) for obj in queryset]


class KeepsCurrentChoicesForm:
    """A form whose narrowed drop-downs still accept the record's present choice (a jointly
    owned risk kept by the council's owner is saved unchanged by the partner's officer), but
    offer no other record outside them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            return
        for name, field in self.fields.items():
            current = getattr(self.instance, f"{name}_id", None)
            if current is not None and isinstance(field, forms.ModelChoiceField):
                model = field.queryset.model
                field.queryset = field.queryset | model._default_manager.filter(pk=current)


def keeping_current_choices(form: type) -> type:
    """``form``, keeping each record's present choices (``KeepsCurrentChoicesForm``)."""
    if issubclass(form, KeepsCurrentChoicesForm):
        return form
    return type(form.__name__, (KeepsCurrentChoicesForm, form), {})


class ScopedChoicesAdmin:
    """Admin pages and inlines whose drop-downs and autocompletes accept, and whose list
    filters offer, only the related records the user may choose (``sendtrack.visibility``):
    an id of a record outside them is refused as one that does not exist."""

    def get_field_queryset(self, db, db_field, request):
        queryset = super().get_field_queryset(db, db_field, request)
        if not choices_scoped_for(request.user):
            return queryset
        if queryset is None:
            queryset = db_field.remote_field.model._default_manager.using(db).all()
        return choices_visible_to(user=request.user, queryset=queryset)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if choices_scoped_for(request.user):
            kwargs["form"] = keeping_current_choices(kwargs.get("form", self.form))
        return super().get_form(request, obj, change, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        if choices_scoped_for(request.user):
            kwargs["form"] = keeping_current_choices(kwargs.get("form", self.form))
        return super().get_formset(request, obj, **kwargs)

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if not choices_scoped_for(request.user):
            return filters
        return [self._scoped_list_filter(entry) for entry in filters]

    def _scoped_list_filter(self, entry):
        # Django's own filters on a related record become scoped ones; filters of our own
        # (the areas projects serve, RAG ratings) say what they offer themselves.
        if isinstance(entry, tuple) and entry[1] in (
            admin.RelatedFieldListFilter,
            admin.RelatedOnlyFieldListFilter,
        ):
            return (entry[0], ScopedRelatedListFilter)
        if not isinstance(entry, str):
            return entry
        if get_fields_from_path(self.model, entry)[-1].is_relation:
            return (entry, ScopedRelatedListFilter)
        return entry


class VersionedFormAdmin:
    """Admin pages and inlines whose records keep a version render, on each record's form (and
    each inline row), the version it was opened at, hidden: the form sends it back, and a save
    based on an older version than the stored one is refused, naming who changed it and when.

    The field is declared on the form rather than listed in ``fields`` (the model field is not
    editable), and rendered through the first fieldset, so that every template (change form,
    stacked and tabular inlines) renders it where the officer may change the record."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form = with_version(self.form)

    @property
    def _versioned(self) -> bool:
        return issubclass(self.model, Versioned) and "version" in self.form.base_fields

    def _renders_version(self, request, obj) -> bool:
        if isinstance(self, admin.ModelAdmin) and obj is None:
            return False  # a record being added has no version yet
        return self.has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._versioned:
            return fieldsets
        fieldsets = _without(fieldsets, "version")
        if not fieldsets or not self._renders_version(request, obj):
            return fieldsets
        (title, options), *rest = fieldsets
        return [(title, {**options, "fields": [*options["fields"], "version"]}), *rest]

    def _fields_for_factory(self, request, obj, kwargs: dict) -> dict:
        # The version reaches the form as a declared field; naming it to the model form
        # factory would be refused (the model field is not editable).
        if not self._versioned:
            return kwargs
        if "fields" in kwargs:
            fields = kwargs["fields"]
        else:
            fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        if fields is not None:
            fields = [field for field in fields if field != "version"]
        return {**kwargs, "fields": fields}


def error_summary(context, *, model_name: str) -> list[dict[str, str]]:
    """Every error on a change page, in order, each with a link to its field: shown at the top
    so that an officer (or a screen reader) finds an error far down a long page."""
    items = []

    def add(form, where: str, anchor: str) -> None:
        for name, errors in form.errors.items():
            if name in form.fields:
                field = form[name]
                label = field.label
                target = field.id_for_label or anchor
            else:
                label, target = "", anchor
            for message in errors:
                heading = f"{where}{label}".rstrip(": ")
                items.append({"where": heading, "message": message, "anchor": target})

    form = context["adminform"].form
    add(form, "", f"{model_name}_form")
    for inline in context.get("inline_admin_formsets", []):
        formset = inline.formset
        name = str(inline.opts.verbose_name_plural).capitalize()
        for message in formset.non_form_errors():
            items.append({"where": name, "message": message, "anchor": f"{formset.prefix}-group"})
        for index, row in enumerate(formset.forms):
            add(row, f"{name}, row {index + 1}: ", f"{formset.prefix}-{index}")
    return items


class RulePermissionsAdmin:
    """Admin pages (and inlines) that ask the model permissions of the row itself
    (``user.has_perm(perm, obj)``), so that the ``rules`` registered in each app's
    ``permissions`` module decide here exactly as in the pages and the API."""

    def _has(self, request, action: str, obj=None) -> bool:
        opts = self.opts
        perm = f"{opts.app_label}.{get_permission_codename(action, opts)}"
        return request.user.has_perm(perm, obj)

    def has_view_permission(self, request, obj=None):
        return self._has(request, "view", obj) or self._has(request, "change", obj)

    def has_change_permission(self, request, obj=None):
        return self._has(request, "change", obj)

    def has_delete_permission(self, request, obj=None):
        return self._has(request, "delete", obj)


def is_audited(model: type) -> bool:
    """Whether the model keeps its history (django-simple-history)."""
    return hasattr(model._meta, "simple_history_manager_attribute")


class AuditedAdmin(SimpleHistoryAdmin):
    """Admin pages whose *History* shows every change to the record (who, when, each field's
    old and new value), also once the record is deleted, to whoever may view the record.

    History is a record, not an undo: an old version is shown, never saved back (reverting
    would step around the services and the version check). Models that keep no history (the
    snapshots, emails sent) keep the admin's own history page."""

    # Django's change form template lookup (per app and model) stays in force.
    change_form_template = None

    def get_urls(self):
        if is_audited(self.model):
            return super().get_urls()
        return admin.ModelAdmin.get_urls(self)

    def history_view(self, request, object_id, extra_context=None):
        # As on the change page: a role that may not read the model is refused outright.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if not is_audited(self.model):
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        if not self._may_read_history(request, object_id):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_view(request, object_id, extra_context)

    def _may_read_history(self, request, object_id: str) -> bool:
        # A record the user may not see is "not found", as on its change page; so is a deleted
        # record's history, unless they could see the record as it last stood.
        if self.get_object(request, unquote(object_id)) is not None:
            return True
        last = self._last_version(unquote(object_id))
        return last is not None and self.has_view_permission(request, last)

    def _last_version(self, object_id: str):
        try:
            pk = self.opts.pk.to_python(object_id)
        except ValidationError:
            return None
        if self.model._default_manager.filter(pk=pk).exists():
            return None  # it exists, outside the user's rows
        last = self.model.history.filter(**{self.opts.pk.attname: pk}).order_by("-history_date")
        record = last.first()
        return record.instance if record is not None else None

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET" or not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if not self._may_read_history(request, object_id):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True

    @property
    def object_history_template(self):
        if is_audited(self.model):
            return "simple_history/object_history.html"
        return None


class BoundedChangeList(ChangeList):
    """Django's list page, refusing a date drill-down outside the calendar (``?day__year=
    99999999999``, or 9999's last month, whose end is past the last date Python holds) as it
    refuses other wrong filters, rather than answering 500."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class QueryStringSafeAdmin:
    """Admin pages that read only what the query string may hold: an empty ``_to_field``
    means no field (Django would look up the field named "" and answer 500)."""

    def get_changelist(self, request, **kwargs):
        return BoundedChangeList

    def get_object(self, request, object_id, from_field=None):
        return super().get_object(request, object_id, from_field or None)


# Where a record comes from: invented for the demonstration, or the published passage it is
# taken from. Every record carries both (``governance.models.base.Record``).
SOURCE_FIELDS = ("is_demo", "source_citation")


def _is_record(model: type) -> bool:
    names = {f.name for f in model._meta.get_fields()}
    return set(SOURCE_FIELDS) <= names


class SourceFieldsAdmin:
    """Every record's change page says where it comes from: whether it is demonstration data
    and the published passage it is taken from. The passage is read-only except to the site
    administrator, since it vouches for the record; the demonstration flag stays where each
    page put it (and is shown read-only where a page leaves it out)."""

    def _declared_fields(self) -> set[str] | None:
        # The fields the page declares, without asking ``get_fieldsets`` (which asks back).
        if self.fieldsets:
            return set(flatten_fieldsets(self.fieldsets))
        if self.fields:
            return set(flatten_fieldsets([(None, {"fields": self.fields})]))
        return None

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if not _is_record(self.model):
            return readonly
        declared = self._declared_fields()
        extra = [f for f in SOURCE_FIELDS if declared is not None and f not in declared]
        if not request.user.is_superuser:
            extra.append("source_citation")
        return readonly + tuple(f for f in dict.fromkeys(extra) if f not in readonly)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not _is_record(self.model):
            return fieldsets
        shown = set(flatten_fieldsets(fieldsets))
        missing = tuple(f for f in SOURCE_FIELDS if f not in shown)
        if not missing:
            return fieldsets
        fieldsets = [(name, dict(options)) for name, options in fieldsets]
        for _name, options in fieldsets:
            if "is_demo" in options["fields"]:
                options["fields"] = (*options["fields"], *missing)
                return fieldsets
        return [*fieldsets, ("Source", {"fields": missing})]


class ModelAdmin(
    QueryStringSafeAdmin,
    VersionedFormAdmin,
    RulePermissionsAdmin,
    ScopedChoicesAdmin,
    TolerantAutocompleteAdmin,
    SourceFieldsAdmin,
    AuditedAdmin,
):
    """The base of sendtrack's admin pages: change pages list their errors at the top, every
    permission is asked of the row shown, changes are kept in the record's history, a
    versioned record's page refuses a save based on an older version, and each record says
    where it comes from."""

    form = CheckedModelForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs = self._fields_for_factory(request, obj, kwargs)
        return super().get_form(request, obj, change, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Someone saved the record between this page reading it and saving it (the form's own
        # check passed): nothing was saved; the officer is told who, and sees the record anew.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleRecordError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(request.get_full_path())

    def render_change_form(self, request, context, *args, **kwargs):
        if context.get("errors"):
            context["error_summary"] = error_summary(context, model_name=self.opts.model_name)
        return super().render_change_form(request, context, *args, **kwargs)


class InlineVersionedFormAdmin(VersionedFormAdmin):
    def get_formset(self, request, obj=None, **kwargs):
        kwargs = self._fields_for_factory(request, obj, kwargs)
        return super().get_formset(request, obj, **kwargs)


class StackedInline(
    InlineVersionedFormAdmin, ScopedChoicesAdmin, TolerantAutocompleteAdmin, admin.StackedInline
):
    """The base of sendtrack's stacked inlines."""

    form = CheckedModelForm
    formset = InlineFormSet


class PreloadedAutocompleteSelect(TolerantAutocompleteSelect):
    """An autocomplete whose chosen option is labelled from objects loaded once for a whole
    formset, instead of one query per row."""

    preloaded: dict[str, object] | None = None

    def optgroups(self, name, value, attr=None):
        if self.preloaded is None:
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for key in value:
            obj = self.preloaded.get(str(key))
            if obj is not None:
                label = self.choices.field.label_from_instance(obj)
                options.append(self.create_option(name, obj.pk, label, True, len(options)))
        return [(None, options, 0)]


class PreloadedAutocompleteFormSet(InlineFormSet):
    """An inline formset whose autocomplete fields (``preloaded_fields``) load every row's
    chosen object in one query, so that the page's queries do not grow with its rows."""

    preloaded_fields: tuple[str, ...] = ()

    @cached_property
    def forms(self):
        forms = super().forms
        for name in self.preloaded_fields:
            self._preload(forms, name)
        return forms

    @staticmethod
    def _is_key(field, value) -> bool:
        # A hand-made request may send anything; only real keys are looked up.
        try:
            field.queryset.model._meta.pk.to_python(value)
        except ValidationError:
            return False
        return True

    def _preload(self, forms, name: str) -> None:
        widgets, keys = [], set()
        for form in forms:
            field = form.fields.get(name)
            widget = getattr(field, "widget", None)
            widget = getattr(widget, "widget", widget)  # inside the admin's related-field wrapper
            if not isinstance(widget, AutocompleteSelect):
                continue
            value = form[name].value()
            if value not in (None, "") and self._is_key(field, value):
                keys.add(str(value))
            widgets.append((widget, field))
        if not widgets:
            return
        field = widgets[0][1]
        objects = {str(obj.pk): obj for obj in field.queryset.filter(pk__in=keys)} if keys else {}
        for widget, _ in widgets:
            if not isinstance(widget, AutocompleteSelectMultiple):
                widget.__class__ = PreloadedAutocompleteSelect
            widget.preloaded = objects


def preloading(*fields: str) -> type[PreloadedAutocompleteFormSet]:
    """An inline formset that loads the chosen objects of ``fields`` for all its rows at once."""
    return type("PreloadedFormSet", (PreloadedAutocompleteFormSet,), {"preloaded_fields": fields})


class AccessibleTabularInline(
    InlineVersionedFormAdmin, ScopedChoicesAdmin, TolerantAutocompleteAdmin, admin.TabularInline
):
    """A tabular inline whose fields each carry their column's name."""

    form = CheckedModelForm
    formset = InlineFormSet

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if issubclass(formset, RowLabelsFormSet):
            return formset
        return type(formset.__name__, (RowLabelsFormSet, formset), {})


class ReadOnlyModelAdmin(ModelAdmin):
    """A list of what sendtrack records by itself (snapshots, emails sent, document builds):
    read by whoever may view it, typed over by nobody."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadabilityAdmin:
    """Shows the reading age of each plain-English summary as the officer types it: every
    textarea named in ``readability_fields`` says its Flesch–Kincaid grade under it, asked of
    ``readability/`` (the same measure the saved record shows), with the warning above the
    allowed grade. Without scripts the saved record's reading age is still shown."""

    readability_fields: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in self.readability_fields and field is not None:
            info = self.model._meta.app_label, self.model._meta.model_name
            field.widget.attrs["data-readability-url"] = reverse(
                "admin:{}_{}_readability".format(*info)
            )
        return field

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "readability/",
                self.admin_site.admin_view(self.readability_view),
                name="{}_{}_readability".format(*info),
            ),
            *super().get_urls(),
        ]

    def readability_view(self, request):
        """The reading age of the text sent (``text``), for those who may write the record."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        found = readability(request.POST.get("text", ""))
        if found is None:
            return JsonResponse({"message": "Type a summary to see its reading age."})
        return JsonResponse(
            {
                "message": str(found),
                "grade": round(found.grade, 1),
                "reading_age": found.reading_age,
                "too_hard": found.too_hard,
            }
        )
