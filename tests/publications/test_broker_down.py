"""Publishing while the job queue (Redis) is down, through the officers' admin: the version is
published and public, the officer is told its PDF waits for the job queue, the admin shows it
waiting, nothing answers 500; and once the queue is back the waiting PDF is built. Without
Redis (eager tasks) publishing builds the PDF at once, as it always did."""

from __future__ import annotations

import logging
import socket
import time
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from sendtrack.jobs import waiting_for_queue
from sendtrack.publications import services
from sendtrack.publications.models import Publication, PublicationVersion
from sendtrack.tasks import requeue_waiting_jobs
from tests.brokers import CLOSED, broker_at

pytestmark = pytest.mark.django_db(transaction=True)

PdfStatus = PublicationVersion.PdfStatus
LIST = "/admin/sendtrack/publication/"


def _messages(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def approved(draft, pmo, director):
    services.publication_submit(publication=draft, user=pmo)
    return services.publication_approve(publication=draft, user=director)


@pytest.fixture
def pdfs_built(monkeypatch):
    """The PDFs built, as the print pages they were made from (WeasyPrint has its own tests)."""
    built: list[str] = []
    monkeypatch.setattr(
        "sendtrack.publications.pdf.html_to_pdf", lambda html: built.append(html) or b"%PDF-1.7"
    )
    return built


def _publish(client, publication: Publication):
    return client.post(
        reverse("admin:sendtrack_publication_workflow", args=[publication.pk, "publish"])
    )


def test_publishing_with_the_broker_down_publishes_and_says_the_pdf_waits(
    client, approved, pmo, anonymous, pdfs_built, caplog
):
    client.force_login(pmo)

    with broker_at(CLOSED), caplog.at_level(logging.WARNING):
        response = _publish(client, approved)

    # the officer is sent back to the publication, told it is published and the PDF waits
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:sendtrack_publication_change", args=[approved.pk])
    url = f"/publications/{approved.slug}/v1/"
    published = f'Published as version 1 at <a href="{url}">{url}</a>.'
    assert _messages(response) == [("warning", f"{published} {waiting_for_queue('Its PDF')}")]
    # the version is committed and public; its PDF waits for the queue, not "pending"
    version = PublicationVersion.objects.get()
    assert version.pdf_status == PdfStatus.WAITING
    assert Publication.objects.get().status == Publication.Status.PUBLISHED
    page = anonymous.get(f"/publications/{approved.slug}/")
    assert page.status_code == 200
    assert "The PDF of this version is not available yet." in page.content.decode()
    api = anonymous.get("/api/v1/publications/").json()["results"]
    assert [(row["number"], row["pdf_url"]) for row in api] == [(1, None)]
    assert f"Publication PDF {version.pk}: the job queue (REDIS_URL) did not answer" in caplog.text
    # the admin shows where the PDF is
    change = client.get(reverse("admin:sendtrack_publication_change", args=[approved.pk]))
    assert "PDF waiting for the job queue (built when it is back)" in change.content.decode()
    assert pdfs_built == []

    # when the queue is back, beat's re-enqueue builds it (eager here: tasks run in process)
    assert requeue_waiting_jobs.delay().get() == {"queued": 1, "waiting": 0}
    version.refresh_from_db()
    assert version.pdf_status == PdfStatus.READY
    assert "Building works delayed by six weeks." in pdfs_built[0]
    assert anonymous.get(f"{url}pdf/").status_code == 200


def test_the_missing_pdfs_action_with_the_broker_down_says_they_wait(
    client, draft, publish, pmo, pdfs_built
):
    # given a published version whose PDF failed, and its correction whose PDF never left
    first = publish(draft)
    services.publication_start_correction(publication=draft, user=pmo, reason="a typo.")
    second = publish(draft)
    PublicationVersion.objects.filter(pk=first.pk).update(
        pdf_status=PdfStatus.FAILED, pdf_error="WeasyPrint cannot run here."
    )
    PublicationVersion.objects.filter(pk=second.pk).update(pdf_status=PdfStatus.PENDING)
    client.force_login(pmo)

    with broker_at(CLOSED):
        response = client.post(
            LIST, {"action": "build_missing_pdfs", "_selected_action": [draft.pk]}
        )

    assert response.status_code == 302
    assert _messages(response) == [
        (
            "warning",
            "0 PDF(s) queued to be built; 2 waiting for the job queue. "
            + waiting_for_queue("They"),
        )
    ]
    assert set(PublicationVersion.objects.values_list("pdf_status", flat=True)) == {
        PdfStatus.WAITING
    }
    assert client.get(LIST).status_code == 200


def test_a_broker_that_never_answers_holds_the_publish_for_seconds_not_minutes(
    client, approved, pmo
):
    # a port that accepts connections and never answers, as a hung Redis or a dropped route
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    client.force_login(pmo)
    try:
        with broker_at(f"redis://127.0.0.1:{silent.getsockname()[1]}/0"):
            started = time.monotonic()
            response = _publish(client, approved)
            took = time.monotonic() - started
    finally:
        silent.close()

    assert response.status_code == 302
    assert PublicationVersion.objects.get().pdf_status == PdfStatus.WAITING
    assert took < 15, f"publishing waited {took:.1f} s for the broker"


def test_without_redis_publishing_builds_the_pdf_at_once(client, approved, pmo, pdfs_built):
    client.force_login(pmo)

    response = _publish(client, approved)

    assert response.status_code == 302
    url = f"/publications/{approved.slug}/v1/"
    assert _messages(response) == [
        ("success", f'Published as version 1 at <a href="{url}">{url}</a>.')
    ]
    version = PublicationVersion.objects.get()
    assert version.pdf_status == PdfStatus.READY
    assert version.pdf_queued_at is not None
    assert len(pdfs_built) == 1


def test_a_pdf_handed_to_the_queue_and_never_taken_is_sent_again(draft, publish, pdfs_built):
    # given a version "pending" since it was handed over 20 minutes ago (a Redis restarted
    # without its data lost it)
    lost = publish(draft)
    pdfs_built.clear()
    now = timezone.now()
    PublicationVersion.objects.filter(pk=lost.pk).update(
        pdf_status=PdfStatus.PENDING, pdf_queued_at=now - timedelta(minutes=20)
    )

    # when beat's re-enqueue runs, it is sent again and built
    assert requeue_waiting_jobs.delay().get() == {"queued": 1, "waiting": 0}
    lost.refresh_from_db()
    assert lost.pdf_status == PdfStatus.READY

    # but one handed over a minute ago is left to the worker that may be on its way to it
    PublicationVersion.objects.filter(pk=lost.pk).update(
        pdf_status=PdfStatus.PENDING, pdf_queued_at=now - timedelta(minutes=1)
    )
    assert requeue_waiting_jobs.delay().get() == {"queued": 0, "waiting": 0}
    assert PublicationVersion.objects.get().pdf_status == PdfStatus.PENDING
    assert len(pdfs_built) == 1
