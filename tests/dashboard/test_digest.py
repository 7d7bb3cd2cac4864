"""The daily digest goes to the organisers who asked for it, in their language, once a day."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from django_countries import countries

from dashboard.digest import digest_send
from dashboard.models import DigestSubscription
from dashboard.stats import stats_refresh
from tests.factories import ConfirmedSignatureFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def yesterday():
    return timezone.localdate() - timedelta(days=1)


@pytest.fixture
def signed_yesterday(petition, yesterday):
    when = timezone.now() - timedelta(days=1)
    ConfirmedSignatureFactory.create_batch(
        3, petition=petition, country="GB", created_at=when, confirmed_at=when
    )
    return petition


def subscribe(user, language="en", enabled=True):
    return DigestSubscription.objects.create(user=user, enabled=enabled, language=language)


def test_the_digest_goes_only_to_organisers_who_opted_in(signed_yesterday, organiser):
    subscribe(organiser, "en")
    subscribe(StaffUserFactory(username="not-now", groups=["Organisers"]), enabled=False)
    subscribe(StaffUserFactory(username="editor-too", groups=["Editors"]))  # may not see the figures
    StaffUserFactory(username="never-asked", groups=["Organisers"])

    out = StringIO()
    call_command("send_digest", stdout=out)

    assert "queued for 1 organiser" in out.getvalue()
    assert [m.to for m in mail.outbox] == [[organiser.email]]


def test_the_digest_is_in_the_organisers_language(signed_yesterday, organiser, language, yesterday):
    subscribe(organiser, language)
    stats_refresh(full=True)

    assert digest_send(subscription_id=organiser.digest_subscription.pk, day=yesterday) == "sent"

    message = mail.outbox[0]
    assert message.extra_headers["Content-Language"] == language
    with translation.override(language):
        britain = countries.name("GB")
    html = message.alternatives[0].content
    assert britain in message.body and britain in html
    assert "3" in message.subject


def test_the_digest_carries_its_chart(signed_yesterday, organiser, yesterday):
    subscribe(organiser)
    stats_refresh(full=True)

    digest_send(subscription_id=organiser.digest_subscription.pk, day=yesterday)

    images = [a for a in mail.outbox[0].attachments if a.get_content_type().startswith("image/")]
    assert len(images) == 1
    if images[0].get_content_type() == "image/png":
        assert "cid:" in mail.outbox[0].alternatives[0].content


def test_a_second_run_the_same_day_sends_nothing(signed_yesterday, organiser):
    subscribe(organiser)

    call_command("send_digest", stdout=StringIO())
    call_command("send_digest", stdout=StringIO())

    assert len(mail.outbox) == 1


def test_a_bad_day_is_refused():
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        call_command("send_digest", "--day", "yesterday", stdout=StringIO())
