import pytest
import redis
import time_machine
from django.test import RequestFactory

from core.hashing import keyed_hash
from core.limits import LocalCounts, client_ip, ip_key, local_counts, rate_limit_take, rate_limits_take
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


# --- Sliding windows: no burst of twice the limit across a window's edge -----------------

MINUTE_EDGE = 1_800_000_000  # a multiple of 60 and of 3600: a minute and an hour begin here


def takes_at(moment, count, rates, value="198.51.100.20", scope="test"):
    with time_machine.travel(moment, tick=False):
        return [rate_limit_take(scope, value, rates) for _ in range(count)]


def test_a_burst_just_before_a_window_edge_and_one_just_after_do_not_all_pass():
    rates = parse_rates("10/m")

    before = takes_at(MINUTE_EDGE - 0.5, 10, rates)
    after = takes_at(MINUTE_EDGE + 0.5, 10, rates)

    assert before == [True] * 10
    assert after == [False] * 10, "the minute before still counts almost whole"


def test_a_client_that_waits_a_minute_has_its_whole_budget_again():
    rates = parse_rates("10/m")
    takes_at(MINUTE_EDGE - 0.5, 10, rates)

    assert takes_at(MINUTE_EDGE + 60, 10, rates) == [True] * 10


def test_the_earlier_window_weighs_by_how_much_of_it_is_still_within_a_minute():
    rates = parse_rates("10/m")
    takes_at(MINUTE_EDGE - 1, 10, rates)

    # Half-way into the next minute half of the earlier one still counts: 5 more pass.
    assert takes_at(MINUTE_EDGE + 30, 7, rates) == [True] * 5 + [False] * 2


# --- An attempt over one limit counts against nothing after it ----------------------------


def test_an_attempt_over_its_address_limit_does_not_count_against_the_email_domain():
    per_ip, per_domain = parse_rates("2/m"), parse_rates("3/m")

    def attempt(ip):
        return rate_limits_take([("sign-ip", ip, per_ip), ("sign-domain", "ngo.example", per_domain)])

    flood = [attempt("203.0.113.66") for _ in range(50)]
    assert flood == [True, True] + [False] * 48
    # The flood used two of the domain's three: the domain's own people still sign.
    assert attempt("198.51.100.1") is True
    assert attempt("198.51.100.2") is False


def test_all_limits_in_turn_allow_an_attempt_within_each():
    assert rate_limits_take([("a", "x", parse_rates("1/m")), ("b", "y", parse_rates("1/m"))]) is True
    assert rate_limits_take([]) is True


# --- The cache unreachable: the limits count in the process, more strictly ----------------


class UnreachableCache:
    """A cache whose every call fails as a dead Redis makes it fail."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise redis.exceptions.ConnectionError("Connection refused")

        return fail


@pytest.fixture
def cache_unreachable(monkeypatch):
    local_counts.clear()
    monkeypatch.setattr("core.limits.cache", UnreachableCache())
    yield
    local_counts.clear()


def test_with_the_cache_raising_the_limit_counts_in_the_process_at_half(cache_unreachable):
    answers = [rate_limit_take("sign-ip", "198.51.100.30", parse_rates("10/m")) for _ in range(15)]

    assert answers == [True] * 5 + [False] * 10


def test_with_the_cache_raising_a_limit_of_one_still_allows_one(cache_unreachable):
    answers = [rate_limit_take("contact", "198.51.100.31", parse_rates("1/h")) for _ in range(3)]

    assert answers == [True, False, False]


def test_local_counts_slide_like_the_shared_ones(cache_unreachable):
    rates = parse_rates("10/m")
    assert takes_at(MINUTE_EDGE - 0.5, 6, rates) == [True] * 5 + [False]
    assert takes_at(MINUTE_EDGE + 0.5, 5, rates) == [False] * 5
    assert takes_at(MINUTE_EDGE + 120, 5, rates) == [True] * 5


def test_local_counts_forget_the_least_recently_counted_beyond_their_bound(monkeypatch):
    counts = LocalCounts()
    monkeypatch.setattr(counts, "MAX_KEYS", 3)
    for key in ("a", "b", "c", "a", "d"):
        counts.count_and_read({key: 60}, [], now=1000.0)

    _, held = counts.count_and_read({}, ["a", "b", "c", "d"], now=1000.0)
    assert held == {"a": 2, "c": 1, "d": 1}
