"""A signature's life, transition by transition: what each may change, and what it leaves alone.

Each transition is guarded: it changes only the signatures it applies to and says
whether it did, so that a second click, a re-run task or a moderator acting at the
same moment as the signer changes nothing more.
"""

import smtplib
from datetime import timedelta

import pytest
from django.utils import timezone

from petition import retention, tasks
from petition.models import Signature
from tests.factories import (
    ConfirmedSignatureFactory,
    InvalidatedSignatureFactory,
    PendingSignatureFactory,
    PetitionFactory,
    WithdrawnSignatureFactory,
)

pytestmark = pytest.mark.django_db

State = Signature.State
EmailState = Signature.EmailState


def stored(signature):
    return Signature.objects.get(pk=signature.pk)


# --- Confirming ------------------------------------------------------------------------


def test_a_pending_signature_is_confirmed_once():
    signature = PendingSignatureFactory()

    assert signature.confirm() is True
    assert signature.is_confirmed and not signature.is_pending
    first_confirmed_at = signature.confirmed_at
    assert first_confirmed_at is not None

    assert signature.confirm() is False
    assert stored(signature).confirmed_at == first_confirmed_at


def test_a_withdrawn_signature_cannot_be_confirmed():
    signature = WithdrawnSignatureFactory()
    assert signature.confirm() is False
    assert stored(signature).state == State.WITHDRAWN


def test_an_invalidated_signature_cannot_be_confirmed_by_its_link():
    signature = InvalidatedSignatureFactory()
    assert signature.confirm() is False
    assert stored(signature).state == State.INVALIDATED


def test_the_loser_of_a_confirmation_race_sees_the_signature_confirmed():
    signature = PendingSignatureFactory()
    other_tab = Signature.objects.get(pk=signature.pk)
    assert signature.confirm() is True

    assert other_tab.confirm() is False
    assert other_tab.is_confirmed
    assert other_tab.confirmed_at == signature.confirmed_at


def test_confirming_by_the_link_records_that_an_email_reached_the_signer():
    signature = PendingSignatureFactory(email_failed=True)
    signature.confirm()
    signature = stored(signature)
    assert (signature.email_state, signature.last_email_error) == (EmailState.SENT, "")


def test_a_moderator_reinstates_an_invalidated_signature_but_not_a_withdrawn_one():
    invalidated = InvalidatedSignatureFactory()
    withdrawn = WithdrawnSignatureFactory()

    assert invalidated.confirm_by_moderator() is True
    assert invalidated.is_confirmed and invalidated.invalidated_at is None
    assert invalidated.confirmed_at is not None

    assert withdrawn.confirm_by_moderator() is False
    assert stored(withdrawn).state == State.WITHDRAWN


# --- Hiding ------------------------------------------------------------------------------


def test_hiding_twice_changes_nothing():
    signature = ConfirmedSignatureFactory()
    assert signature.hide() is True
    hidden_at = signature.hidden_at
    assert signature.hidden and hidden_at is not None

    assert signature.hide() is False
    assert stored(signature).hidden_at == hidden_at


def test_unhiding_a_signature_that_is_shown_changes_nothing():
    signature = ConfirmedSignatureFactory()
    assert signature.unhide() is False
    assert signature.hide() is True
    assert signature.unhide() is True
    assert (signature.hidden, signature.hidden_at) == (False, None)


@pytest.mark.parametrize("factory", [WithdrawnSignatureFactory, InvalidatedSignatureFactory])
def test_a_signature_off_the_counts_cannot_be_hidden(factory):
    signature = factory()
    assert signature.hide() is False
    assert stored(signature).hidden is False


# --- Invalidating ------------------------------------------------------------------------


@pytest.mark.parametrize("factory", [PendingSignatureFactory, ConfirmedSignatureFactory])
def test_a_live_signature_is_invalidated_once(factory):
    signature = factory()
    assert signature.invalidate() is True
    assert signature.state == State.INVALIDATED and signature.invalidated_at is not None
    assert signature.invalidate() is False


def test_a_withdrawn_signature_cannot_be_invalidated():
    signature = WithdrawnSignatureFactory()
    assert signature.invalidate() is False
    assert stored(signature).state == State.WITHDRAWN


# --- Withdrawing and erasing ---------------------------------------------------------------


@pytest.mark.parametrize(
    "factory", [PendingSignatureFactory, ConfirmedSignatureFactory, InvalidatedSignatureFactory]
)
def test_withdrawing_erases_every_erased_field(factory):
    signature = factory(city="Hong Kong", comment="Free them", comment_approved=True, ip_hash="a" * 64)

    assert signature.withdraw() is True

    row = Signature.objects.filter(pk=signature.pk).values(*Signature.ERASED_FIELDS).get()
    assert row == Signature.ERASED_FIELDS
    assert signature.state == State.WITHDRAWN and signature.withdrawn_at is not None
    assert signature.name == "" and signature.email_canonical is None, "the instance follows the row"


def test_withdrawing_twice_changes_nothing():
    signature = ConfirmedSignatureFactory()
    assert signature.withdraw() is True
    withdrawn_at = signature.withdrawn_at
    assert Signature.objects.get(pk=signature.pk).withdraw() is False
    assert stored(signature).withdrawn_at == withdrawn_at


