import pytest
from django.test import RequestFactory

from core.hashing import keyed_hash
from core.limits import client_ip, ip_key, rate_limit_take
from core.rates import Rate, RateError, parse_rates


@pytest.mark.parametrize(
    ("text", "rates"),
    [
        ("10/s", (Rate(10, 1),)),
        ("30/m", (Rate(30, 60),)),
        ("500/h", (Rate(500, 3600),)),
        ("10/m, 200/h", (Rate(10, 60), Rate(200, 3600))),
        ("0", ()),
    ],
)
def test_rates_are_read_from_short_strings(text, rates):
    assert parse_rates(text) == rates


@pytest.mark.parametrize("text", ["ten per minute", "10/w", "-1/m", "10"])
def test_a_malformed_rate_is_refused(text):
    with pytest.raises(RateError):
        parse_rates(text)


def test_hit_allows_up_to_the_limit_then_refuses():
    rates = parse_rates("3/m")
    assert [rate_limit_take("test", "1.2.3.4", rates) for _ in range(5)] == [True, True, True, False, False]
    assert rate_limit_take("test", "5.6.7.8", rates), "another client has its own budget"


def test_every_window_applies():
    rates = parse_rates("100/m,2/h")
    assert [rate_limit_take("test", "x", rates) for _ in range(3)] == [True, True, False]


def test_no_limit_when_turned_off():
    assert all(rate_limit_take("test", "x", parse_rates("0")) for _ in range(100))


def test_hashes_are_keyed_with_the_secret_key(settings):
    first = keyed_hash("1.2.3.4")
    assert "1.2.3.4" not in first
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789abcdef"
    assert keyed_hash("1.2.3.4") != first


def test_forwarded_headers_are_ignored_without_a_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get(
        "/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.1.1.1", HTTP_X_REAL_IP="2.2.2.2"
    )
    assert client_ip(request) == "203.0.113.9"


def test_behind_one_proxy_the_address_it_saw_is_used_not_what_the_client_claims(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert client_ip(request) == "198.51.100.7"


def test_ipv6_clients_are_grouped_by_their_64_network():
    assert ip_key("2001:db8::1") == ip_key("2001:db8::ffff") == "2001:db8::/64"
    assert ip_key("198.51.100.7") == "198.51.100.7"
