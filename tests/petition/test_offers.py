"""Offers of help at confirmation: each a separate consent, recorded with its time,
withdrawn on the manage page or with the signature; Organisers see them by country and
kind and export them; a speaker request from the contact form finds its speakers."""

import csv
import io

import pytest
from django.urls import reverse

from campaign.models import ContactMessage
from petition import tokens
from petition.models import HelpOffer, Signature
from tests.factories import (
    ConfirmedSignatureFactory,
    PartnerFactory,
    PendingSignatureFactory,
    StaffUserFactory,
)

pytestmark = pytest.mark.django_db


def confirm_url(signature):
    return f"/en/petition/confirm/{tokens.make_token(signature, tokens.CONFIRM)}/"


def manage_url(signature):
    return f"/en/petition/manage/{tokens.make_token(signature, tokens.MANAGE)}/"


def offer(signature, kind, **fields):
    from django.utils import timezone

    return HelpOffer.objects.create(signature=signature, kind=kind, offered_at=timezone.now(), **fields)


def test_the_confirmation_page_offers_each_kind_of_help_apart(client, petition):
    signature = PendingSignatureFactory(petition=petition)
    html = client.get(confirm_url(signature)).content.decode()
    for kind in HelpOffer.Kind.values:
        assert f'value="{kind}"' in html


def test_offers_made_while_confirming_are_recorded_one_by_one(client, petition):
    signature = PendingSignatureFactory(petition=petition)
    response = client.post(confirm_url(signature), {"offers": ["speak", "translate"]})
    assert response.status_code == 302
    signature.refresh_from_db()
    assert signature.is_confirmed
    kinds = set(HelpOffer.objects.active().filter(signature=signature).values_list("kind", flat=True))
    assert kinds == {"speak", "translate"}


def test_confirming_without_offers_offers_nothing_and_bad_values_are_ignored(client, petition):
    signature = PendingSignatureFactory(petition=petition)
    client.post(confirm_url(signature), {"offers": ["nonsense"]})
    signature.refresh_from_db()
    assert signature.is_confirmed
    assert not HelpOffer.objects.exists()


def test_an_offer_is_withdrawn_on_the_manage_page_and_the_others_stand(client, petition):
    signature = ConfirmedSignatureFactory(petition=petition, display="full")
    offer(signature, "speak")
    offer(signature, "protest")
    client.post(manage_url(signature), {"name": signature.name, "display": "full", "offers": ["protest"]})
    assert list(HelpOffer.objects.active().values_list("kind", flat=True)) == ["protest"]
    withdrawn = HelpOffer.objects.get(kind="speak")
    assert withdrawn.withdrawn_at is not None
    # Offered again: a new consent time.
    client.post(
        manage_url(signature), {"name": signature.name, "display": "full", "offers": ["speak", "protest"]}
    )
    first_withdrawal = withdrawn.withdrawn_at
    withdrawn.refresh_from_db()
    assert withdrawn.withdrawn_at is None and withdrawn.offered_at >= first_withdrawal


def test_the_partner_consent_is_withdrawn_on_the_manage_page(client, petition):
    partner = PartnerFactory(name="Unite Branch 42")
    signature = ConfirmedSignatureFactory(
        petition=petition, partner=partner, consent_partner_at="2026-01-01T00:00Z"
    )
    assert "Keep me informed by Unite Branch 42" in client.get(manage_url(signature)).content.decode()
    client.post(manage_url(signature), {"name": signature.name, "display": "full"})
    signature.refresh_from_db()
    assert signature.consent_partner_at is None


def test_withdrawing_the_signature_withdraws_its_offers(client, petition, commit):
    signature = ConfirmedSignatureFactory(petition=petition)
    offer(signature, "speak")
    with commit():
        client.post(f"/en/petition/manage/{tokens.make_token(signature, tokens.MANAGE)}/withdraw/")
    assert Signature.objects.get().state == Signature.State.WITHDRAWN
    assert not HelpOffer.objects.active().exists()


@pytest.fixture
def organiser(settings):
    settings.AXES_ENABLED = False
    return StaffUserFactory(groups=["Organisers"])


def test_organisers_see_offers_by_country_and_kind_and_export_them(client, petition, organiser):
    gb = ConfirmedSignatureFactory(petition=petition, country="GB", name="Speaker In London")
    fr = ConfirmedSignatureFactory(petition=petition, country="FR", name="Translator In Paris")
    gone = ConfirmedSignatureFactory(petition=petition, country="GB", name="Changed Their Mind")
    offer(gb, "speak")
    offer(fr, "translate")
    offer(gone, "speak", withdrawn_at="2026-01-02T00:00Z")
    client.force_login(organiser)
    url = reverse("admin:petition_helpoffer_changelist")
    html = client.get(url + "?kind__exact=speak&signature__country=GB").content.decode()
    assert "Speaker In London" in html
    assert "Translator In Paris" not in html and "Changed Their Mind" not in html
    response = client.post(
        url,
        {"action": "export_csv", "_selected_action": list(HelpOffer.objects.values_list("pk", flat=True))},
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "offer"
    assert sorted(row[2] for row in rows[1:]) == sorted([gb.email, fr.email])


def test_a_speaker_request_links_to_the_speakers_of_its_country(client, petition, organiser):
    offer(ConfirmedSignatureFactory(petition=petition, country="GB"), "speak")
    offer(ConfirmedSignatureFactory(petition=petition, country="GB"), "speak")
    offer(ConfirmedSignatureFactory(petition=petition, country="DE"), "speak")
    message = ContactMessage.objects.create(
        name="Branch",
        email="branch@union.example",
        country="GB",
        subject="speaker",
        message="A speaker please",
    )
    client.force_login(organiser)
    html = client.get(reverse("admin:campaign_contactmessage_change", args=[message.pk])).content.decode()
    assert "2 signers offered to speak" in html
    assert "kind__exact=speak&amp;signature__country=GB" in html


def test_partner_organisers_and_editors_do_not_see_offers(client, petition, settings):
    settings.AXES_ENABLED = False
    for group in ("Editors", "Partner organisers"):
        client.force_login(StaffUserFactory(groups=[group]))
        assert client.get(reverse("admin:petition_helpoffer_changelist")).status_code == 403