def test_withdrawal_and_anonymisation_erase_the_same_fields():
    now = timezone.now()
    petition = PetitionFactory(opens_at=now - timedelta(days=30), closes_at=now)
    withdrawn = ConfirmedSignatureFactory(petition=petition, city="Taipei", comment="Solidarity")
    anonymised = ConfirmedSignatureFactory(petition=petition, city="Taipei", comment="Solidarity")
    withdrawn.withdraw()

    retention.anonymise_petition(petition=petition)

    fields = list(Signature.ERASED_FIELDS)
    assert Signature.objects.filter(pk=anonymised.pk).values(*fields).get() == Signature.ERASED_FIELDS
    assert Signature.objects.filter(pk=withdrawn.pk).values(*fields).get() == Signature.ERASED_FIELDS
    assert stored(anonymised).state == State.CONFIRMED, "anonymising keeps the state"
    assert not Signature.objects.holding_personal_data().exists()


def test_a_transition_is_not_applied_to_the_whole_table_by_a_slip():
    ConfirmedSignatureFactory()
    transitions = ("confirm", "confirm_by_moderator", "hide", "unhide", "invalidate", "withdraw", "erase")
    for transition in transitions:
        assert not hasattr(Signature.objects, transition), transition
    assert Signature.objects.all().hide() == 1, "only on rows someone chose"


# --- The confirmation email ----------------------------------------------------------------


def test_one_run_claims_a_confirmation_email():
    signature = PendingSignatureFactory()
    other_run = Signature.objects.get(pk=signature.pk)

    assert signature.claim_confirmation_email(1) is True
    assert other_run.claim_confirmation_email(1) is False

    signature = stored(signature)
    assert signature.email_state == EmailState.SENDING
    assert signature.confirmation_send_count == 1
    assert signature.confirmation_sent_at is not None


@pytest.mark.parametrize(
    "factory", [ConfirmedSignatureFactory, WithdrawnSignatureFactory, InvalidatedSignatureFactory]
)
def test_only_a_pending_signature_has_a_confirmation_email_to_claim(factory):
    signature = factory()
    assert signature.claim_confirmation_email(1) is False
    assert stored(signature).email_state == EmailState.NONE


def test_a_refused_confirmation_email_can_be_claimed_again():
    signature = PendingSignatureFactory()
    signature.claim_confirmation_email(1)

    assert signature.release_confirmation_email(1, sent_at=None) is True
    assert signature.mark_email_failed("SMTPServerDisconnected: down") is True

    signature = stored(signature)
    assert (signature.confirmation_send_count, signature.confirmation_sent_at) == (0, None)
    assert signature.email_state == EmailState.FAILED
    assert signature.claim_confirmation_email(1) is True


def test_an_email_taken_by_the_mail_server_is_marked_sent_and_its_error_forgotten():
    signature = PendingSignatureFactory(email_failed=True)
    signature.claim_confirmation_email(1)
    assert signature.mark_email_sent(number=1) is True
    signature = stored(signature)
    assert (signature.email_state, signature.last_email_error) == (EmailState.SENT, "")


def test_an_earlier_confirmation_email_leaves_a_later_one_being_sent():
    signature = PendingSignatureFactory()
    first_run = Signature.objects.get(pk=signature.pk)
    assert first_run.claim_confirmation_email(1) is True
    assert Signature.objects.get(pk=signature.pk).claim_confirmation_email(2) is True

    assert first_run.mark_email_sent(number=1) is False
    assert stored(signature).email_state == EmailState.SENDING


def test_another_email_sent_leaves_a_confirmation_being_sent():
    signature = PendingSignatureFactory()
    signature.claim_confirmation_email(1)
    assert Signature.objects.get(pk=signature.pk).mark_email_sent() is False
    assert stored(signature).email_state == EmailState.SENDING


def test_a_failed_email_is_recorded_as_failed_without_the_address(monkeypatch):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"chan@example.org": (550, b"no such user chan@example.org")})

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    signature = PendingSignatureFactory(email="chan@example.org")

    assert tasks.send_confirmation.call(signature.pk, 1) == "failed"

    signature = stored(signature)
    assert signature.email_state == EmailState.FAILED
    assert "SMTPRecipientsRefused" in signature.last_email_error
    assert "chan@example.org" not in signature.last_email_error
    assert signature.confirmation_send_count == 0, "not counted as sent"


def test_a_withdrawn_signature_keeps_no_email_error():
    signature = ConfirmedSignatureFactory()
    sending = Signature.objects.get(pk=signature.pk)
    signature.withdraw()

    assert sending.mark_email_failed("SMTPServerDisconnected: down") is False
    assert stored(signature).last_email_error == ""


def test_one_reminder_is_claimed_and_a_refused_one_released():
    signature = PendingSignatureFactory()
    assert signature.claim_reminder() is True
    assert Signature.objects.get(pk=signature.pk).claim_reminder() is False

    assert signature.release_reminder() is True
    assert stored(signature).reminder_sent_at is None
    assert ConfirmedSignatureFactory().claim_reminder() is False, "no reminder once confirmed"
