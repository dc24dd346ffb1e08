"""Pointing the Celery app at another broker for a test: a real Redis for the integration tests,
or a port where nothing listens, as when Redis is down."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from kombu import pools

from sendtrack.celery import app as celery_app

# Nothing listens here: connecting is refused at once, as when Redis is down.
CLOSED = "redis://127.0.0.1:1/0"


def _forget_connections() -> None:
    # The app keeps its broker connections and result store once made (and kombu keeps its
    # pools by address); drop them all so that the next task goes to the broker now set.
    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app._backend_cache = None
    if hasattr(celery_app._local, "backend"):
        del celery_app._local.backend


@contextmanager
def broker_at(url: str) -> Iterator[None]:
    """Send tasks to the broker (and keep results in the store) at ``url``, not in process."""
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url, conf.result_backend)
    _forget_connections()
    conf.task_always_eager = False
    conf.broker_url = url
    conf.result_backend = url
    try:
        yield
    finally:
        _forget_connections()
        conf.task_always_eager, conf.broker_url, conf.result_backend = saved
