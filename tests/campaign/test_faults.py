"""Faults degrade calmly: a database outage gives a translated 503, a Redis outage is survivable."""

from unittest import mock

import pytest
from django.db import OperationalError

from core.cache import FailOpenRedisCache


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


def test_rate_limits_let_people_through_while_redis_is_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    from core.limits import rate_limit_take
    from core.rates import parse_rates

    assert all(rate_limit_take("sign-ip", "198.51.100.1", parse_rates("1/m")) for _ in range(3))
