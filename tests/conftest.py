import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache

from sendtrack.celery import app as celery_app


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """Content types are cached by id for the process; a test that empties and refills the
    database (a restore, a flush) gives them new ids, so no test inherits another's."""
    yield
    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _answers_worked_out_afresh(settings):
    """Repeat reads are answered from the kept answer while the data is unchanged; tests that
    count a view's queries on a repeat read mean the view's own work, so answers are kept
    only in the tests of keeping them (tests/sendtrack/test_fresh_answers.py)."""
    settings.CONDITIONAL_GET_KEEP_ANSWERS = False
    # The same for the dashboards' kept parts; what each part reads is checked in every test.
    settings.SENDTRACK_KEEP_DERIVED_PARTS = False
    settings.SENDTRACK_CHECK_DERIVED_READS = True
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _eager_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Hashing strength is Django's concern; tests only need logins to work.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _files_in_a_temporary_folder(settings, tmp_path):
    # Built documents are written where each test can see them, never into the project.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _eager_tasks(request):
    """Tasks run in the test's own process, even when REDIS_URL is set (as in CI), except in
    the Redis integration tests, which run them through a real broker and worker."""
    if request.node.get_closest_marker("redis"):
        yield
        return
    saved = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = saved


@pytest.fixture(scope="session", autouse=True)
def _no_connection_outlives_the_session(django_db_setup, django_db_blocker):
    """On PostgreSQL, sessions opened by other threads (the Redis tests' worker, the browser's
    request handler) are ended before the test database is dropped, which they would block."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def on_4_december_2026(monkeypatch):
    """Today, wherever the product asks (``timezone.localdate()``), is 4 December 2026."""
    from datetime import date

    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 12, 4))
    return date(2026, 12, 4)


@pytest.fixture(scope="module")
def route_media_root(tmp_path_factory):
    """One folder for a module's uploaded files (evidence, a built pack) that outlive each
    test, as the route data set does."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def route_data(django_db_setup, django_db_blocker, route_media_root):
    """The small data set that fills every route's parameters (``tests.routes``), made once
    for the module and rolled back at its end."""
    from django.db import transaction
    from django.test import override_settings

    from tests.routes import build_dataset

    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=route_media_root),
        transaction.atomic(),
    ):
        dataset = build_dataset()
        yield dataset
        transaction.set_rollback(True)
