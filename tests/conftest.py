import pytest
from django.contrib.contenttypes.models import ContentType

from sendtrack.celery import app as celery_app


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """Content types are cached by id for the process; a test that empties and refills the
    database (a restore, a flush) gives them new ids, so no test inherits another's."""
    yield
    ContentType.objects.clear_cache()


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
