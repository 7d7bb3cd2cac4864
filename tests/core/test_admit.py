"""One attempt at a guarded action, decided at once: a one-use stamp spent, the rate limits
counted in order, and what the next page needs kept — in one round trip to Redis, and by
the same rules where the cache is not Redis or cannot be reached."""

import pytest
import redis
from django.core.cache import cache

from core.limits import ADMITTED, LIMITED, STALE, admit, local_counts
from core.rates import parse_rates
from petition.models import Petition, Signature
from tests.petition.conftest import form_data

ONE_A_MINUTE = parse_rates("1/m")
PLENTY = parse_rates("100/m,1000/h")


@pytest.fixture(params=["redis", "in-process"])
def where(request, settings):
    """Each rule holds on Redis (one script) and on the cache tests use (one step at a time)."""
    if request.param == "redis":
        server = request.getfixturevalue("redis_server")
        request.getfixturevalue("site_on")(server)
    cache.clear()
    local_counts.clear()
    yield request.param
    local_counts.clear()


def test_an_attempt_within_every_limit_is_admitted_and_what_it_keeps_is_read_back(where):
    answer = admit(
        once=("form-stamp", "stamp-1", 60),
        limits=[("sign-ip", "198.51.100.7", PLENTY), ("sign-domain", "ngo.example", PLENTY)],
        keep=("petition:signed:ref", {"petition": 3, "canonical": "c0ffee"}, 60),
    )

    assert answer == ADMITTED
    assert cache.get("petition:signed:ref") == {"petition": 3, "canonical": "c0ffee"}


def test_a_stamp_spent_once_is_stale_the_second_time_and_nothing_else_counts(where):
    limits = [("sign-ip", "198.51.100.7", ONE_A_MINUTE)]
    assert admit(once=("form-stamp", "stamp-1", 60), limits=limits) == ADMITTED

    assert admit(once=("form-stamp", "stamp-1", 60), limits=[], keep=("k", {"x": 1}, 60)) == STALE
    assert cache.get("k") is None, "a stale attempt keeps nothing"
    other = admit(once=("form-stamp", "stamp-2", 60), limits=[("sign-ip", "198.51.100.8", ONE_A_MINUTE)])
    assert other == ADMITTED, "another stamp and address are untouched"


def test_the_limit_refuses_past_its_rate_and_keeps_nothing(where):
    limits = [("sign-ip", "198.51.100.7", parse_rates("3/m"))]
    answers = [admit(limits=limits, keep=(f"k{n}", n + 1, 60)) for n in range(5)]

    assert answers == [ADMITTED] * 3 + [LIMITED] * 2
    assert [cache.get(f"k{n}") for n in range(5)] == [1, 2, 3, None, None]


def test_an_attempt_over_its_address_limit_counts_against_nothing_after_it(where):
    def attempt(ip):
        domain = ("sign-domain", "ngo.example", parse_rates("2/m"))
        return admit(limits=[("sign-ip", ip, ONE_A_MINUTE), domain])

    assert attempt("198.51.100.7") == ADMITTED
    # One address keeps trying: refused by its own limit, never reaching the domain's.
    assert [attempt("198.51.100.7") for _ in range(5)] == [LIMITED] * 5
    assert attempt("198.51.100.8") == ADMITTED, "the domain's budget was not used up by the flood"
    assert attempt("198.51.100.9") == LIMITED, "the domain's own limit still holds"


def test_on_redis_the_whole_attempt_is_one_round_trip(redis_server, site_on):
    site_on(redis_server)
    admit(once=("form-stamp", "warm", 60), limits=[("sign-ip", "192.0.2.1", PLENTY)], keep=("k", 1, 60))
    sent = []
    send = redis.connection.AbstractConnection.send_packed_command

    def counted(self, command, *args, **kwargs):
        sent.append(command)
        return send(self, command, *args, **kwargs)

    redis.connection.AbstractConnection.send_packed_command = counted
    try:
        answer = admit(
            once=("form-stamp", "stamp-1", 60),
            limits=[("sign-ip", "192.0.2.1", PLENTY), ("sign-domain", "ngo.example", PLENTY)],
            keep=("petition:signed:ref", {"petition": 1}, 60),
        )
    finally:
        redis.connection.AbstractConnection.send_packed_command = send
    assert answer == ADMITTED
    assert len(sent) == 1, sent


def test_with_redis_gone_the_attempt_is_decided_in_the_process_at_half_the_limit(redis_server, site_on):
    site_on(redis_server)
    redis_server.kill()
    limits = [("sign-ip", "198.51.100.7", parse_rates("4/m"))]

    answers = [admit(once=("form-stamp", f"s{n}", 60), limits=limits) for n in range(4)]

    assert answers == [ADMITTED, ADMITTED, LIMITED, LIMITED]
    assert admit(once=("form-stamp", "s0", 60)) == STALE, "a stamp is still spent once"


def test_a_script_flushed_from_redis_is_loaded_again(redis_server, site_on):
    site_on(redis_server)
    assert admit(once=("form-stamp", "a", 60)) == ADMITTED
    redis_server.client().script_flush()

    assert admit(once=("form-stamp", "b", 60)) == ADMITTED
    assert admit(once=("form-stamp", "b", 60)) == STALE


@pytest.mark.django_db(transaction=True)
def test_a_signature_costs_one_round_trip_to_redis(redis_server, site_on, client, petition, settings):
    """The sign POST's stamp, both rate limits and what "check your inbox" needs: one
    script (the current petition is read from Redis once in a few seconds per process;
    the email is sent by the task worker)."""
    settings.SIGN_MIN_SECONDS = 0
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    site_on(redis_server)
    client.post("/en/petition/", form_data(email="warm-up@example.org"))
    Petition.objects.cached_current()
    client.cookies.clear()
    calls = []
    execute = redis.client.Redis.execute_command

    def counted(self, *args, **options):
        calls.append(args[0])
        return execute(self, *args, **options)

    redis.client.Redis.execute_command = counted
    try:
        response = client.post("/en/petition/", form_data(email="Chan.Tai.Man@example.org"))
    finally:
        redis.client.Redis.execute_command = execute
    assert response.status_code == 302
    assert calls == ["EVALSHA"]


@pytest.mark.django_db(transaction=True)
def test_what_check_your_inbox_keeps_names_no_address_and_its_button_finds_the_signature(
    redis_server, site_on, client, petition, mailoutbox, settings
):
    settings.SIGN_MIN_SECONDS = 0
    site_on(redis_server)
    assert client.post("/en/petition/", form_data(email="Chan.Tai.Man@example.org")).status_code == 302

    keys = redis_server.client().keys("*petition:signed:*")
    assert len(keys) == 1
    kept = redis_server.client().get(keys[0])
    assert b"chan" not in kept.lower() and b"example" not in kept
    reference = client.cookies["petition_signed"].value
    assert reference not in keys[0].decode(), "the key is a hash of the reference"

    mailoutbox.clear()
    client.post("/en/petition/check-your-inbox/")
    assert [m.to for m in mailoutbox] == [["Chan.Tai.Man@example.org"]]
    assert Signature.objects.count() == 1
