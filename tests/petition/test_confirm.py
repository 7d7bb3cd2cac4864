"""Confirmation links: signed, single-purpose, expiring, and only a POST confirms."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from petition import services, tokens
from petition.addresses import email_hash
from petition.models import Signature
from tests.factories import ConfirmedSignatureFactory, PendingSignatureFactory

pytestmark = pytest.mark.django_db


def confirm_path(signature, purpose=tokens.CONFIRM):
    return f"/en/petition/confirm/{tokens.make_token(signature, purpose)}/"


def test_get_shows_one_button_and_confirms_nothing(client, petition):
    signature = PendingSignatureFactory(petition=petition)
    response = client.get(confirm_path(signature))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('type="submit"') == 1
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "same-origin"
    signature.refresh_from_db()
    assert signature.state == Signature.State.PENDING


def test_post_confirms(client, petition):
    signature = PendingSignatureFactory(petition=petition)
    assert client.post(confirm_path(signature)).status_code == 302
    signature.refresh_from_db()
    assert signature.state == Signature.State.CONFIRMED


def test_an_expired_link_confirms_nothing_and_says_why(client, petition):
    signature = PendingSignatureFactory(petition=petition)
    path = confirm_path(signature)
    with time_machine.travel(timezone.now() + tokens.MAX_AGE[tokens.CONFIRM] + timedelta(minutes=1)):
        response = client.post(path)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    signature.refresh_from_db()
    assert signature.state == Signature.State.PENDING


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
        lambda t: t[: len(t) // 2],
        lambda t: "garbage",
        lambda t: "eyJhIjoxfQ:1abc:def",
    ],
)
def test_a_forged_or_truncated_link_confirms_nothing(client, petition, mangle):
    signature = PendingSignatureFactory(petition=petition)
    token = mangle(tokens.make_token(signature, tokens.CONFIRM))
    response = client.post(f"/en/petition/confirm/{token}/")
    assert response.status_code == 400
    signature.refresh_from_db()
    assert signature.state == Signature.State.PENDING


def test_a_manage_link_cannot_confirm(client, petition):
    signature = PendingSignatureFactory(petition=petition)
    response = client.post(confirm_path(signature, tokens.MANAGE))
    assert response.status_code == 400
    signature.refresh_from_db()
    assert signature.state == Signature.State.PENDING


def test_a_confirm_link_cannot_manage_or_withdraw(client, petition):
    signature = ConfirmedSignatureFactory(petition=petition)
    token = tokens.make_token(signature, tokens.CONFIRM)
    assert client.get(f"/en/petition/manage/{token}/").status_code == 400
    assert client.post(f"/en/petition/manage/{token}/withdraw/").status_code == 400
    signature.refresh_from_db()
    assert signature.state == Signature.State.CONFIRMED


def test_a_link_for_one_signature_stops_working_when_its_address_changes(client, petition):
    signature = PendingSignatureFactory(petition=petition)
    path = confirm_path(signature)
    Signature.objects.filter(pk=signature.pk).update(
        email="other@example.org", email_canonical=email_hash("other@example.org")
    )
    assert client.post(path).status_code == 400


def test_an_invalidated_signature_cannot_be_confirmed(client, petition):
    signature = PendingSignatureFactory(petition=petition)
    path = confirm_path(signature)
    Signature.objects.filter(pk=signature.pk).update(state=Signature.State.INVALIDATED)
    response = client.post(path)
    assert response.status_code == 200
    signature.refresh_from_db()
    assert signature.state == Signature.State.INVALIDATED


def test_confirm_reports_whether_this_call_confirmed(petition):
    signature = PendingSignatureFactory(petition=petition)
    assert services.signature_confirm(signature=signature) is True
    assert services.signature_confirm(signature=signature) is False


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent writers")
@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_confirmations_confirm_once(petition):
    from django.db import connections

    signature = PendingSignatureFactory(petition=petition)
    results = []
    barrier = threading.Barrier(10)

    def confirm():
        try:
            barrier.wait()
            results.append(services.signature_confirm(signature=Signature.objects.get(pk=signature.pk)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 1
    assert Signature.objects.get(pk=signature.pk).state == Signature.State.CONFIRMED
