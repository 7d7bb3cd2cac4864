"""The counts cost what is new: a stored tally per petition, moved on by each refresh,
adjusted by the rows a withdrawal or a moderator changes, corrected by a full recount."""

import logging
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from petition import counts, moderation, services
from petition.models import PetitionTally, Signature
from tests.factories import ConfirmedSignatureFactory, PendingSignatureFactory

pytestmark = pytest.mark.django_db


def ago(seconds):
    return timezone.now() - timedelta(seconds=seconds)


def tallied(petition):
    return PetitionTally.objects.get(petition=petition).by_country


@pytest.fixture
def counted(petition):
    """Five signatures tallied an hour ago: three from Hong Kong, two from the UK."""
    ConfirmedSignatureFactory.create_batch(3, petition=petition, country="HK", confirmed_at=ago(7200))
    ConfirmedSignatureFactory.create_batch(2, petition=petition, country="GB", confirmed_at=ago(7200))
    counts.advance_tally(petition, now=ago(3600))
    assert tallied(petition) == {"GB": 2, "HK": 3}
    return petition


def test_a_refresh_counts_only_the_signatures_confirmed_since_the_mark(counted):
    mark = PetitionTally.objects.get(petition=counted).counted_until
    ConfirmedSignatureFactory(petition=counted, country="TW", confirmed_at=ago(1800))
    with CaptureQueriesContext(connection) as captured:
        counts.advance_tally(counted)
    reads = [q["sql"] for q in captured.captured_queries if "COUNT(*)" in q["sql"]]
    assert len(reads) == 1
    assert '"petition_signature"."confirmed_at" >' in reads[0]  # a range of the index, from the mark
    tally = PetitionTally.objects.get(petition=counted)
    assert tally.by_country == {"GB": 2, "HK": 3, "TW": 1}
    assert tally.counted_until > mark


def test_the_last_seconds_are_counted_on_top_without_being_stored(counted):
    ConfirmedSignatureFactory(petition=counted, country="HK")  # confirmed just now
    shown = counts.refresh_counts(counted)
    assert shown.total == 6 and shown.by_country["HK"] == 4, "a signer finds themselves counted at once"
    tally = PetitionTally.objects.get(petition=counted)
    assert tally.by_country == {"GB": 2, "HK": 3}
    assert tally.counted_until <= timezone.now() - timedelta(seconds=settings.COUNTS_SETTLE_SECONDS)


def test_a_withdrawal_takes_its_own_row_out_of_the_tally(counted):
    signature = Signature.objects.filter(country="HK").first()
    services.signature_withdraw(signature=signature)
    assert tallied(counted) == {"GB": 2, "HK": 2}
    services.signature_withdraw(signature=signature)  # a second click changes nothing
    assert tallied(counted) == {"GB": 2, "HK": 2}
    assert counts.petition_counts(counted).total == 4


def test_a_withdrawal_of_a_signature_not_yet_tallied_leaves_the_tally_alone(counted):
    signature = ConfirmedSignatureFactory(petition=counted, country="HK")
    services.signature_withdraw(signature=signature)
    assert tallied(counted) == {"GB": 2, "HK": 3}
    assert counts.refresh_counts(counted).total == 5


def test_invalidating_and_reinstating_adjust_the_tally_by_those_rows(counted, admin_user):
    british = Signature.objects.filter(country="GB")
    moderation.signatures_invalidate(queryset=british, user=admin_user)
    assert tallied(counted) == {"HK": 3}
    assert counts.petition_counts(counted).by_country == {"HK": 3}

    moderation.signatures_confirm(queryset=Signature.objects.filter(country="GB"), user=admin_user)
    assert tallied(counted) == {"GB": 2, "HK": 3}, "reinstated, they keep their first confirmation time"
    assert counts.petition_counts(counted).total == 5


def test_a_moderator_confirming_a_pending_signature_counts_it_from_now(counted, admin_user):
    pending = PendingSignatureFactory(petition=counted, country="FR")
    moderation.signatures_confirm(queryset=Signature.objects.filter(pk=pending.pk), user=admin_user)
    assert tallied(counted) == {"GB": 2, "HK": 3}  # confirmed after the mark: the refresh adds it
    assert counts.petition_counts(counted).by_country == {"FR": 1, "GB": 2, "HK": 3}


def test_a_signer_moving_country_moves_their_count(counted):
    signature = Signature.objects.filter(country="HK").first()
    services.signature_update(
        signature=signature,
        name=signature.name,
        display=signature.display,
        consent_updates=False,
        country="CA",
    )
    assert tallied(counted) == {"CA": 1, "GB": 2, "HK": 2}


def test_a_full_recount_corrects_what_drifted_and_says_when(counted, caplog):
    mark = PetitionTally.objects.get(petition=counted).counted_until
    # A confirmation committed after the mark had passed its time: no refresh adds it.
    ConfirmedSignatureFactory(petition=counted, country="HK", confirmed_at=mark - timedelta(seconds=1))
    counts.advance_tally(counted)
    assert tallied(counted) == {"GB": 2, "HK": 3}

    with caplog.at_level(logging.WARNING, logger="petition.counts"):
        correction = counts.recount_counts(counted)
    assert correction == {"HK": 1}
    tally = PetitionTally.objects.get(petition=counted)
    assert tally.by_country == {"GB": 2, "HK": 4}
    assert tally.correction == {"HK": 1} and tally.corrected_at == tally.recounted_at
    assert "corrected the tally by +1 (HK +1)" in caplog.text
    assert counts.petition_counts(counted).total == 6

    corrected_at = tally.corrected_at
    assert counts.recount_counts(counted) == {}, "nothing left to correct"
    tally.refresh_from_db()
    assert tally.corrected_at == corrected_at < tally.recounted_at


def test_the_first_refresh_tallies_every_signature(petition):
    ConfirmedSignatureFactory.create_batch(2, petition=petition, country="HK", confirmed_at=ago(86400))
    assert counts.recount_counts(petition) == {}  # no tally yet: it is made
    assert tallied(petition) == {"HK": 2}


def test_the_full_recount_runs_by_itself_on_the_worker():
    jobs = {job["task"]: job for job in settings.PERIODIC_TASKS}
    assert jobs["petition.counts.recount_counts_task"]["every"] == settings.COUNTS_RECOUNT_SECONDS


def test_a_page_view_with_a_worker_never_writes_the_tally(petition, settings, client):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ConfirmedSignatureFactory(petition=petition)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/petition.json").status_code == 200
    writes = [q["sql"] for q in captured.captured_queries if "petition_petitiontally" in q["sql"]]
    assert writes and all(sql.startswith("SELECT") for sql in writes)


def test_the_petition_admin_says_when_every_signature_was_last_counted_again(counted, admin_client):
    page = f"/admin/petition/petition/{counted.pk}/change/"
    assert "Not counted again yet" in admin_client.get(page).content.decode()
    counts.recount_counts(counted)
    assert "The stored tally was right." in admin_client.get(page).content.decode()

    PetitionTally.objects.filter(petition=counted).update(by_country={"HK": 3})
    counts.recount_counts(counted)
    assert "corrected the stored tally by +2 signatures" in admin_client.get(page).content.decode()


def test_deleting_tallied_signatures_takes_them_out_of_the_tally(counted):
    Signature.objects.filter(country="GB").first().delete()
    assert tallied(counted) == {"GB": 1, "HK": 3}
    Signature.objects.filter(country="HK").delete()
    assert tallied(counted) == {"GB": 1}
    assert counts.recount_counts(counted) == {}
