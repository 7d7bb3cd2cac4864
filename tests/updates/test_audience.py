"""Who an update goes to: confirmed signers who asked for news, and no one else."""

import pytest
from django.utils import timezone

from petition.services import signature_update
from tests.factories import PendingSignatureFactory, PetitionFactory
from tests.updates.conftest import ready_update, subscriber
from updates import sending, services
from updates.models import Suppression, Update

pytestmark = pytest.mark.django_db


def audience(update):
    return set(sending.audience_signatures(update).values_list("pk", flat=True))


def test_only_confirmed_signers_who_consented_and_did_not_withdraw_are_in_the_audience(petition):
    wanted = subscriber(petition)
    subscriber(petition, state="pending", confirmed_at=None)
    PendingSignatureFactory(petition=petition)
    subscriber(petition, consent_updates_at=None)
    withdrawn = subscriber(petition)
    withdrawn.withdraw()
    stopped = subscriber(petition)
    stopped.__class__.objects.filter(pk=stopped.pk).stop_updates()
    subscriber(PetitionFactory())  # another petition's signer
    assert audience(ready_update(petition)) == {wanted.pk}


def test_suppressed_addresses_are_left_out_whatever_the_reason(petition):
    kept = subscriber(petition)
    for reason in Suppression.Reason.values:
        signature = subscriber(petition)
        Suppression.objects.create(email_hash=signature.email_canonical, reason=reason)
    assert audience(ready_update(petition)) == {kept.pk}


def test_countries_and_signing_languages_narrow_the_audience(petition):
    hk_chinese = subscriber(petition, country="HK", language="zh-hant")
    subscriber(petition, country="HK", language="en")
    subscriber(petition, country="GB", language="zh-hant")
    update = ready_update(petition, countries="hk", languages="zh-hant")
    assert audience(update) == {hk_chinese.pk}


def test_recording_the_audience_twice_writes_one_row_per_address(petition):
    for _ in range(3):
        subscriber(petition, language="zh-hans")
    update = ready_update(petition)
    assert sending.record_recipients(update) == 3
    assert sending.record_recipients(update) == 3
    row = update.recipients.first()
    assert row.language == "zh-hans" and row.consent_version == "2026-1" and row.consent_at


def test_the_test_list_goes_to_the_organisers_addresses_in_the_language_given(
    petition, mailoutbox, no_pause, commit
):
    subscriber(petition)
    update = ready_update(
        petition, audience=Update.Audience.TEST, test_addresses="me@example.org zh-hans\nyou@example.org\n"
    )
    with commit():
        services.update_send(update=update)
    assert sorted((m.to[0], m.extra_headers["Content-Language"]) for m in mailoutbox) == [
        ("me@example.org", "zh-hans"),
        ("you@example.org", "en"),
    ]


def test_an_update_missing_a_language_is_not_sent(petition, mailoutbox):
    subscriber(petition)
    update = ready_update(petition, subject_zh_hant="", subject_zh_hans="", body_zh_hant="", body_zh_hans="")
    with pytest.raises(services.NotReady):
        services.update_send(update=update)
    assert mailoutbox == []
    update.refresh_from_db()
    assert update.state == Update.State.DRAFT


def test_one_chinese_script_is_filled_from_the_other_and_marked(petition):
    update = ready_update(petition, subject_zh_hans="", body_zh_hans="", body_zh_hant="<p>香港的聯署</p>")
    assert update.subject_zh_hans == "我们递交了联署"
    assert "联署" in update.body_zh_hans
    assert update.is_converted("zh-hans") and not update.is_converted("zh-hant")


def test_the_body_is_sanitised_when_saved(petition):
    update = ready_update(petition, body_en="<p onclick='x()'>Hi<script>alert(1)</script></p>")
    assert update.body_en == "<p>Hi</p>"


def test_the_manage_page_unticking_news_records_the_withdrawn_consent(petition):
    signature = subscriber(petition)
    signature_update(signature=signature, name=signature.name, display="full", consent_updates=False)
    signature.refresh_from_db()
    assert signature.consent_updates_at is None
    assert signature.consent_updates_withdrawn_at <= timezone.now()
    assert audience(ready_update(petition)) == set()
