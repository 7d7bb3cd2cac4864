"""The signer's private page: correct the name, choose how it shows, withdraw (and be erased)."""

import pytest
from django.core.files.base import ContentFile

from petition import tokens
from petition.counts import petition_counts
from petition.models import Signature
from tests.factories import ConfirmedSignatureFactory, PendingSignatureFactory
from tests.petition.conftest import MANAGE_LINK, link_path

pytestmark = pytest.mark.django_db


def manage_path(signature):
    return f"/en/petition/manage/{tokens.make_token(signature, tokens.MANAGE)}/"


def test_every_signing_email_carries_a_working_manage_link(client, sign, mailoutbox):
    sign()
    path = link_path(mailoutbox[0], MANAGE_LINK)
    response = client.get(path)
    assert response.status_code == 200
    assert 'value="Chan Tai Man"' in response.content.decode()
    assert response["Cache-Control"].startswith("private") or "no-store" in response["Cache-Control"]


def test_the_signer_corrects_the_name_and_chooses_initials(client, petition):
    signature = ConfirmedSignatureFactory(petition=petition, name="Chan Tia Man")
    path = manage_path(signature)
    response = client.post(path, {"name": "Chan Tai Man", "display": "initials"})
    assert response.status_code == 302
    signature.refresh_from_db()
    assert (signature.name, signature.display) == ("Chan Tai Man", "initials")
    wall = client.get("/en/petition/signatures/").content.decode()
    assert "C. T. M." in wall
    assert "Chan Tai Man" not in wall


def test_choosing_not_to_be_listed_withdraws_the_public_consent(client, petition):
    signature = ConfirmedSignatureFactory(petition=petition)
    client.post(manage_path(signature), {"name": signature.name, "display": "unlisted"})
    signature.refresh_from_db()
    assert signature.consent_public_at is None
    assert signature.name not in client.get("/en/petition/signatures/").content.decode()


def test_an_empty_name_is_refused_on_the_manage_page(client, petition):
    signature = ConfirmedSignatureFactory(petition=petition)
    response = client.post(manage_path(signature), {"name": " ", "display": "full"})
    assert response.status_code == 200
    assert "name" in response.context["form"].errors


def test_withdrawing_asks_first_then_erases_the_personal_data(
    client, petition, mailoutbox, commit, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    signature = ConfirmedSignatureFactory(
        petition=petition,
        kind=Signature.Kind.ORGANISATION,
        name="Workers Union",
        email="union@example.org",
        city="Hong Kong",
        title="Union",
        comment="Solidarity",
        contact_person="Chan",
        contact_role="Secretary",
        ip_hash="abc",
        language="zh-hant",
    )
    signature.organisation_logo.save("logo.png", ContentFile(b"png"), save=True)
    logo_path = signature.organisation_logo.path
    path = manage_path(signature)
    assert petition_counts(petition).total == 1

    page = client.get(path + "withdraw/")
    assert page.status_code == 200
    signature.refresh_from_db()
    assert signature.state == Signature.State.CONFIRMED, "GET only asks"

    with commit():
        response = client.post(path + "withdraw/")
    assert response.status_code == 302
    assert response["Location"] == "/en/petition/withdrawn/"
    signature.refresh_from_db()
    assert signature.state == Signature.State.WITHDRAWN
    assert signature.withdrawn_at is not None
    for field in (
        "name",
        "email",
        "email_domain",
        "city",
        "title",
        "comment",
        "contact_person",
        "contact_role",
    ):
        assert getattr(signature, field) == "", field
    assert signature.email_canonical is None
    assert not signature.organisation_logo
    assert signature.ip_hash == ""
    import os

    assert not os.path.exists(logo_path)

    assert petition_counts(petition).total == 0
    assert "Workers Union" not in client.get("/en/petition/signatures/").content.decode()

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["union@example.org"]
    assert mailoutbox[0].extra_headers["Content-Language"] == "zh-hant"
    assert "/petition/manage/" not in mailoutbox[0].body

    assert client.get(path).status_code == 400, "the manage link dies with the data"
    assert client.get(client.get("/en/petition/withdrawn/").wsgi_request.path).status_code == 200


def test_a_pending_signature_can_be_withdrawn_too(client, petition, commit):
    signature = PendingSignatureFactory(petition=petition)
    with commit():
        client.post(manage_path(signature) + "withdraw/")
    signature.refresh_from_db()
    assert signature.state == Signature.State.WITHDRAWN
    assert signature.email == ""


def test_the_withdrawal_stands_when_the_acknowledgement_cannot_be_sent(client, petition, commit, monkeypatch):
    import smtplib

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    signature = ConfirmedSignatureFactory(petition=petition)
    with commit():
        assert client.post(manage_path(signature) + "withdraw/").status_code == 302
    signature.refresh_from_db()
    assert signature.state == Signature.State.WITHDRAWN


def test_the_signer_corrects_their_country_city_and_title(client, petition):
    signature = ConfirmedSignatureFactory(petition=petition, country="HK", city="Kowloon", title="")
    page = client.get(manage_path(signature)).content.decode()
    assert 'name="country"' in page and 'name="city"' in page and 'name="title"' in page
    response = client.post(
        manage_path(signature),
        {"name": signature.name, "display": "full", "country": "GB", "city": "London", "title": "Nurse"},
    )
    assert response.status_code == 302
    signature.refresh_from_db()
    assert (signature.country, signature.city, signature.title) == ("GB", "London", "Nurse")


def test_a_manage_form_without_the_new_fields_keeps_what_the_signature_holds(client, petition):
    signature = ConfirmedSignatureFactory(petition=petition, country="HK", city="Kowloon")
    client.post(manage_path(signature), {"name": signature.name, "display": "full"})
    signature.refresh_from_db()
    assert (signature.country, signature.city) == ("HK", "Kowloon")


def test_a_country_that_is_not_one_is_refused_on_the_manage_page(client, petition):
    signature = ConfirmedSignatureFactory(petition=petition, country="HK")
    response = client.post(
        manage_path(signature), {"name": signature.name, "display": "full", "country": "XX"}
    )
    assert response.status_code == 200
    assert "country" in response.context["form"].errors
