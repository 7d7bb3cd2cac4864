"""A provider's bounce and complaint webhooks suppress the address (django-anymail)."""

import base64
import hashlib
import hmac
import json
import time

import pytest

from tests.updates.conftest import ready_update, subscriber
from updates import sending
from updates.models import Suppression

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.updates.anymail_urls")]

SIGNING_KEY = "key-mailgun-webhook-signing"
BASIC_AUTH = "hooks:s3cret-of-the-webhook"


@pytest.fixture(autouse=True)
def _mailgun(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": BASIC_AUTH, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}


def mailgun_event(event, recipient, *, key=SIGNING_KEY, **data):
    timestamp, token = str(int(time.time())), "a" * 50
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": {
            "event": event,
            "recipient": recipient,
            "timestamp": float(timestamp),
            "id": "x",
            **data,
        },
    }


def post(client, payload, auth=BASIC_AUTH):
    return client.post(
        "/anymail/mailgun/tracking/",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(auth.encode()).decode(),
    )


def test_a_permanent_bounce_suppresses_the_address_for_later_updates(client, petition):
    gone, kept = subscriber(petition, email="Gone+news@Example.org"), subscriber(petition)
    payload = mailgun_event("failed", "gone+news@example.org", severity="permanent")
    assert post(client, payload).status_code == 200
    assert Suppression.objects.get(email_hash=gone.email_canonical).reason == Suppression.Reason.BOUNCED
    gone.refresh_from_db()
    assert gone.consent_updates_at  # a bounce is not a withdrawal of consent
    assert list(sending.audience_signatures(ready_update(petition))) == [kept]


def test_a_complaint_suppresses_and_withdraws_the_consent(client, petition):
    signature = subscriber(petition)
    assert post(client, mailgun_event("complained", signature.email)).status_code == 200
    assert Suppression.objects.get().reason == Suppression.Reason.COMPLAINED
    signature.refresh_from_db()
    assert signature.consent_updates_at is None


def test_a_temporary_failure_or_a_delivery_changes_nothing(client, petition):
    signature = subscriber(petition)
    post(client, mailgun_event("failed", signature.email, severity="temporary"))
    post(client, mailgun_event("delivered", signature.email))
    assert not Suppression.objects.exists()


def test_a_payload_with_a_wrong_signature_is_refused(client, petition):
    signature = subscriber(petition)
    response = post(client, mailgun_event("complained", signature.email, key="not-the-key"))
    assert response.status_code == 400
    assert not Suppression.objects.exists()


def test_a_payload_without_the_webhook_secret_is_refused(client, petition):
    signature = subscriber(petition)
    response = post(client, mailgun_event("complained", signature.email), auth="hooks:guess")
    assert response.status_code == 400
    assert not Suppression.objects.exists()
