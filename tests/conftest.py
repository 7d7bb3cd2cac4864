import pytest
from django.core.cache import cache

from tests.factories import PetitionFactory

LANGUAGES = ["en", "zh-hant", "zh-hans"]


@pytest.fixture(autouse=True)
def _isolated(settings):
    """Every test starts with an empty cache, emails sent at once, counts fresh."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.COUNTS_REFRESH_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def petition(db):
    return PetitionFactory(is_current=True)


@pytest.fixture(params=LANGUAGES)
def language(request):
    return request.param
