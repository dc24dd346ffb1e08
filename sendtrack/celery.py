"""The Celery app. Configured from Django settings (CELERY_*); eager when REDIS_URL is not set."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendtrack.settings")

app = Celery("sendtrack")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
