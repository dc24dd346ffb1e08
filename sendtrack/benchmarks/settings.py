"""Settings for ``make bench``: production's own (DEBUG off, persistent database connections),
served over plain HTTP on 127.0.0.1, plus the floor view."""

from sendtrack.settings.production import *  # noqa: F403
from sendtrack.settings.production import STORAGES

ROOT_URLCONF = "sendtrack.benchmarks.urls"

# Static files are not what is measured: pages name them by plain address, so that no
# collectstatic run (and no manifest of hashed names) is needed before a benchmark.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
