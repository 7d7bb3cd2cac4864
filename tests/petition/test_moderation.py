"""Moderators' verbs: hide, unhide, confirm, invalidate (one by one or by rule)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from petition import moderation
from petition.counts import petition_counts
from petition.models import AuditLog, Signature
from tests.factories import (
    ConfirmedSignatureFactory,
    InvalidatedSignatureFactory,
    PendingSignatureFactory,
    PetitionFactory,
    StaffUserFactory,
    WithdrawnSignatureFactory,
)

pytestmark = pytest.mark.django_db

State = Signature.State


@pytest.fixture
def organiser(db):
    return StaffUserFactory(username="organiser", groups=["Organisers"])


def states(*signatures):
    return [Signature.objects.get(pk=s.pk).state for s in signatures]


def test_invalidating_takes_signatures_out_of_the_count_and_logs_it(petition, organiser):
    signatures = ConfirmedSignatureFactory.create_batch(3, petition=petition)
    assert petition_counts(petition).total == 3

    outcome = moderation.signatures_invalidate(
        queryset=Signature.objects.filter(pk__in=[s.pk for s in signatures[:2]]), user=organiser
    )

    assert outcome.rows == 2
    assert states(*signatures) == [State.INVALIDATED, State.INVALIDATED, State.CONFIRMED]
    assert petition_counts(petition).total == 1
    log = AuditLog.objects.get(action=AuditLog.Action.INVALIDATE)
    assert (log.user, log.petition, log.rows) == (organiser, petition, 2)
    assert sorted(log.details["ids"]) == sorted(s.pk for s in signatures[:2])


def test_counts_follow_at_once_even_when_the_cache_is_fresh(petition, organiser, settings):
    settings.COUNTS_REFRESH_SECONDS = 3600
    signature = ConfirmedSignatureFactory(petition=petition)
    assert petition_counts(petition).total == 1
    moderation.signatures_invalidate(queryset=Signature.objects.filter(pk=signature.pk), user=organiser)
    assert petition_counts(petition).total == 0


def test_a_withdrawn_signature_is_never_touched(petition, organiser):
    withdrawn = WithdrawnSignatureFactory(petition=petition)
    everything = Signature.objects.all()
    for verb in (
        moderation.signatures_invalidate,
        moderation.signatures_confirm,
        moderation.signatures_hide,
    ):
        assert verb(queryset=everything, user=organiser).rows == 0
    assert states(withdrawn) == [State.WITHDRAWN]
    assert not AuditLog.objects.exists(), "nothing changed, nothing logged"


def test_hiding_keeps_the_signature_counted_but_off_the_wall(petition, organiser):
    signature = ConfirmedSignatureFactory(petition=petition)

    moderation.signatures_hide(queryset=Signature.objects.all(), user=organiser)

    signature.refresh_from_db()
    assert signature.hidden and signature.hidden_at is not None
    assert not Signature.objects.on_wall().exists()
    assert petition_counts(petition).total == 1
    assert AuditLog.objects.get().action == AuditLog.Action.HIDE


def test_unhiding_puts_it_back_on_the_wall(petition, organiser):
    ConfirmedSignatureFactory(petition=petition, hidden=True, hidden_at=timezone.now())

    outcome = moderation.signatures_unhide(queryset=Signature.objects.all(), user=organiser)

    assert outcome.rows == 1
    assert Signature.objects.on_wall().count() == 1
    assert AuditLog.objects.get().action == AuditLog.Action.UNHIDE


def test_confirming_counts_pending_and_reinstates_invalidated_signatures(petition, organiser):
    pending = PendingSignatureFactory(petition=petition)
    once_confirmed = ConfirmedSignatureFactory(petition=petition)
    first_confirmed_at = once_confirmed.confirmed_at
    moderation.signatures_invalidate(queryset=Signature.objects.filter(pk=once_confirmed.pk), user=organiser)
    assert petition_counts(petition).total == 0

    outcome = moderation.signatures_confirm(queryset=Signature.objects.all(), user=organiser)

    assert outcome.rows == 2
    assert states(pending, once_confirmed) == [State.CONFIRMED, State.CONFIRMED]
    once_confirmed.refresh_from_db()
    assert once_confirmed.confirmed_at == first_confirmed_at
    assert once_confirmed.invalidated_at is None
    assert petition_counts(petition).total == 2


def test_one_log_entry_per_petition_touched(organiser):
    first, second = PetitionFactory(), PetitionFactory()
    ConfirmedSignatureFactory.create_batch(2, petition=first)
    ConfirmedSignatureFactory(petition=second)

    outcome = moderation.signatures_invalidate(queryset=Signature.objects.all(), user=organiser)

    assert outcome.rows == 3
    assert sorted(AuditLog.objects.values_list("petition__slug", "rows")) == sorted(
        [(first.slug, 2), (second.slug, 1)]
    )
    assert petition_counts(first).total == petition_counts(second).total == 0


# --- invalidation by rule ------------------------------------------------------------


def test_invalidate_by_email_domain(petition, organiser):
    flood = ConfirmedSignatureFactory.create_batch(3, petition=petition, email_domain="spam.example")
    pending_flood = PendingSignatureFactory(petition=petition, email_domain="spam.example")
    genuine = ConfirmedSignatureFactory(petition=petition, email_domain="example.org")
    criteria = moderation.Criteria(petition=petition, email_domain="@SPAM.example")

    assert moderation.invalidation_candidates(criteria).count() == 4
    outcome = moderation.signatures_invalidate_matching(criteria=criteria, user=organiser)

    assert outcome.rows == 4
    assert set(states(*flood, pending_flood)) == {State.INVALIDATED}
    assert states(genuine) == [State.CONFIRMED]
    assert petition_counts(petition).total == 1
    assert AuditLog.objects.get().details["criteria"]["email_domain"] == "@SPAM.example"


def test_invalidate_by_ip_hash(petition, organiser):
    flood = ConfirmedSignatureFactory.create_batch(2, petition=petition, ip_hash="a" * 64)
    genuine = ConfirmedSignatureFactory(petition=petition, ip_hash="b" * 64)

    moderation.signatures_invalidate_matching(criteria=moderation.Criteria(ip_hash="a" * 64), user=organiser)

    assert states(*flood, genuine) == [State.INVALIDATED, State.INVALIDATED, State.CONFIRMED]


def test_invalidate_by_time_window_includes_the_start_and_excludes_the_end(petition, organiser):
    start = timezone.now() - timedelta(hours=2)
    end = start + timedelta(minutes=30)
    before = ConfirmedSignatureFactory(petition=petition, created_at=start - timedelta(seconds=1))
    at_start = ConfirmedSignatureFactory(petition=petition, created_at=start)
    inside = ConfirmedSignatureFactory(petition=petition, created_at=start + timedelta(minutes=10))
    at_end = ConfirmedSignatureFactory(petition=petition, created_at=end)

    moderation.signatures_invalidate_matching(
        criteria=moderation.Criteria(created_from=start, created_to=end), user=organiser
    )

    assert states(before, at_start, inside, at_end) == [
        State.CONFIRMED,
        State.INVALIDATED,
        State.INVALIDATED,
        State.CONFIRMED,
    ]


def test_criteria_combine_with_and(petition, organiser):
    start = timezone.now() - timedelta(hours=1)
    match = ConfirmedSignatureFactory(petition=petition, email_domain="spam.example", created_at=start)
    earlier = ConfirmedSignatureFactory(
        petition=petition, email_domain="spam.example", created_at=start - timedelta(days=1)
    )
    other = ConfirmedSignatureFactory(petition=petition, email_domain="example.org", created_at=start)

    criteria = moderation.Criteria(email_domain="spam.example", created_from=start - timedelta(minutes=1))
    moderation.signatures_invalidate_matching(criteria=criteria, user=organiser)

    assert states(match, earlier, other) == [State.INVALIDATED, State.CONFIRMED, State.CONFIRMED]


def test_an_empty_rule_matches_nothing(petition, organiser):
    ConfirmedSignatureFactory.create_batch(2, petition=petition)
    assert moderation.invalidation_candidates(moderation.Criteria(petition=petition)).count() == 0
    assert moderation.signatures_invalidate_matching(criteria=moderation.Criteria(), user=organiser).rows == 0


def test_already_invalidated_rows_are_not_counted_again(petition, organiser):
    InvalidatedSignatureFactory(petition=petition, email_domain="spam.example")
    criteria = moderation.Criteria(email_domain="spam.example")
    assert moderation.invalidation_candidates(criteria).count() == 0


def test_busiest_sources_show_where_a_flood_comes_from(petition):
    ConfirmedSignatureFactory.create_batch(
        3, petition=petition, email_domain="spam.example", ip_hash="f" * 64
    )
    ConfirmedSignatureFactory(petition=petition, email_domain="example.org", ip_hash="")
    InvalidatedSignatureFactory.create_batch(5, petition=petition, email_domain="old.example")

    busiest = moderation.busiest_sources(petition=petition)

    assert busiest["email_domain"] == [("spam.example", 3), ("example.org", 1)]
    assert busiest["ip_hash"] == [("f" * 64, 3)]
