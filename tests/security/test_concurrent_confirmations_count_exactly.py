"""Concurrent confirmations through the real server (PostgreSQL): counted once each, counts exact.

Concurrent signing (200 addresses, 50 posts of one address) is in
tests/petition/test_concurrency.py; this completes it with confirmations and the
correcting jobs. Each thread is a visitor: it opens the confirmation page (CSRF
cookie and token), then posts it.
"""

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from dashboard.models import DailySignatureStats
from petition import counts, tokens
from petition.models import Signature
from tests.factories import ConfirmedSignatureFactory, PendingSignatureFactory, PetitionFactory
from tests.processes import scaled
from tests.security.conftest import Browser

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent writers"),
    pytest.mark.django_db(transaction=True),
]


def confirm_path(signature):
    return f"/en/petition/confirm/{tokens.make_token(signature, tokens.CONFIRM)}/"


def confirm_over_http(live_server, path, barrier=None):
    browser = Browser(live_server.url)
    fields = browser.form(path, stamped=False)
    if barrier:
        barrier.wait()
    status, headers, _html = browser.request("POST", path, fields)
    return status, headers.get("Location", "")


def test_ten_simultaneous_posts_of_one_confirmation_link_count_it_once(live_server):
    petition = PetitionFactory(is_current=True)
    signature = PendingSignatureFactory(petition=petition)
    path = confirm_path(signature)
    barrier = threading.Barrier(10, timeout=scaled(30))
    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(lambda _: confirm_over_http(live_server, path, barrier), range(10)))
    assert {status for status, _ in results} == {302}, results
    assert all(location.startswith("/en/petition/thank-you/") for _, location in results), results
    signature.refresh_from_db()
    assert signature.state == Signature.State.CONFIRMED
    assert counts.compute_counts(petition).total == 1


def stats_snapshot(petition):
    return sorted(
        DailySignatureStats.objects.filter(petition=petition).values_list(
            "day", "country", "language", "kind", "via", "signed", "confirmed", "pending"
        )
    )


def test_a_hundred_simultaneous_confirmations_are_all_counted_and_the_correcting_jobs_change_nothing(
    live_server,
):
    petition = PetitionFactory(is_current=True)
    ConfirmedSignatureFactory.create_batch(20, petition=petition, country="GB")
    countries = ["HK", "TW", "US", "CA"]
    pending = [PendingSignatureFactory(petition=petition, country=countries[i % 4]) for i in range(100)]
    paths = [confirm_path(s) for s in pending]
    assert counts.refresh_counts(petition).total == 20

    with ThreadPoolExecutor(max_workers=25) as pool:
        results = list(pool.map(lambda path: confirm_over_http(live_server, path), paths))
    assert {status for status, _ in results} == {302}, [r for r in results if r[0] != 302]

    confirmed = Signature.objects.filter(petition=petition, state=Signature.State.CONFIRMED)
    assert confirmed.count() == 120
    browser = Browser(live_server.url)
    _status, _headers, body = browser.request("GET", "/api/petition.json")
    shown = json.loads(body)
    assert shown["signatures"] == 120, "the count after the surge equals the confirmed rows"
    assert shown["by_country"] == {"GB": 20, "HK": 25, "TW": 25, "US": 25, "CA": 25} | {}

    # The correcting jobs, twice each: nothing moves.
    out = StringIO()
    call_command("refresh_counts", stdout=out)
    first = counts.petition_counts(petition)
    call_command("refresh_stats", "--full", stdout=out)
    figures = stats_snapshot(petition)
    call_command("refresh_counts", stdout=out)
    call_command("refresh_stats", "--full", stdout=out)
    again = counts.petition_counts(petition)
    assert (again.total, again.by_country) == (first.total, first.by_country)
    assert first.total == 120 and first.by_country == shown["by_country"]
    assert stats_snapshot(petition) == figures
    assert sum(row[6] for row in figures) == 120, "the dashboard's confirmed figures add up to the count"
    assert f"{petition.slug}: 120 confirmed signature(s)" in out.getvalue()
