"""The public “You said, we did” page: what families told the partnership and what was done,
read without signing in. Only entries the programme office approved for publication."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_safe

from .selectors import published_entries_by_area


@require_safe
def you_said_we_did(request):
    """Published entries by area of weakness, the latest first."""
    groups = published_entries_by_area()
    return render(
        request,
        "coproduction/you_said_we_did.html",
        {"public": True, "section": "you-said-we-did", "groups": groups},
    )
