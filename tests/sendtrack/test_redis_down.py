"""When Redis is down, web requests still succeed: asking for a document records it as waiting
for the job queue and says so, the cache answers "not cached", and both are logged clearly."""

import logging

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.test import Client

from sendtrack.cache import ForgivingRedisCache
from sendtrack.jobs import waiting_for_queue
from sendtrack.models import DocumentBuild
from tests import factories as f
from tests.admin.conftest import client_for
from tests.brokers import CLOSED, broker_at
from tests.governance.assurance_fixtures import build_area6

LIST = "/admin/sendtrack/documentbuild/"


@pytest.mark.django_db(transaction=True)
def test_asking_for_a_document_while_the_broker_is_down_keeps_it_waiting_for_the_queue(caplog):
    client = client_for(f.pmo_user(username="pmo"))

    with broker_at(CLOSED), caplog.at_level(logging.WARNING):
        response = client.post(
            f"{LIST}add/", {"kind": DocumentBuild.Kind.MONTHLY_REPORTS_PACK, "month": "2026-10"}
        )

    assert response.status_code == 302
    build = DocumentBuild.objects.get()
    assert build.status == DocumentBuild.Status.WAITING
    assert build.error == ""
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Monthly reports pack for October 2026: asked for. {waiting_for_queue('It')}"
    ]
    assert f"Document build {build.pk}: the job queue (REDIS_URL) did not answer" in caplog.text
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert "Waiting for the job queue (built when it is back)" in listing.content.decode()


@pytest.mark.django_db(transaction=True)
def test_build_again_while_the_broker_is_down_keeps_the_new_build_waiting():
    client = client_for(f.pmo_user(username="pmo"))
    earlier = f.DocumentBuildFactory(status=DocumentBuild.Status.SUCCEEDED)

    with broker_at(CLOSED):
        response = client.post(LIST, {"action": "build_again", "_selected_action": [earlier.pk]})

    assert response.status_code == 302
    again = DocumentBuild.objects.exclude(pk=earlier.pk).get()
    assert again.status == DocumentBuild.Status.WAITING
    assert [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)] == [
        ("warning", f"Monthly reports pack for October 2026: asked for. {waiting_for_queue('It')}")
    ]


@pytest.mark.django_db(transaction=True)
def test_asking_for_an_evidence_pack_while_the_broker_is_down_says_it_waits():
    build_area6()
    director = client_for(f.director_user(username="director"))

    with broker_at(CLOSED):
        response = director.post("/assurance/packs/", {"area": "6"})
        page = director.get("/assurance/areas/6/")

    assert response.status_code == 302
    assert response["Location"] == "/assurance/areas/6/#evidence-pack"
    build = DocumentBuild.objects.get(kind=DocumentBuild.Kind.EVIDENCE_PACK)
    assert build.status == DocumentBuild.Status.WAITING
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Evidence pack for area 6: asked for. {waiting_for_queue('It')}"
    ]
    assert "Waiting for the job queue (built when it is back)" in page.content.decode()


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
