"""The privacy page's promises, kept by three commands meant for cron.

Unconfirmed signatures deleted after 30 days; a closed petition anonymised while
its counts by country and the dashboard's figures stay exactly as they were;
contact messages deleted after a year.
"""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from campaign.models import ContactMessage
from dashboard.models import DailySignatureStats
from dashboard.stats import stats_refresh
from petition import counts
from petition.models import AuditLog, Signature
from tests.factories import (
    ConfirmedSignatureFactory,
    InvalidatedSignatureFactory,
    OrganisationSignatureFactory,
    PendingSignatureFactory,
    PetitionFactory,
    WithdrawnSignatureFactory,
)

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


# --- Unconfirmed signatures ----------------------------------------------------------------


def test_unconfirmed_signatures_are_deleted_after_thirty_days_by_default(petition):
    now = timezone.now()
    stale = PendingSignatureFactory.create_batch(3, petition=petition, created_at=now - 31 * DAY)
    fresh = PendingSignatureFactory(petition=petition, created_at=now - 29 * DAY)
    confirmed = ConfirmedSignatureFactory(petition=petition, created_at=now - 400 * DAY)
    withdrawn = WithdrawnSignatureFactory(petition=petition, created_at=now - 400 * DAY)
    assert "Deleted 3 unconfirmed signature(s) older than 30 days." in run("purge_unconfirmed")
    assert not Signature.objects.filter(pk__in=[s.pk for s in stale]).exists()
    assert set(Signature.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk, withdrawn.pk}
    assert "Deleted 0 " in run("purge_unconfirmed"), "a second run finds nothing"


