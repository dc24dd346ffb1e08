"""When Redis is down, web requests still succeed: asking for a document marks it failed and
says why, the cache answers "not cached", and the failure is logged clearly."""

import logging

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.test import Client

from sendtrack.cache import ForgivingRedisCache
from sendtrack.models import DocumentBuild
from sendtrack.services.documents import QUEUE_DOWN
from tests import factories as f
from tests.admin.conftest import client_for
from tests.brokers import CLOSED, broker_at

LIST = "/admin/sendtrack/documentbuild/"


@pytest.mark.django_db(transaction=True)
def test_asking_for_a_document_while_the_broker_is_down_fails_the_build_not_the_page(caplog):
    client = client_for(f.pmo_user(username="pmo"))

    with broker_at(CLOSED), caplog.at_level(logging.ERROR):
        response = client.post(
            f"{LIST}add/", {"kind": DocumentBuild.Kind.MONTHLY_REPORTS_PACK, "month": "2026-10"}
        )

    assert response.status_code == 302
    build = DocumentBuild.objects.get()
    assert build.status == DocumentBuild.Status.FAILED
    assert build.error == QUEUE_DOWN
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Monthly reports pack for October 2026: not built. {QUEUE_DOWN}"
    ]
    assert f"Document build {build.pk} not queued: the task broker (REDIS_URL) did not answer" in (
        caplog.text
    )
    assert client.get(LIST).status_code == 200


@pytest.fixture
def redis_cache_down(settings):
    """The cache configured as with REDIS_URL, on a Redis that does not answer."""
    settings.CACHES = {
        "default": {
            "BACKEND": "sendtrack.cache.ForgivingRedisCache",
            "LOCATION": CLOSED,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    ForgivingRedisCache._down_until = ForgivingRedisCache._last_logged = 0.0
    yield
    ForgivingRedisCache._down_until = ForgivingRedisCache._last_logged = 0.0


@pytest.mark.django_db
def test_a_cache_on_a_redis_that_is_down_answers_not_cached_and_logs_it(redis_cache_down, caplog):
    with caplog.at_level(logging.ERROR):
        assert cache.get("figures", "not cached") == "not cached"
        assert cache.set("figures", 1) is None
        assert cache.get_or_set("figures", 42) == 42
        assert cache.add("figures", 1) is False

    errors = [r for r in caplog.records if r.name == "sendtrack.cache"]
    assert len(errors) == 1  # logged once, not on every call
    assert "Cache unavailable: Redis did not answer" in errors[0].getMessage()


@pytest.mark.django_db
def test_pages_and_the_api_are_served_while_redis_is_down(redis_cache_down):
    pmo = f.pmo_user(username="pmo")
    f.ProjectFactory()

    with broker_at(CLOSED):
        assert client_for(pmo).get("/admin/").status_code == 200
        assert client_for(pmo).get("/admin/projects/project/").status_code == 200
        assert client_for(pmo).get("/api/v1/projects/").status_code == 200
        assert Client().get("/health/").status_code == 200
