"""Redis down, then back, end to end: a publication published and a pack asked for while nothing
answers at the broker's address wait for the job queue; once the real Redis at REDIS_URL is
back, with a real worker, beat's re-enqueue task and the health check send them again and the
worker builds them."""

from __future__ import annotations

import time
from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from sendtrack.models import DocumentBuild
from sendtrack.publications import services
from sendtrack.publications.models import Publication, PublicationVersion
from sendtrack.tasks import requeue_waiting_jobs
from tests import factories as f
from tests.admin.conftest import client_for
from tests.brokers import CLOSED, broker_at

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

PdfStatus = PublicationVersion.PdfStatus


def _wait_for(condition, *, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the worker did not finish in time")
        time.sleep(0.2)


@pytest.fixture
def approved(db) -> tuple[Publication, object]:
    """An approved publication for a meeting, and the programme office that publishes it."""
    pmo = f.pmo_user(username="pmo", first_name="Hannah", last_name="Okafor")
    director = f.director_user(username="director")
    body = f.BodyFactory(name="SEND Scrutiny Sub-Committee")
    meeting = f.MeetingFactory(body=body, date=date(2023, 3, 22))
    f.ProjectFactory(code="SUF-01")
    publication = Publication.objects.create(meeting=meeting, title="Progress summary")
    services.publication_submit(publication=publication, user=pmo)
    services.publication_approve(publication=publication, user=director)
    return publication, pmo


def test_what_waited_while_redis_was_down_is_built_once_it_is_back(request, redis_url, approved):
    publication, pmo = approved
    client = client_for(pmo)

    # given Redis down: the programme office publishes and asks for the monthly pack
    with broker_at(CLOSED):
        published = client.post(
            reverse("admin:sendtrack_publication_workflow", args=[publication.pk, "publish"])
        )
        asked = client.post(
            "/admin/sendtrack/documentbuild/add/",
            {"kind": DocumentBuild.Kind.MONTHLY_REPORTS_PACK, "month": "2026-10"},
        )
    assert (published.status_code, asked.status_code) == (302, 302)
    assert "when the job queue is back" in str(list(get_messages(published.wsgi_request))[0])
    version = PublicationVersion.objects.get()
    build = DocumentBuild.objects.get()
    assert (version.pdf_status, build.status) == (PdfStatus.WAITING, DocumentBuild.Status.WAITING)
    assert Client().get(f"/publications/{publication.slug}/").status_code == 200

    # when Redis is back, with its worker, and beat's re-enqueue task runs there
    request.getfixturevalue("worker")
    outcome = requeue_waiting_jobs.apply_async(ignore_result=False).get(timeout=30)

    # then both were sent again and the worker built them
    assert outcome == {"queued": 2, "waiting": 0}
    _wait_for(lambda: PublicationVersion.objects.get().pdf_status == PdfStatus.READY)
    _wait_for(lambda: DocumentBuild.objects.get().status == DocumentBuild.Status.SUCCEEDED)
    pdf = Client().get(f"/publications/{publication.slug}/v1/pdf/")
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_the_health_check_sends_again_what_waits_once_the_broker_answers(request, redis_url):
    request.getfixturevalue("worker")
    f.ProjectFactory(code="SUF-01")
    build = f.DocumentBuildFactory(status=DocumentBuild.Status.WAITING)

    response = Client().get("/health/")

    assert response.json() == {
        "database": "ok",
        "broker": "ok",
        "status": "ok",
        "jobs_waiting": 0,
    }
    _wait_for(
        lambda: DocumentBuild.objects.get(pk=build.pk).status == DocumentBuild.Status.SUCCEEDED
    )
