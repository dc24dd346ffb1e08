"""``/health/``: the database and the broker, for monitoring; no login, no secrets."""

import pytest
from django.db import OperationalError, connection
from django.test import Client

from sendtrack.models import DocumentBuild
from tests import factories as f
from tests.brokers import CLOSED, broker_at

pytestmark = pytest.mark.django_db


def test_without_redis_the_app_is_healthy_and_runs_tasks_eagerly(settings):
    response = Client().get("/health/")

    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "broker": "eager",
        "status": "ok",
        "jobs_waiting": 0,
    }
    assert response["Cache-Control"].startswith("max-age=0")
    assert settings.SECRET_KEY not in response.content.decode()
    assert Client().head("/health/").status_code == 200  # as load balancers ask


def test_a_broker_that_does_not_answer_is_reported_and_the_site_stays_up(caplog):
    # given a document that waits for the job queue
    f.DocumentBuildFactory(status=DocumentBuild.Status.WAITING)

    with broker_at(CLOSED):
        response = Client().get("/health/")

    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "broker": "error",
        "status": "degraded",
        "jobs_waiting": 1,
    }
    assert "redis://" not in response.content.decode()  # no addresses in the answer
    assert "the task broker (REDIS_URL) did not answer" in caplog.text


def test_a_database_that_does_not_answer_makes_the_site_unavailable(monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)

    response = Client().get("/health/")

    assert response.status_code == 503
    assert response.json()["database"] == "error"
    assert response.json()["status"] == "down"
    assert "the database did not answer" in caplog.text
