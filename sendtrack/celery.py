"""The Celery app. Configured from Django settings (CELERY_*): Redis from REDIS_URL as broker
and result store, the beat schedule in CELERY_BEAT_SCHEDULE; eager when REDIS_URL is not set.
Tasks live in each app's ``tasks`` module."""

import logging
import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendtrack.settings")

app = Celery("sendtrack")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


@signals.celeryd_init.connect
def _warn_worker_without_broker(**kwargs) -> None:
    # Without REDIS_URL the broker is this process's own memory: nothing can reach it.
    if app.conf.task_always_eager:
        logger.error(
            "REDIS_URL is not set, so this worker has no queue to read: it will receive "
            "nothing. Without Redis, tasks run where they are sent (the web process, or beat)."
        )


@signals.beat_init.connect
def _tell_beat_runs_tasks_itself(**kwargs) -> None:
    if app.conf.task_always_eager:
        logger.warning(
            "REDIS_URL is not set: beat runs each scheduled task itself, in this process, "
            "when it falls due (no worker needed)."
        )
