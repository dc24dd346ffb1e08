"""The Redis integration tests: real tasks through the Redis at REDIS_URL, run by a real
Celery worker in a thread of the test process. Where no Redis answers they are skipped, saying
why, except under CI (CI=true), where that is a failure: CI must prove they pass."""

from __future__ import annotations

import os

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from sendtrack.celery import app as celery_app
from tests.brokers import broker_at


def _close_worker_connections(**kwargs) -> None:
    # The worker's thread opens its own database connections; close them after each task so
    # that the test database can be emptied and dropped.
    connections.close_all()


@pytest.fixture(scope="session")
def redis_url() -> str:
    """REDIS_URL, once Redis has answered a ping there."""
    url = os.environ.get("REDIS_URL", "")
    reason = ""
    if not url:
        reason = (
            "REDIS_URL is not set: the Redis integration tests need a Redis server "
            "(e.g. REDIS_URL=redis://127.0.0.1:6379/1)."
        )
    else:
        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError as error:
            reason = f"No Redis answers at REDIS_URL ({type(error).__name__}: {error})."
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} Under CI=true the Redis integration tests must run.")
        pytest.skip(reason)
    return url


@pytest.fixture(scope="module")
def worker(redis_url):
    """A Celery worker consuming from Redis for this module's tests, its queue emptied first."""
    hijack = celery_app.conf.worker_hijack_root_logger
    celery_app.conf.worker_hijack_root_logger = False  # leave pytest's log capture alone
    task_postrun.connect(_close_worker_connections, dispatch_uid="close-worker-connections")
    with broker_at(redis_url):
        with celery_app.connection_for_write() as connection:
            connection.default_channel.queue_purge(celery_app.conf.task_default_queue)
        with start_worker(
            celery_app, pool="threads", concurrency=4, perform_ping_check=False, loglevel="WARNING"
        ) as running:
            yield running
    task_postrun.disconnect(dispatch_uid="close-worker-connections")
    celery_app.conf.worker_hijack_root_logger = hijack
