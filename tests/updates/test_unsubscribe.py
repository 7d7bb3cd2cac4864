"""One click unsubscribes: RFC 8058 POST without cookies, a page in the recipient's language."""

import pytest
from django.test import Client

from petition import tokens as petition_tokens
from tests.updates.conftest import ready_update, subscriber, unsubscribe_path
from updates import sending, services, tokens
from updates.models import Recipient, Suppression

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(petition, mailoutbox, commit, no_pause):
    """A zh-hant signer and the update they received."""
    signature = subscriber(petition, language="zh-hant")
    with commit():
        services.update_send(update=ready_update(petition))
    return signature, mailoutbox[0]


def test_a_one_click_post_without_cookies_or_csrf_token_unsubscribes(sent, petition, mailoutbox, commit):
    signature, message = sent
    url = message.extra_headers["List-Unsubscribe"][1:-1]
    client = Client(enforce_csrf_checks=True)
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert Suppression.objects.get(email_hash=signature.email_canonical).reason == "unsubscribed"
    signature.refresh_from_db()
    assert signature.consent_updates_at is None and signature.consent_updates_withdrawn_at
    with commit():
        services.update_send(update=ready_update(petition))
    assert len(mailoutbox) == 1  # no later update


def test_the_link_opens_a_page_in_the_recipients_language_and_a_get_changes_nothing(sent, client):
    signature, message = sent
    path = unsubscribe_path(message)
    assert path.startswith("/zh-hant/")
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "zh-hant"
    assert b'method="post"' in response.content
    assert not Suppression.objects.exists()
    response = client.post(path)
    assert response.status_code == 200
    assert Suppression.objects.filter(email_hash=signature.email_canonical).exists()


def test_a_second_click_answers_the_same(sent, client):
    _signature, message = sent
    path = unsubscribe_path(message)
    first, second = client.post(path), client.post(path)
    assert first.status_code == second.status_code == 200
    assert Suppression.objects.count() == 1


@pytest.mark.parametrize("token", ["nonsense", "a" * 300])
def test_a_forged_or_truncated_link_is_refused_with_a_translated_page(client, token):
    response = client.post(f"/zh-hans/updates/unsubscribe/{token}/")
    assert response.status_code == 400
    assert response.headers["Content-Language"] == "zh-hans"
    assert not Suppression.objects.exists()


def test_a_signatures_manage_link_cannot_unsubscribe_and_the_other_way_round(sent, client):
    signature, message = sent
    manage = petition_tokens.make_token(signature, petition_tokens.MANAGE)
    assert client.post(f"/en/updates/unsubscribe/{manage}/").status_code == 400
    token = unsubscribe_path(message).rstrip("/").rsplit("/", 1)[1]
    with pytest.raises(petition_tokens.InvalidToken):
        petition_tokens.read_token(token, petition_tokens.MANAGE)


def test_unsubscribing_drops_the_address_from_updates_still_queued(petition, sent, client):
    signature, message = sent
    queued = ready_update(petition)
    queued.schedule()
    sending.record_recipients(queued)
    client.post(unsubscribe_path(message))
    assert queued.recipients.get().state == Recipient.State.SUPPRESSED


def test_the_token_names_no_one(sent):
    _signature, message = sent
    token = unsubscribe_path(message).rstrip("/").rsplit("/", 1)[1]
    assert "@" not in token
    recipient = tokens.read_token(token)
    assert recipient.email == ""  # the row keeps no address once sent


def test_the_unsubscribe_page_stays_within_its_query_budget(sent, client, django_assert_max_num_queries):
    _signature, message = sent
    path = unsubscribe_path(message)
    with django_assert_max_num_queries(6):
        client.get(path)
    with django_assert_max_num_queries(14):
        client.post(path)
