"""Concurrent signing on PostgreSQL, through the real server: one row per address, never a 500."""

import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from core.rates import parse_rates
from petition.models import Signature
from tests.factories import PetitionFactory
from tests.petition.conftest import form_data

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent writers"),
    pytest.mark.django_db(transaction=True),
]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def browser(live_server):
    """POSTs of the signing form from many threads, as a browser sends it from our page."""
    opener = urllib.request.build_opener(NoRedirect)

    def post(email):
        body = urllib.parse.urlencode(form_data(email=email)).encode()
        request = urllib.request.Request(  # noqa: S310 -- the test server
            f"{live_server.url}/en/petition/", data=body, headers={"Sec-Fetch-Site": "same-origin"}
        )
        try:
            with opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    return post


@pytest.fixture
def open_limits(settings):
    settings.SIGN_RATE_PER_IP = parse_rates("0")
    settings.SIGN_RATE_PER_DOMAIN = parse_rates("0")


def test_fifty_concurrent_posts_of_one_address_make_one_signature(live_server, open_limits):
    PetitionFactory(is_current=True)
    post = browser(live_server)
    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = list(pool.map(post, ["chan@example.org"] * 25 + ["Chan+hk@Example.org"] * 25))
    assert set(statuses) == {302}, statuses
    assert Signature.objects.count() == 1


def test_two_hundred_concurrent_posts_of_distinct_addresses_make_two_hundred(live_server, open_limits):
    PetitionFactory(is_current=True)
    post = browser(live_server)
    with ThreadPoolExecutor(max_workers=40) as pool:
        statuses = list(pool.map(post, [f"signer{i}@example.org" for i in range(200)]))
    assert set(statuses) == {302}, statuses
    assert Signature.objects.count() == 200
    assert Signature.objects.values("email_canonical").distinct().count() == 200
