"""`check --deploy` warns when the cache is kept in each process: the rate limits would count per worker."""

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {"default": {"BACKEND": "core.cache.FailOpenRedisCache", "LOCATION": "redis://127.0.0.1:6379/0"}}


def deploy_check_ids():
    return {message.id for message in run_checks(include_deployment_checks=True)}


@pytest.mark.parametrize("backend", ["locmem.LocMemCache", "dummy.DummyCache"])
def test_check_deploy_warns_when_each_worker_has_its_own_cache(settings, backend):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": f"django.core.cache.backends.{backend}"}}

    assert "core.W001" in deploy_check_ids()


def test_the_warning_says_the_limits_and_counts_then_count_per_worker(settings):
    settings.DEBUG = False
    settings.CACHES = LOCMEM

    with pytest.raises(SystemCheckError) as raised:
        call_command("check", "--deploy", "--fail-level", "WARNING")
    message = str(raised.value)
    assert "core.W001" in message
    assert "rate limits" in message and "per worker" in message
    assert "CACHE_URL" in message


def test_a_shared_cache_raises_no_warning(settings):
    settings.DEBUG = False
    settings.CACHES = REDIS

    assert "core.W001" not in deploy_check_ids()


def test_in_development_a_local_cache_is_fine(settings):
    settings.DEBUG = True
    settings.CACHES = LOCMEM

    assert "core.W001" not in deploy_check_ids()


def test_the_check_runs_only_with_deploy(settings):
    settings.DEBUG = False
    settings.CACHES = LOCMEM

    assert "core.W001" not in {message.id for message in run_checks()}
