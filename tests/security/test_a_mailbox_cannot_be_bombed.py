"""One address gets at most a few emails from us, however often someone signs with it.

The attack: sign again and again with a victim's address (or press "send it again")
to flood their mailbox with our emails, after knocking Redis over: the cap used to be
counted in the cache, and with the cache away each worker process counted on its own.
Now the cap is counted on the signature's row, in the database.
"""

import pytest

from core.limits import local_counts
from petition.models import Signature
from petition.services import SIGNER_MAIL_PER_DAY, SIGNER_MAIL_PER_HOUR
from tests.factories import PetitionFactory
from tests.security.conftest import Browser
from tests.security.test_faults_lose_no_signature import closed_port
from tests.security.test_signing_reveals_no_prior_signature import signing_post

VICTIM = "victim@example.org"


@pytest.fixture
def cache_down(settings):
    """Redis gone: every cache call fails (the fail-open cache drops it, counting raises)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    local_counts.clear()
    yield
    local_counts.clear()


@pytest.mark.django_db(transaction=True)
def test_eight_signings_with_one_address_send_at_most_the_cap_with_the_cache_down(
    live_server, open_limits, cache_down, mailoutbox
):
    PetitionFactory(is_current=True)
    statuses = []
    for _ in range(8):
        local_counts.clear()  # each request meets another worker process
        statuses.append(signing_post(Browser(live_server.url), email=VICTIM)[0])

    assert statuses == [302] * 8, "every answer looks the same"
    to_victim = [m for m in mailoutbox if m.to == [VICTIM]]
    assert 1 <= len(to_victim) <= SIGNER_MAIL_PER_HOUR
    assert Signature.objects.get().mail_hour_count == len(to_victim)


@pytest.mark.django_db
def test_the_allowance_is_counted_in_the_hour_and_in_the_day(petition):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import PendingSignatureFactory

    signature = PendingSignatureFactory(petition=petition)
    now = timezone.now()
    taken = []
    for hour in range(12):
        moment = now + timedelta(hours=hour, minutes=1)
        taken.append(
            sum(
                signature.take_mail_allowance(
                    per_hour=SIGNER_MAIL_PER_HOUR, per_day=SIGNER_MAIL_PER_DAY, now=moment
                )
                for _ in range(5)
            )
        )
    assert taken[0] == SIGNER_MAIL_PER_HOUR
    assert sum(taken) == SIGNER_MAIL_PER_DAY
    tomorrow = now + timedelta(days=1, hours=1)
    assert signature.take_mail_allowance(
        per_hour=SIGNER_MAIL_PER_HOUR, per_day=SIGNER_MAIL_PER_DAY, now=tomorrow
    )