def test_purge_unconfirmed_takes_its_age_in_days_and_deletes_the_logo(
    petition, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    old = PendingSignatureFactory(petition=petition, created_at=timezone.now() - 8 * DAY)
    old.organisation_logo.save("logo.png", ContentFile(b"png"))
    path = Path(old.organisation_logo.path)  # private storage: no moderator has approved it
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        output = run("purge_unconfirmed", "--days", "7")
    assert "Deleted 1 unconfirmed signature(s) older than 7 days." in output
    assert "Warning" in output, "links of the last 30 days still work: said so"
    assert not Signature.objects.exists()
    assert not path.exists()


def test_purge_unconfirmed_refuses_zero_days(petition):
    PendingSignatureFactory(petition=petition)
    with pytest.raises(CommandError):
        run("purge_unconfirmed", "--days", "0")
    assert Signature.objects.count() == 1


# --- Anonymising a closed petition ---------------------------------------------------------


def closed_petition():
    now = timezone.now()
    petition = PetitionFactory(opens_at=now - 90 * DAY, closes_at=now - DAY)
    made = now - 60 * DAY
    ConfirmedSignatureFactory.create_batch(
        3, petition=petition, country="HK", created_at=made, ip_hash="a" * 64
    )
    ConfirmedSignatureFactory.create_batch(2, petition=petition, country="GB", created_at=made, via="embed")
    ConfirmedSignatureFactory(
        petition=petition, country="TW", hidden=True, comment="Free them", city="Taipei"
    )
    OrganisationSignatureFactory(petition=petition, country="GB", language="zh-hant", title="Union")
    PendingSignatureFactory(petition=petition, country="US", created_at=made)
    WithdrawnSignatureFactory(petition=petition, country="CA", created_at=made)
    InvalidatedSignatureFactory(petition=petition, country="AU", created_at=made, name="Bot")
    return petition


def stats_rows(petition):
    return sorted(
        DailySignatureStats.objects.filter(petition=petition).values_list(
            "day", "country", "language", "kind", "via", "signed", "confirmed", "pending", "withdrawn",
            "invalidated", "hidden",
        )
    )  # fmt: skip


def test_a_closed_petition_is_anonymised_keeping_its_counts_by_country_and_daily_figures(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    petition = closed_petition()
    other = ConfirmedSignatureFactory(name="Other Petition Signer")
    logo_holder = Signature.objects.filter(petition=petition, kind="organisation").get()
    logo_holder.organisation_logo.save("logo.png", ContentFile(b"png"))
    logo_path = Path(logo_holder.organisation_logo.path)
    assert logo_path.exists()
    before = counts.refresh_counts(petition)
    stats_refresh(petition=petition, full=True)
    figures = stats_rows(petition)
    states = sorted(Signature.objects.filter(petition=petition).values_list("state", "country", "kind"))

    with django_capture_on_commit_callbacks(execute=True):
        output = run("anonymise_signatures", "--petition", petition.slug)
    assert f"Anonymised 10 signature(s) of {petition.slug}" in output, output

    for row in Signature.objects.filter(petition=petition).values():
        for field in ("name", "email", "email_domain", "city", "title", "comment", "contact_person",
                      "contact_role", "organisation_logo", "ip_hash", "last_email_error"):  # fmt: skip
            assert row[field] == "", (field, row)
        assert row["email_canonical"] is None
        assert row["display"] == Signature.Display.UNLISTED
    assert not logo_path.exists()
    assert (
        sorted(Signature.objects.filter(petition=petition).values_list("state", "country", "kind")) == states
    )

    shown = counts.petition_counts(petition)
    assert (shown.total, shown.by_country) == (before.total, before.by_country), "the counts shown"
    fresh = counts.compute_counts(petition)
    assert (
        (fresh.total, fresh.by_country)
        == (before.total, before.by_country)
        == (7, {"HK": 3, "GB": 3, "TW": 1})
    )
    stats_refresh(petition=petition, full=True)
    assert stats_rows(petition) == figures, "the dashboard's figures are unchanged"

    other.refresh_from_db()
    assert other.name == "Other Petition Signer", "other petitions are left alone"
    log = AuditLog.objects.get(action=AuditLog.Action.OTHER, petition=petition)
    assert log.rows == 10 and log.details["operation"] == "anonymise"
    assert "Anonymised 0 " in run("anonymise_signatures", "--petition", petition.slug)


def test_an_open_petition_is_not_anonymised_without_force(petition):
    signature = ConfirmedSignatureFactory(petition=petition, name="Still Signing")
    with pytest.raises(CommandError, match="still open"):
        run("anonymise_signatures", "--petition", petition.slug)
    signature.refresh_from_db()
    assert signature.name == "Still Signing"
    assert "Anonymised 1 " in run("anonymise_signatures", "--petition", petition.slug, "--force")
    signature.refresh_from_db()
    assert signature.name == "" and signature.state == Signature.State.CONFIRMED


def test_a_petition_with_a_closing_date_still_ahead_is_open():
    petition = PetitionFactory(closes_at=timezone.now() + DAY)
    with pytest.raises(CommandError, match="still open"):
        run("anonymise_signatures", "--petition", petition.slug)


def test_an_unknown_petition_is_an_error():
    with pytest.raises(CommandError, match="No petition"):
        run("anonymise_signatures", "--petition", "no-such-petition")


def test_links_of_an_anonymised_signature_stop_working(client):
    from petition import tokens

    petition = closed_petition()
    signature = Signature.objects.filter(petition=petition, state="confirmed").first()
    link = tokens.make_token(signature, tokens.MANAGE)
    assert client.get(f"/en/petition/manage/{link}/").status_code == 200
    run("anonymise_signatures", "--petition", petition.slug)
    assert client.get(f"/en/petition/manage/{link}/").status_code == 400


# --- Contact messages ----------------------------------------------------------------------


def message(age_days):
    return ContactMessage.objects.create(
        name="Sender",
        email="sender@example.org",
        subject=ContactMessage.Subject.OTHER,
        message="Hello",
        created_at=timezone.now() - age_days * DAY,
    )


def test_contact_messages_are_deleted_after_a_year():
    old, older = message(366), message(800)
    kept = message(300)
    assert "Deleted 2 contact message(s) older than 365 days." in run(
        "purge_contact_messages", "--days", "365"
    )
    assert list(ContactMessage.objects.all()) == [kept]
    assert not ContactMessage.objects.filter(pk__in=[old.pk, older.pk]).exists()
    assert "Deleted 1 " in run("purge_contact_messages", "--days", "30")
    with pytest.raises(CommandError):
        run("purge_contact_messages", "--days", "0")
