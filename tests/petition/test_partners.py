"""Partners: their sign link, their own count, the separate consent to hear from them,
and their organisers, who see only their own partner's consenting signers."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from petition.models import Signature
from tests.factories import ConfirmedSignatureFactory, PartnerFactory, StaffUserFactory, SuperUserFactory

pytestmark = pytest.mark.django_db


def _signature(email="chan@example.org"):
    return Signature.objects.get(email_domain="example.org", name="Chan Tai Man")


def test_the_partner_link_records_the_partner_and_offers_its_own_consent(client, petition):
    partner = PartnerFactory(slug="unite-branch", name="Unite Branch 42")
    html = client.get("/en/petition/?partner=unite-branch").content.decode()
    assert 'name="consent_partner"' in html
    assert "Keep me informed by Unite Branch 42" in html
    assert 'name="partner" value="unite-branch"' in html
    assert partner.sign_path() == "/en/petition/?partner=unite-branch"


def test_without_a_partner_the_form_has_no_partner_consent(client, petition):
    PartnerFactory(slug="unite-branch")
    for url in (
        "/en/petition/",
        "/en/petition/?partner=no-such-partner",
        "/en/petition/?partner=%3Cscript%3E",
    ):
        assert 'name="consent_partner"' not in client.get(url).content.decode()


def test_signing_through_a_partner_records_its_consent_apart_from_the_campaigns(sign, petition):
    partner = PartnerFactory(slug="unite-branch")
    sign(partner="unite-branch", consent_partner="on")
    signature = _signature()
    assert signature.partner == partner
    assert signature.consent_partner_at is not None
    assert signature.consent_updates_at is None


def test_the_partner_consent_is_not_taken_without_the_box(sign, petition):
    PartnerFactory(slug="unite-branch")
    sign(partner="unite-branch", consent_updates="on")
    signature = _signature()
    assert signature.partner is not None
    assert signature.consent_partner_at is None
    assert signature.consent_updates_at is not None


def test_an_unknown_partner_signs_as_if_there_were_none(sign, petition):
    sign(partner="nobody", consent_partner="on")
    signature = _signature()
    assert signature.partner is None and signature.consent_partner_at is None


def test_the_partner_page_counts_confirmed_signatures_it_brought(
    client, petition, django_assert_max_num_queries
):
    partner, other = PartnerFactory(slug="unite-branch"), PartnerFactory()
    ConfirmedSignatureFactory.create_batch(3, petition=petition, partner=partner)
    ConfirmedSignatureFactory(petition=petition, partner=other)
    ConfirmedSignatureFactory(petition=petition)
    from tests.factories import PendingSignatureFactory

    PendingSignatureFactory(petition=petition, partner=partner)
    with django_assert_max_num_queries(8):
        response = client.get("/en/partners/unite-branch/")
    html = response.content.decode()
    assert "<strong>3</strong> signatures through this partner" in html
    assert "/en/petition/embed/form/?partner=unite-branch" in html
    assert "&lt;iframe" in html  # the snippet, shown as text to copy


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_the_wall_and_the_partners_page_list_partners_with_their_counts(client, petition, language):
    partner = PartnerFactory(name="Unite Branch 42")
    PartnerFactory(name="Hidden Partner", is_listed=False)
    ConfirmedSignatureFactory.create_batch(2, petition=petition, partner=partner)
    for url in (f"/{language}/petition/signatures/", f"/{language}/partners/"):
        html = client.get(url).content.decode()
        assert "Unite Branch 42" in html
        assert "Hidden Partner" not in html
        assert f'href="/{language}/partners/{partner.slug}/"' in html


def test_the_wall_shows_each_partners_own_count(client, petition):
    partner = PartnerFactory(name="Unite Branch 42")
    ConfirmedSignatureFactory.create_batch(2, petition=petition, partner=partner)
    html = client.get("/en/petition/signatures/").content.decode()
    assert "2 signatures through this partner" in html


def test_the_partners_page_has_a_query_budget(client, petition, django_assert_max_num_queries):
    from petition.partner_counts import refresh_partner_counts

    for _ in range(5):
        ConfirmedSignatureFactory(petition=petition, partner=PartnerFactory())
    refresh_partner_counts(petition)  # the periodic job's stored figure
    with django_assert_max_num_queries(6):  # as many for 5 partners as for 50
        assert client.get("/en/partners/").status_code == 200


def _partner_organiser(partner):
    user = StaffUserFactory(groups=["Partner organisers"])
    partner.organisers.add(user)
    return user


def test_a_partner_organiser_sees_only_their_partners_consenting_signers(client, petition):
    mine, theirs = PartnerFactory(), PartnerFactory()
    kept = ConfirmedSignatureFactory(
        petition=petition, partner=mine, consent_partner_at="2026-01-01T00:00Z", name="Mine Agreed"
    )
    ConfirmedSignatureFactory(petition=petition, partner=mine, name="Mine Not Agreed")
    ConfirmedSignatureFactory(
        petition=petition, partner=theirs, consent_partner_at="2026-01-01T00:00Z", name="Theirs Agreed"
    )
    ConfirmedSignatureFactory(petition=petition, consent_updates_at="2026-01-01T00:00Z", name="Campaign Only")
    other = ConfirmedSignatureFactory(
        petition=petition, partner=theirs, consent_partner_at="2026-01-01T00:00Z"
    )
    client.force_login(_partner_organiser(mine))

    html = client.get(reverse("admin:petition_partnersigner_changelist")).content.decode()
    assert "Mine Agreed" in html
    for name in ("Mine Not Agreed", "Theirs Agreed", "Campaign Only"):
        assert name not in html
    # Another partner's signer's page, by its id: not found.
    assert client.get(reverse("admin:petition_partnersigner_change", args=[other.pk])).status_code in (
        302,
        404,
    )
    assert client.get(reverse("admin:petition_partnersigner_change", args=[kept.pk])).status_code == 200
    # The campaign's own signature list stays closed to them.
    assert client.get(reverse("admin:petition_signature_changelist")).status_code == 403


def test_a_partner_organisers_export_holds_only_their_signers_even_when_asked_for_others(client, petition):
    mine, theirs = PartnerFactory(name="Mine"), PartnerFactory(name="Theirs")
    kept = ConfirmedSignatureFactory(petition=petition, partner=mine, consent_partner_at="2026-01-01T00:00Z")
    foreign = ConfirmedSignatureFactory(
        petition=petition, partner=theirs, consent_partner_at="2026-01-01T00:00Z"
    )
    client.force_login(_partner_organiser(mine))
    response = client.post(
        reverse("admin:petition_partnersigner_changelist"),
        {"action": "export_csv", "_selected_action": [kept.pk, foreign.pk]},
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:2] == ["name", "email"]
    assert [row[1] for row in rows[1:]] == [kept.email]
    assert "no-store" in response["Cache-Control"]


def test_a_staff_user_named_on_no_partner_sees_no_one(client, petition):
    partner = PartnerFactory()
    ConfirmedSignatureFactory(
        petition=petition, partner=partner, consent_partner_at="2026-01-01T00:00Z", name="Someone"
    )
    client.force_login(StaffUserFactory(groups=["Partner organisers"]))
    html = client.get(reverse("admin:petition_partnersigner_changelist")).content.decode()
    assert "Someone" not in html


def test_the_partner_organisers_group_has_no_other_permission(db):
    StaffUserFactory(groups=["Partner organisers"])
    codenames = set(
        Permission.objects.filter(group__name="Partner organisers").values_list("codename", flat=True)
    )
    assert codenames == {"view_partnersigner", "export_partnersigner"}


def test_a_superuser_sees_every_partners_consenting_signers(client, petition):
    ConfirmedSignatureFactory(
        petition=petition, partner=PartnerFactory(), consent_partner_at="2026-01-01T00:00Z", name="Anyone"
    )
    client.force_login(SuperUserFactory())
    assert "Anyone" in client.get(reverse("admin:petition_partnersigner_changelist")).content.decode()


def test_a_page_reads_the_stored_partner_figure_and_never_counts_rows(
    client, petition, settings, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tasks_db.models import DBTaskResult

    from petition.partner_counts import refresh_partner_counts_task

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # a worker runs the tasks
    partner = PartnerFactory(slug="unite-branch")
    ConfirmedSignatureFactory.create_batch(2, petition=petition, partner=partner)

    # A cold cache: no figure yet, no count in the page view; the worker is asked, once.
    with CaptureQueriesContext(connection) as queries:
        first = client.get("/en/partners/unite-branch/").content.decode()
    assert "through this partner" not in first
    assert not [q for q in queries if "GROUP BY" in q["sql"] and "petition_signature" in q["sql"]]
    client.get("/en/partners/")
    assert DBTaskResult.objects.filter(task_path__endswith="refresh_partner_counts_task").count() == 1

    # The periodic job stores the figure; the pages read it, new signatures wait for the next run.
    refresh_partner_counts_task.call()
    ConfirmedSignatureFactory(petition=petition, partner=partner)
    with django_assert_max_num_queries(8):
        html = client.get("/en/partners/unite-branch/").content.decode()
    assert "<strong>2</strong> signatures through this partner" in html
    refresh_partner_counts_task.call()
    assert "<strong>3</strong> signatures" in client.get("/en/partners/unite-branch/").content.decode()


def test_the_partners_counts_are_a_periodic_job_and_part_of_refresh_counts(petition, settings):
    from django.core.management import call_command

    from petition.partner_counts import partner_counts

    assert "petition.partner_counts.refresh_partner_counts_task" in [
        job["task"] for job in settings.PERIODIC_TASKS
    ]
    partner = PartnerFactory()
    ConfirmedSignatureFactory(petition=petition, partner=partner)
    call_command("refresh_counts", stdout=io.StringIO())
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert partner_counts(petition) == {partner.pk: 1}
