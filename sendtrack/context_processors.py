"""What every page's layout needs: the local area's name and the dashboards' menu."""

from __future__ import annotations

from django.conf import settings

NAVIGATION = [
    ("overview", "Overview"),
    ("performance", "Performance"),
    ("operational", "Operational"),
    ("data-quality", "Data quality"),
    ("assurance", "Assurance"),
    ("publications", "Publications"),
]


def site(request) -> dict:
    return {"local_area": settings.SENDTRACK_LOCAL_AREA, "navigation": NAVIGATION}
