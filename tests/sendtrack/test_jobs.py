"""Jobs that wait for the job queue are sent again: beat's task (here with tasks run in
process, as without Redis) builds what waits and what was lost in the queue, leaves alone what
is built, being built, failed or only just handed over, and, with the broker still down, tries
once and leaves them all waiting."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from sendtrack import jobs
from sendtrack.jobs import DOCUMENT_BUILD, jobs_enqueue, jobs_requeue
from sendtrack.models import DocumentBuild
from sendtrack.tasks import requeue_waiting_jobs
from tests import factories as f
from tests.brokers import CLOSED, broker_at

pytestmark = pytest.mark.django_db

Status = DocumentBuild.Status


@pytest.fixture
def built(monkeypatch):
    """The builds run, by id (the packs' content has its own tests)."""
    ran: list[int] = []

    def build(build_id: int) -> DocumentBuild:
        ran.append(build_id)
        DocumentBuild.objects.filter(pk=build_id).update(status=Status.SUCCEEDED)
        return DocumentBuild.objects.get(pk=build_id)

    monkeypatch.setattr("sendtrack.tasks.document_build_run", lambda *, build_id: build(build_id))
    return ran


def _build(status: str, *, queued_minutes_ago: int | None = None) -> DocumentBuild:
    queued_at = (
        None
        if queued_minutes_ago is None
        else timezone.now() - timedelta(minutes=queued_minutes_ago)
    )
    return f.DocumentBuildFactory(status=status, queued_at=queued_at)


def test_the_requeue_task_builds_what_waits_and_what_was_lost_in_the_queue(built):
    waiting = _build(Status.WAITING)
    lost = _build(Status.QUEUED, queued_minutes_ago=16)
    never_sent = _build(Status.QUEUED)  # queued before sendtrack kept the time it was sent
    just_sent = _build(Status.QUEUED, queued_minutes_ago=1)
    leave_alone = [
        _build(Status.RUNNING, queued_minutes_ago=60),
        _build(Status.SUCCEEDED, queued_minutes_ago=60),
        _build(Status.FAILED, queued_minutes_ago=60),
    ]

    result = requeue_waiting_jobs.delay().get()

    assert result == {"queued": 3, "waiting": 0}
    assert sorted(built) == sorted([waiting.pk, lost.pk, never_sent.pk])
    just_sent.refresh_from_db()
    assert just_sent.status == Status.QUEUED
    assert [b.status for b in leave_alone] == [
        DocumentBuild.objects.get(pk=b.pk).status for b in leave_alone
    ]
    # run again: nothing left to send
    assert requeue_waiting_jobs.delay().get() == {"queued": 0, "waiting": 0}


def test_how_long_is_too_long_in_the_queue_is_a_setting(built, settings):
    settings.SENDTRACK_JOB_STALE_MINUTES = 60
    _build(Status.QUEUED, queued_minutes_ago=30)

    assert jobs_requeue().queued == 0
    assert jobs_requeue(now=timezone.now() + timedelta(minutes=31)).queued == 1


def test_with_the_broker_still_down_the_requeue_tries_once_and_they_wait_on(
    built, caplog, monkeypatch
):
    builds = [_build(Status.WAITING) for _ in range(3)]
    lost = _build(Status.QUEUED, queued_minutes_ago=30)
    tries = []
    from sendtrack.tasks import build_document

    real = build_document.apply_async
    monkeypatch.setattr(
        build_document, "apply_async", lambda *a, **k: tries.append(a) or real(*a, **k)
    )

    with broker_at(CLOSED), caplog.at_level(logging.WARNING):
        result = requeue_waiting_jobs.apply().get()

    assert result == {"queued": 0, "waiting": 4}
    assert len(tries) == 1  # one wait on the broker, not one per job
    assert built == []
    statuses = set(DocumentBuild.objects.values_list("status", flat=True))
    assert statuses == {Status.WAITING}
    assert f"Document build {builds[0].pk}, {builds[1].pk}, {builds[2].pk}, {lost.pk}" in (
        caplog.text
    )


def test_a_failed_or_built_document_is_not_sent_again_by_a_new_request(built):
    done = _build(Status.SUCCEEDED)
    failed = _build(Status.FAILED)

    sent = jobs_enqueue(kind=DOCUMENT_BUILD, record_ids=[done.pk, failed.pk])

    assert (sent.queued, sent.waiting) == (0, 0)
    assert built == []


def test_two_runs_at_once_send_a_waiting_job_once(monkeypatch):
    # given a waiting build, and a worker that has not yet started on what it is sent
    ran: list[int] = []

    def not_started(*, build_id: int) -> DocumentBuild:
        ran.append(build_id)
        return DocumentBuild.objects.get(pk=build_id)

    monkeypatch.setattr("sendtrack.tasks.document_build_run", not_started)
    waiting = _build(Status.WAITING)
    # what a second run (a health check while beat runs) selected at the same moment
    selected = jobs.jobs_to_requeue()

    # when both runs send what they selected
    first = jobs.jobs_requeue()
    monkeypatch.setattr(jobs, "jobs_to_requeue", lambda *, now=None: selected)
    second = jobs.jobs_requeue()

    # then it was sent once
    assert (first.queued, second.queued) == (1, 0)
    assert ran == [waiting.pk]
    assert DocumentBuild.objects.get().status == Status.QUEUED
