"""sendtrack's admin: the pieces every app's admin pages share (``base``), and the pages of
sendtrack's own records: the document builds and the emails sent."""

from .base import (
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
from .forms import (
    CheckedModelForm,
    InlineFormSet,
    MonthField,
    OnePerPeriodFormSet,
    RowLabelsFormSet,
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
    "ReadabilityAdmin",
    "ReadOnlyModelAdmin",
    "RowLabelsFormSet",
    "StackedInline",
    "TolerantAutocompleteAdmin",
    "error_summary",
    "preloading",
    "rag_badge",
]

# Registered last, once the shared pieces above exist.
# The published summaries' admin pages, registered once the shared pieces above exist.
from sendtrack.coproduction import admin as coproduction_admin  # noqa: E402, F401
from sendtrack.publications import admin as publications_admin  # noqa: E402, F401

from . import documents, emails  # noqa: E402, F401
