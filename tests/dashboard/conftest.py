"""A seeded signing history over several days, in every state, for the dashboard tests."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    ConfirmedSignatureFactory,
    InvalidatedSignatureFactory,
    OrganisationSignatureFactory,
    PendingSignatureFactory,
    StaffUserFactory,
    WithdrawnSignatureFactory,
)

CHANNELS = ["facebook", "x", "whatsapp", "telegram", "line", "email", "copy", "wechat-qr", "embed", ""]


def days_ago(n, hours=0):
    return timezone.now() - timedelta(days=n, hours=hours)


@pytest.fixture
def history(petition):
    """Ten days of signing: confirmations a day after signing, some withdrawn, invalidated,
    hidden or still pending, in three countries, three languages and every share channel."""
    countries = ["HK", "GB", "DE"]
    languages = ["en", "zh-hant", "zh-hans"]
    for n in range(30):
        signed = days_ago(10 - n % 10, hours=n % 7)
        common = {
            "petition": petition,
            "country": countries[n % 3],
            "language": languages[n % 3],
            "via": CHANNELS[n % len(CHANNELS)],
            "created_at": signed,
        }
        ConfirmedSignatureFactory(**common, confirmed_at=signed + timedelta(hours=20), hidden=n % 9 == 0)
    OrganisationSignatureFactory(
        petition=petition, country="GB", created_at=days_ago(3), confirmed_at=days_ago(2)
    )
    for n in range(4):
        PendingSignatureFactory(petition=petition, country="TW", created_at=days_ago(n, hours=2))
    WithdrawnSignatureFactory(
        petition=petition, country="HK", created_at=days_ago(8), confirmed_at=days_ago(7)
    )
    InvalidatedSignatureFactory(petition=petition, country="DE", created_at=days_ago(5))
    return petition


@pytest.fixture(autouse=True)
def _no_login_throttling(settings):
    # Login throttling records each login with the client's address; a test login has none.
    settings.AXES_ENABLED = False


@pytest.fixture
def organiser(db):
    return StaffUserFactory(username="organiser", groups=["Organisers"])


@pytest.fixture
def editor(db):
    return StaffUserFactory(username="editor", groups=["Editors"])
