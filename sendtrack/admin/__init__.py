"""sendtrack's admin: the pieces every app's admin pages share (``base``)."""

from .base import (
    AccessibleTabularInline,
    CheckedModelForm,
    FlagListFilter,
    InlineFormSet,
    ModelAdmin,
    MonthField,
    OnePerPeriodFormSet,
    PreloadedAutocompleteFormSet,
    RagListFilter,
    ReadOnlyModelAdmin,
    RowLabelsFormSet,
    StackedInline,
    TolerantAutocompleteAdmin,
    error_summary,
    preloading,
    rag_badge,
)

__all__ = [
    "AccessibleTabularInline",
    "CheckedModelForm",
    "FlagListFilter",
    "InlineFormSet",
    "ModelAdmin",
    "MonthField",
    "OnePerPeriodFormSet",
    "PreloadedAutocompleteFormSet",
    "RagListFilter",
    "ReadOnlyModelAdmin",
    "RowLabelsFormSet",
    "StackedInline",
    "TolerantAutocompleteAdmin",
    "error_summary",
    "preloading",
    "rag_badge",
]
