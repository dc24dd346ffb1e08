"""The officers' door to measurement: an indicator's owner enters each period's figure on the
indicator's page; the programme office sets definitions, targets and benchmarks; directors
read. Lists show the latest value and its RAG from the selectors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.utils import timezone

from projects.admin.inlines import ProjectRecordInline
from projects.admin.project import ProjectAdmin
from projects.selectors import month_add, previous_month
from sendtrack.kernel.admin import (
    AccessibleTabularInline,
    CheckedModelForm,
    ModelAdmin,
    MonthField,
    OnePerPeriodFormSet,
    RagListFilter,
    ReadOnlyModelAdmin,
    StackedInline,
    preloading,
    rag_badge,
)

from .models import Benchmark, Benefit, Indicator, IndicatorSnapshot, Measurement, Target, plain
from .periods import period_label, period_type_for_frequency
from .permissions import (
    can_change_indicator_definition,
    can_enter_measurements,
    indicator_records_visible_to,
    indicators_returned_by,
    indicators_visible_to,
)
from .selectors import (
    Direction,
    indicators_missing_return,
    indicators_with_latest,
    measurements_with_rag,
)
from .services import measurement_save

# How many periods of figures the indicator page shows; older ones are on the figures list.
PERIODS_SHOWN = 13

DIRECTION_ARROWS = {
    Direction.IMPROVING: "Improving",
    Direction.WORSENING: "Worsening",
    Direction.NO_CHANGE: "No change",
}


def format_value(value: Decimal | None, unit: str) -> str:
    """A figure in its unit, without trailing zeros: 71.5%, 1,204, 42 days, £3,000."""
    if value is None:
        return "–"
    number = value.normalize()
    text = f"{number:,f}" if number == number.to_integral() else f"{number:,.1f}"
    if unit == Indicator.Unit.PERCENT:
        return f"{text}%"
    if unit == Indicator.Unit.CURRENCY:
        return f"£{text}"
    if unit in (Indicator.Unit.DAYS, Indicator.Unit.WEEKS):
        return f"{text} {Indicator.Unit(unit).label.lower()}"
    return text


class MeasurementForm(CheckedModelForm):
    period = MonthField(
        widget=AdminDateWidget,
        help_text="The first day of the period the figure covers. Any day in the month will do.",
    )

    class Meta:
        model = Measurement
        fields = ("period", "period_type", "value", "numerator", "denominator", "status", "note")
        widgets = {"note": forms.Textarea(attrs={"rows": 2, "cols": 40})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Show 69.1 rather than the stored 69.1000.
        for name in ("value", "numerator", "denominator"):
            if self.initial.get(name) is not None:
                self.initial[name] = plain(self.initial[name])


class MeasurementFormSet(OnePerPeriodFormSet):
    """One figure per period and kind of period: a monthly and an annual figure may start in
    the same month (January 2024 and the 2024 calendar year), as the model allows."""

    duplicate_message = "Two figures are for {period}. Keep one of them."

    def _period_type(self, form) -> str:
        # A blank kind of period means the indicator's own, as the figure is saved.
        indicator = self.instance
        return (
            form.cleaned_data.get("period_type")
            or indicator.period_type
            or period_type_for_frequency(indicator.frequency)
        )

    def period_key(self, form) -> tuple:
        return (form.cleaned_data.get("period"), self._period_type(form))

    def period_words(self, form) -> str:
        return period_label(form.cleaned_data.get("period"), self._period_type(form))


class MeasurementInline(AccessibleTabularInline):
    model = Measurement
    form = MeasurementForm
    formset = MeasurementFormSet
    extra = 1
    readonly_fields = ("entered_by",)
    verbose_name = "figure"
    verbose_name_plural = f"Figures (the last {PERIODS_SHOWN} periods)"

    def get_queryset(self, request):
        since = month_add(timezone.localdate(), -PERIODS_SHOWN)
        return (
            super()
            .get_queryset(request)
            .filter(period__gte=since)
            .select_related("indicator", "entered_by")
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.default_period = self._next_period(obj)
        return formset

    def _next_period(self, indicator: Indicator | None) -> date | None:
        """For a monthly indicator, the month just gone if it has no figure yet."""
        if indicator is None or indicator.frequency != Indicator.Frequency.MONTHLY:
            return None
        period = previous_month(timezone.localdate())
        if indicator.measurements.filter(period=period).exists():
            return None
        return period

    def _can_enter(self, request, obj) -> bool:
        return can_enter_measurements(user=request.user, indicator=obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._can_enter(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._can_enter(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._can_enter(request, obj)


class TargetInline(AccessibleTabularInline):
    model = Target
    extra = 0
    fields = ("value", "tolerance", "applies_from", "applies_to", "source")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator")


class BenchmarkInline(AccessibleTabularInline):
    model = Benchmark
    extra = 0
    fields = ("period", "comparator", "value", "source")
    verbose_name_plural = f"Benchmarks (the last {PERIODS_SHOWN} periods)"

    def get_queryset(self, request):
        since = month_add(timezone.localdate(), -PERIODS_SHOWN)
        return super().get_queryset(request).filter(period__gte=since).select_related("indicator")


class MonthReturnFilter(admin.SimpleListFilter):
    """Which monthly indicators have, or have not yet, a figure for the month just gone."""

    title = "figure for the month just gone"
    parameter_name = "returned"

    def lookups(self, request, model_admin):
        month = f"{previous_month(timezone.localdate()):%B %Y}"
        return [("missing", f"Missing for {month}"), ("filed", f"Entered for {month}")]

    def queryset(self, request, queryset):
        period = previous_month(timezone.localdate())
        if self.value() == "missing":
            return indicators_missing_return(period=period, queryset=queryset)
        if self.value() == "filed":
            return queryset.filter(measurements__period=period)
        return queryset


class IndicatorRagFilter(RagListFilter):
    title = "RAG against target"
    annotation = "rag"
    none_label = "No figure or target"


@admin.register(Indicator)
class IndicatorAdmin(ModelAdmin):
    list_display = (
        "code",
        "title",
        "latest",
        "latest_month",
        "target",
        "rag_badge",
        "direction_label",
        "owner",
    )
    list_display_links = ("code", "title")
    list_filter = (
        "organisation",
        IndicatorRagFilter,
        MonthReturnFilter,
        "layer",
        "level",
        "frequency",
        "polarity",
        "is_public",
        "areas",
    )
    search_fields = ("code", "title", "definition", "owner__name")
    autocomplete_fields = ("organisation", "owner", "areas", "projects", "plan_actions")
    inlines = (MeasurementInline, TargetInline, BenchmarkInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "code",
                    "title",
                    "definition",
                    "unit",
                    "polarity",
                    "frequency",
                    "allows_forecasts",
                )
            },
        ),
        (
            "Latest position",
            {"fields": ("latest", "latest_month", "target", "rag_badge", "direction_label")},
        ),
        (
            "Ownership and use",
            {"fields": ("organisation", "owner", "source", "level", "layer", "is_public")},
        ),
        ("What it evidences", {"fields": ("areas", "projects", "plan_actions")}),
        ("Record", {"fields": ("is_demo",), "classes": ("collapse",)}),
    )
    DERIVED = ("latest", "latest_month", "target", "rag_badge", "direction_label")

    def get_queryset(self, request):
        visible = indicators_visible_to(user=request.user, queryset=super().get_queryset(request))
        # The lead organisation is shown (read only, to leads) on the indicator's page.
        return indicators_with_latest(queryset=visible).select_related("organisation")

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else ()

    def get_readonly_fields(self, request, obj=None):
        if can_change_indicator_definition(user=request.user):
            return self.DERIVED
        return tuple(f for _, options in self.fieldsets for f in options["fields"])

    def save_formset(self, request, form, formset, change):
        if formset.model is not Measurement:
            return super().save_formset(request, form, formset, change)
        for measurement in formset.save(commit=False):
            measurement_save(measurement=measurement, user=request.user)
        for measurement in formset.deleted_objects:
            measurement.delete()
        return None

    @admin.display(description="Latest figure", ordering="latest_value")
    def latest(self, obj: Indicator) -> str:
        value = format_value(getattr(obj, "latest_value", None), obj.unit)
        if getattr(obj, "latest_status", None) == Measurement.Status.PROVISIONAL:
            return f"{value} (provisional)"
        return value

    @admin.display(description="Period", ordering="latest_period")
    def latest_month(self, obj: Indicator) -> str:
        return period_label(getattr(obj, "latest_period", None), obj.period_type) or "–"

    @admin.display(description="Target", ordering="target_value")
    def target(self, obj: Indicator) -> str:
        return format_value(getattr(obj, "target_value", None), obj.unit)

    @admin.display(description="RAG", ordering="rag")
    def rag_badge(self, obj: Indicator) -> str:
        return rag_badge(getattr(obj, "rag", None), empty="Not rated")

    @admin.display(description="Direction of travel", ordering="direction")
    def direction_label(self, obj: Indicator) -> str:
        direction = getattr(obj, "direction", None)
        return DIRECTION_ARROWS.get(direction, "–")


class IndicatorRecordAdmin(ModelAdmin):
    """Lists of an indicator's targets, figures or benchmarks, scoped like the indicators."""

    autocomplete_fields = ("indicator",)

    def get_queryset(self, request):
        return indicator_records_visible_to(
            user=request.user, queryset=super().get_queryset(request)
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Figures are added only to indicators the user returns, not every one they see.
        if db_field.name == "indicator":
            kwargs["queryset"] = indicators_returned_by(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MeasurementRagFilter(RagListFilter):
    title = "RAG against target"
    annotation = "rag"
    none_label = "No target"


@admin.register(Measurement)
class MeasurementAdmin(IndicatorRecordAdmin):
    form = MeasurementForm
    list_display = ("indicator", "month", "figure", "status", "rag_badge", "entered_by")
    list_filter = (MeasurementRagFilter, "status", "indicator__layer", "period")
    search_fields = ("indicator__code", "indicator__title", "note")
    date_hierarchy = "period"
    readonly_fields = ("entered_by", "imported_from")
    fields = ("indicator", *MeasurementForm.Meta.fields, "entered_by", "imported_from")

    def get_queryset(self, request):
        return measurements_with_rag(queryset=super().get_queryset(request)).select_related(
            "entered_by"
        )

    def save_model(self, request, obj, form, change):
        measurement_save(measurement=obj, user=request.user)

    @admin.display(description="Imported from")
    def imported_from(self, obj: Measurement) -> str:
        return obj.provenance or "Entered by hand"

    @admin.display(description="Period", ordering="period")
    def month(self, obj: Measurement) -> str:
        return obj.period_label

    @admin.display(description="Figure", ordering="value")
    def figure(self, obj: Measurement) -> str:
        return format_value(obj.value, obj.indicator.unit)

    @admin.display(description="RAG", ordering="rag")
    def rag_badge(self, obj: Measurement) -> str:
        return rag_badge(obj.rag, empty="No target")


@admin.register(Target)
class TargetAdmin(IndicatorRecordAdmin):
    list_display = ("indicator", "value", "tolerance", "applies_from", "applies_to", "source")
    list_select_related = ("indicator",)
    search_fields = ("indicator__code", "indicator__title", "source")


@admin.register(Benchmark)
class BenchmarkAdmin(IndicatorRecordAdmin):
    list_display = ("indicator", "period", "comparator", "value", "source")
    list_filter = ("comparator", "period")
    list_select_related = ("indicator",)
    search_fields = ("indicator__code", "indicator__title", "source")
    date_hierarchy = "period"


class SnapshotRagFilter(RagListFilter):
    title = "RAG against target"
    annotation = "rag"
    none_label = "Not rated"


@admin.register(IndicatorSnapshot)
class IndicatorSnapshotAdmin(ReadOnlyModelAdmin):
    """The daily snapshots of indicators: read-only, by day."""

    list_display = ("day", "indicator", "figure", "month", "target_figure", "rag_badge", "trend")
    list_filter = (("day", admin.DateFieldListFilter), SnapshotRagFilter, "direction")
    search_fields = ("indicator__code", "indicator__title")
    list_select_related = ("indicator",)
    date_hierarchy = "day"

    @admin.display(description="Latest figure", ordering="value")
    def figure(self, obj: IndicatorSnapshot) -> str:
        return format_value(obj.value, obj.indicator.unit)

    @admin.display(description="Period", ordering="period")
    def month(self, obj: IndicatorSnapshot) -> str:
        return period_label(obj.period, obj.period_type) or "–"

    @admin.display(description="Target", ordering="target")
    def target_figure(self, obj: IndicatorSnapshot) -> str:
        return format_value(obj.target, obj.indicator.unit)

    @admin.display(description="RAG", ordering="rag")
    def rag_badge(self, obj: IndicatorSnapshot) -> str:
        return rag_badge(obj.rag, empty="Not rated")

    @admin.display(description="Direction of travel", ordering="direction")
    def trend(self, obj: IndicatorSnapshot) -> str:
        return DIRECTION_ARROWS.get(obj.direction, "–")


# The official statistics pages: the council's area, the mappings, imports and revisions.
from .official import admin as official_admin  # noqa: E402, F401


class BenefitInline(ProjectRecordInline, StackedInline):
    """The benefits a project declares; whether each is realised is worked out from its
    indicator's figures and shown on the project's page."""

    model = Benefit
    formset = preloading("indicator")
    extra = 0
    fields = (
        "description",
        "beneficiary",
        "indicator",
        ("baseline", "baseline_date"),
        ("target", "expected_by"),
    )
    autocomplete_fields = ("indicator",)
    verbose_name_plural = "Benefits (realisation is shown on the project's page)"


# A project's page in the admin shows the benefits it declares after its own records.
ProjectAdmin.inlines_from_above = (*ProjectAdmin.inlines_from_above, BenefitInline)
