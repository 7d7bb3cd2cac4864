"""Nothing we send to an address that has not confirmed carries words a stranger typed.

The attack: sign (or write through the contact form) with a victim's address and, as
the name, "Please verify at evil.io/login": the confirmation email greeted the
victim with "Hello Please verify at evil.io/login," from our own, trusted sender,
and the contact form's acknowledgement quoted the whole message back. Now those
emails greet with our words alone, names that look like links or addresses are
refused, and addresses our mailer cannot deliver to are refused with a reason.
"""

import pytest

from campaign.models import ContactMessage
from petition import tasks
from petition.models import Signature
from tests.factories import PendingSignatureFactory, PetitionFactory
from tests.petition.conftest import form_data
from tests.security.conftest import Browser
from tests.security.mailers import CHECKING_MAILERS
from tests.security.test_signing_reveals_no_prior_signature import signing_post

PHISHING = "Please verify at evil.io/login"


@pytest.mark.django_db(transaction=True)
def test_a_name_that_is_a_link_is_refused_through_the_live_server(live_server, open_limits, mailoutbox):
    PetitionFactory(is_current=True)
    status, _headers, html = signing_post(Browser(live_server.url), name=PHISHING, email="victim@example.org")
    assert status == 200, "the form comes back"
    assert "not a web address" in html
    assert not Signature.objects.exists()
    assert mailoutbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        PHISHING,
        "https://evil.example",
        "see www.evil",
        "bit.ly/abc",
        "evil.io",
        "Login at EVIL.COM now",
        "reply to me@evil",
        "ｅｖｉｌ．ｉｏ",
        "evil。io/x",
        "javascript://x",
    ],
)
def test_names_that_look_like_links_or_addresses_are_refused(client, petition, name):
    response = client.post("/en/petition/", form_data(name=name))
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert not Signature.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["陳大文", "J.R.R. Tolkien", "Dr. Chan Tai Man", "Mr.Smith", "Seán O'Brien", "St.Ives Union"]
)
def test_names_with_dots_are_still_names(client, petition, name):
    assert client.post("/en/petition/", form_data(name=name)).status_code == 302
    assert Signature.objects.get().name == name


@pytest.mark.django_db
@pytest.mark.parametrize("template", ["confirm", "reminder"])
def test_the_confirmation_and_the_reminder_do_not_repeat_the_name_typed(petition, mailoutbox, template):
    signature = PendingSignatureFactory(petition=petition, name="Your bank account is locked")
    if template == "confirm":
        tasks.send_confirmation.call(signature.pk, 1)
    else:
        tasks.send_reminder.call(signature.pk)
    message = mailoutbox[0]
    for text in (message.subject, message.body, message.alternatives[0].content):
        assert "bank account" not in text
    assert "Hello," in message.body


@pytest.mark.django_db(transaction=True)
def test_the_contact_acknowledgement_quotes_nothing_back(live_server, open_limits, settings, mailoutbox):
    settings.CAMPAIGN_EMAIL = "campaign@example.org"
    browser = Browser(live_server.url)
    fields = browser.form("/en/contact/")
    words = "Your parcel is held: pay the customs fee by bank transfer today"
    fields.update(
        {"name": "Customs Office", "email": "victim@example.org", "subject": "other", "message": words}
    )
    assert browser.request("POST", "/en/contact/", fields)[0] == 302
    assert ContactMessage.objects.count() == 1
    acknowledgement = next(m for m in mailoutbox if m.to == ["victim@example.org"])
    for text in (acknowledgement.subject, acknowledgement.body, acknowledgement.alternatives[0].content):
        assert "parcel" not in text and "Customs Office" not in text
    notification = next(m for m in mailoutbox if m.to == ["campaign@example.org"])
    assert "parcel" in notification.body, "the campaign still reads the message"


@pytest.mark.django_db
def test_the_contact_form_refuses_a_name_that_is_a_link(client, settings, mailoutbox):
    from tests.campaign.test_contact import form_data as contact_data

    settings.CAMPAIGN_EMAIL = "campaign@example.org"
    response = client.post("/en/contact/", contact_data(name="Visit evil.io/login"))
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert not ContactMessage.objects.exists() and mailoutbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("用户@example.org", "non_ascii"),
        ("müller@example.org", "non_ascii"),
        ("a" * 65 + "@example.org", "local_too_long"),
        ("someone@localhost", "no_domain"),
        ("someone@[127.0.0.1]", "no_domain"),
    ],
)
def test_addresses_the_mailer_cannot_deliver_to_are_refused_with_a_reason(client, petition, address, code):
    response = client.post("/en/petition/", form_data(email=address))
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["email"]] == [code]
    assert not Signature.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["chan@例子.中国", "a.b-c+tag@sub.example.org"])
def test_addresses_the_mailer_delivers_to_are_accepted(client, petition, address):
    assert client.post("/en/petition/", form_data(email=address)).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("template", ["confirm", "reminder", "already-signed"])
def test_an_address_the_mailer_refuses_ends_failed_never_stuck_being_sent(
    petition, settings, template, caplog
):
    """An address stored before the form refused it (or one the mailer refuses for
    another reason): Django's mailer raises ValueError, not an SMTP error."""
    settings.MAILERS = CHECKING_MAILERS
    signature = PendingSignatureFactory(petition=petition, email="用户@example.org")
    if template == "confirm":
        assert tasks.send_confirmation.call(signature.pk, 1) == "failed"
    elif template == "reminder":
        assert tasks.send_reminder.call(signature.pk) == "failed"
    else:
        Signature.objects.filter(pk=signature.pk).update(state="confirmed", confirmed_at=signature.created_at)
        assert tasks.send_already_signed.call(signature.pk, tasks.new_nonce()) == "failed"
    signature.refresh_from_db()
    assert signature.email_state == Signature.EmailState.FAILED
    assert "ValueError" in signature.last_email_error
    assert "用户" not in signature.last_email_error and "用户" not in caplog.text
