"""Faults degrade calmly: a database outage gives a translated 503, a Redis outage is
survivable, and no outage switches the rate limits off."""

from unittest import mock
from unittest.mock import patch

import pytest
import redis
from django.db import OperationalError

from core.cache import CacheUnavailable, FailOpenRedisCache
from core.limits import local_counts, rate_limit_take
from core.rates import parse_rates
from petition.models import Signature
from tests.factories import PetitionFactory
from tests.petition.conftest import form_data
from tests.security.conftest import Browser


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "phrase"),
    [("/en/", "busy for a moment"), ("/zh-hant/", "網站暫時繁忙"), ("/zh-hans/", "网站暂时繁忙")],
)
def test_database_down_gives_a_translated_503_without_a_traceback(client, path, phrase):
    with mock.patch("campaign.views.render", side_effect=OperationalError("could not connect to server")):
        response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"]
    html = response.content.decode()
    assert phrase in html
    assert "Traceback" not in html and "OperationalError" not in html


@pytest.mark.django_db
def test_the_site_recovers_by_itself_when_the_database_returns(client, petition):
    with mock.patch("campaign.views.render", side_effect=OperationalError("down")):
        assert client.get("/en/").status_code == 503
    assert client.get("/en/").status_code == 200


def test_redis_down_reads_miss_and_writes_are_dropped_quickly():
    # Nothing listens on port 1: every call fails at once.
    cache = FailOpenRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})
    assert cache.get("key", "fallback") == "fallback"
    assert cache.add("key", 1) is False
    cache.set("key", 1)
    with pytest.raises(ValueError):
        cache.incr("key")


def test_rate_limits_count_in_the_process_at_half_while_redis_is_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    local_counts.clear()

    answers = [rate_limit_take("sign-ip", "198.51.100.1", parse_rates("10/m")) for _ in range(15)]

    assert answers == [True] * 5 + [False] * 10
    local_counts.clear()


# --- A real Redis, then Redis killed ----------------------------------------------------------


def test_two_workers_count_in_one_redis_in_one_round_trip(redis_server):
    first, second = (FailOpenRedisCache(redis_server.url, {}) for _ in range(2))

    assert first.count_and_read({"k": 60}, ["earlier"]) == ({"k": 1}, {})
    second.set("earlier", 4)
    assert second.count_and_read({"k": 60}, ["earlier"]) == ({"k": 2}, {"earlier": 4})
    assert 0 < redis_server.client().ttl(first.make_and_validate_key("k")) <= 60


def test_when_redis_dies_counting_raises_at_once_instead_of_failing_open(redis_server):
    cache = FailOpenRedisCache(redis_server.url, {"OPTIONS": {"socket_timeout": 0.5}})
    cache.count_and_read({"k": 60})
    redis_server.kill()

    with pytest.raises(CacheUnavailable):
        cache.count_and_read({"k": 60})
    attempts = []
    connect = redis.connection.AbstractConnection.connect

    def counted_connect(self, *args, **kwargs):
        attempts.append(1)
        return connect(self, *args, **kwargs)

    with (
        patch.object(redis.connection.AbstractConnection, "connect", counted_connect),
        pytest.raises(CacheUnavailable),
    ):
        cache.count_and_read({"k": 60})
    assert attempts == [], "skipped while backing off, not even tried"
    assert cache.get("page", "missed") == "missed", "everything else still fails open"


def sign_over_http(browser, email):
    status, _headers, _html = browser.request("POST", "/en/petition/", form_data(email=email))
    return status


@pytest.mark.django_db(transaction=True)
def test_with_redis_killed_the_signing_limit_still_holds_through_the_live_server(
    live_server, redis_server, site_on, settings
):
    """The attack: kill (or flood) Redis, then sign as often as you like from one address."""
    PetitionFactory(is_current=True)
    settings.SIGN_RATE_PER_IP = parse_rates("10/m")
    site_on(redis_server)
    browser = Browser(live_server.url)

    assert sign_over_http(browser, "before@example.org") == 302
    assert redis_server.client().keys("*rl:sign-ip:*"), "the limits count in Redis while it is there"

    redis_server.kill()
    statuses = [sign_over_http(browser, f"signer{n}@example.org") for n in range(15)]

    assert statuses.count(302) == 5, statuses
    assert statuses.count(429) == 10, statuses
    assert Signature.objects.count() == 1 + 5
    status, _headers, _html = browser.request("GET", "/en/")
    assert status == 200, "pages are still served"
