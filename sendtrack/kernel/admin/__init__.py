"""The pieces every app's admin pages share: base admin classes, list filters, inlines,
formsets and form fields."""

from sendtrack.kernel.admin.base import (
    HTTPS_LINKS,
    AccessibleTabularInline,
    FlagListFilter,
    ModelAdmin,
    PreloadedAutocompleteFormSet,
    RagListFilter,
    ReadabilityAdmin,
    ReadOnlyModelAdmin,
    StackedInline,
    TolerantAutocompleteAdmin,
    error_summary,
    preloading,
    rag_badge,
)
from sendtrack.kernel.admin.forms import (
    CheckedModelForm,
    InlineFormSet,
    MonthField,
    OnePerPeriodFormSet,
    RowLabelsFormSet,
)

__all__ = [
    "HTTPS_LINKS",
    "AccessibleTabularInline",
    "CheckedModelForm",
    "FlagListFilter",
    "InlineFormSet",
    "ModelAdmin",
    "MonthField",
    "OnePerPeriodFormSet",
    "PreloadedAutocompleteFormSet",
    "RagListFilter",
    "ReadabilityAdmin",
    "ReadOnlyModelAdmin",
    "RowLabelsFormSet",
    "StackedInline",
    "TolerantAutocompleteAdmin",
    "error_summary",
    "preloading",
    "rag_badge",
]
