import io

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from core.cache import forget_recently_read
from core.limits import local_counts
from tests.factories import PetitionFactory
from tests.redisserver import RedisServer

LANGUAGES = ["en", "zh-hant", "zh-hans"]


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path_factory):
    """Every test starts with an empty cache, emails sent at once, counts fresh, and
    private files (prepared exports, logos awaiting approval) in a folder of its own."""
    private_root = tmp_path_factory.mktemp("private")
    settings.PRIVATE_ROOT = private_root
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**settings.STORAGES["private"], "OPTIONS": {"location": private_root}},
    }
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.COUNTS_REFRESH_SECONDS = 0
    # A worker run inside a test runs beside the suite's other processes: it does not pause
    # for them (tests/core/test_worker_yields.py tests the pauses).
    settings.TASKS_YIELD_PRESSURE = 0
    # Pages are rendered afresh in tests; tests/campaign/test_page_cache.py turns the cache on.
    settings.PAGE_CACHE = False
    cache.clear()
    forget_recently_read()
    local_counts.clear()
    # A language left active by an earlier test (or a template render) must not leak.
    translation.activate("en")
    yield
    translation.deactivate()
    cache.clear()
    forget_recently_read()


@pytest.fixture
def petition(db):
    return PetitionFactory(is_current=True)


@pytest.fixture(params=LANGUAGES)
def language(request):
    return request.param


@pytest.fixture(scope="module")
def demo_content(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content (`manage.py load_demo`), loaded once for a whole test module.

    It lives in a transaction around the module's tests (each test rolls back to
    its own savepoint) and is rolled back at the end.
    """
    media_root = django_settings.MEDIA_ROOT
    django_settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("demo-media"))
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            django_settings.MEDIA_ROOT = media_root


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def site_on(settings):
    """Point the site's cache at a Redis; its local counts start empty."""

    def point(server):
        settings.CACHES = {
            "default": {
                "BACKEND": "core.cache.FailOpenRedisCache",
                "LOCATION": server.url,
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            }
        }
        local_counts.clear()

    yield point
    local_counts.clear()
