"""What every page's layout needs: the local area's name and the menu."""

from __future__ import annotations

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .navigation import menu


def site(request) -> dict:
    # The menu is worked out only when a page shows it (to someone signed in).
    return {
        "local_area": settings.SENDTRACK_LOCAL_AREA,
        "navigation": SimpleLazyObject(lambda: menu(request)),
    }
