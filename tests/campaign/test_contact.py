"""The contact form: stored, sent to the campaign, acknowledged in the sender's language, protected."""

import time
from smtplib import SMTPException

import pytest
from django.urls import reverse
from django.utils import translation

from campaign.models import ContactMessage
from core.forms import form_stamp
from core.models import SiteSettings
from core.rates import parse_rates

pytestmark = pytest.mark.usefixtures("logins_unthrottled")


def contact_url(lang="en"):
    with translation.override(lang):
        return reverse("campaign:contact")


def form_data(**overrides):
    data = {
        "name": "Chan Tai Man",
        "email": "chan@example.org",
        "organisation": "Workers' Union",
        "country": "GB",
        "subject": "speaker",
        "message": "We would like a speaker at our branch meeting in May.",
        "website": "",
        "rendered": form_stamp(time.time() - 30),
    }
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def campaign_address(settings, db):
    settings.CAMPAIGN_EMAIL = "campaign@example.org"


@pytest.mark.django_db
def test_the_form_offers_the_subjects_people_write_about(client):
    html = client.get(contact_url()).content.decode()
    for value in ["speaker", "organisation", "local-group", "press", "other"]:
        assert f'value="{value}"' in html
    assert 'name="website"' in html, "the honeypot is there"


@pytest.mark.django_db
def test_a_subject_can_be_chosen_by_the_link_that_leads_to_the_form(client):
    html = client.get(contact_url(), {"subject": "local-group"}).content.decode()
    assert '<option value="local-group" selected>' in html


@pytest.mark.django_db
def test_a_message_is_stored_and_emailed_to_the_campaign_and_acknowledged(client, mailoutbox):
    response = client.post(contact_url(), form_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("campaign:contact_thanks")
    message = ContactMessage.objects.get()
    assert (message.name, message.subject, message.country.code, message.language) == (
        "Chan Tai Man",
        "speaker",
        "GB",
        "en",
    )
    assert message.notified_at and message.acknowledged_at
    assert message.ip_hash and "127.0.0.1" not in message.ip_hash
    to_campaign, to_sender = mailoutbox
    assert to_campaign.to == ["campaign@example.org"]
    assert to_campaign.reply_to == ["chan@example.org"]
    assert "branch meeting in May" in to_campaign.body
    assert "Chan Tai Man" in to_campaign.subject
    assert to_sender.to == ["chan@example.org"]
    assert to_campaign.alternatives and to_sender.alternatives, "text and HTML"


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["zh-hant", "zh-hans"])
def test_the_acknowledgement_is_in_the_senders_language(client, mailoutbox, lang):
    site = SiteSettings.get_solo()
    site.campaign_name_en = "Stop Repression in Hong Kong"
    site.campaign_name_zh_hant = "停止鎮壓香港"
    site.campaign_name_zh_hans = ""
    site.save()
    client.post(contact_url(lang), form_data())
    acknowledgement = mailoutbox[-1]
    assert ContactMessage.objects.get().language == lang
    expected = {"zh-hant": "停止鎮壓香港", "zh-hans": "停止镇压香港"}[lang]
    assert expected in acknowledgement.body
    assert f"/{lang}/" in acknowledgement.body, "the petition link is in their language"


@pytest.mark.django_db
def test_without_a_campaign_address_the_site_settings_address_is_used(client, mailoutbox, settings):
    settings.CAMPAIGN_EMAIL = ""
    site = SiteSettings.get_solo()
    site.contact_email = "hello@example.org"
    site.save()
    client.post(contact_url(), form_data())
    assert mailoutbox[0].to == ["hello@example.org"]


@pytest.mark.django_db
def test_a_failing_mail_server_loses_no_message(client, monkeypatch):
    def broken(*args, **kwargs):
        raise SMTPException("connection refused")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    response = client.post(contact_url(), form_data())
    assert response.status_code == 302
    message = ContactMessage.objects.get()
    assert message.notified_at is None
    assert "connection refused" in message.last_email_error


@pytest.mark.django_db
def test_missing_fields_are_explained_and_nothing_is_stored(client, mailoutbox):
    response = client.post(contact_url(), form_data(email="not-an-email", message=""))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"email", "message"}
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ContactMessage.objects.exists() and not mailoutbox


@pytest.mark.django_db
def test_a_filled_honeypot_is_thanked_but_nothing_is_stored_or_sent(client, mailoutbox):
    response = client.post(contact_url(), form_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not ContactMessage.objects.exists() and not mailoutbox


@pytest.mark.django_db
def test_a_form_sent_back_faster_than_a_person_types_is_ignored(client, mailoutbox):
    client.post(contact_url(), form_data(rendered=form_stamp()))
    assert not ContactMessage.objects.exists()


@pytest.mark.django_db
def test_too_many_messages_from_one_address_get_a_429_with_an_explanation(client, settings, mailoutbox):
    settings.CONTACT_RATE_PER_IP = parse_rates("2/h")
    assert client.post(contact_url(), form_data()).status_code == 302
    assert client.post(contact_url(), form_data()).status_code == 302
    response = client.post(contact_url("zh-hant"), form_data())
    assert response.status_code == 429
    assert 'role="alert"' in response.content.decode()
    assert ContactMessage.objects.count() == 2


@pytest.mark.django_db
def test_messages_are_listed_in_the_admin_for_organisers(client):
    from tests.factories import StaffUserFactory

    client.post(contact_url(), form_data())
    client.force_login(StaffUserFactory(groups=["Organisers"]))
    response = client.get(reverse("admin:campaign_contactmessage_changelist"))
    assert response.status_code == 200
    assert "Chan Tai Man" in response.content.decode()
