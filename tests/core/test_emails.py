"""Every email goes through one sender.

Its three templates, one recipient, and a sender named in the recipient's language.
"""

from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test.signals import template_rendered
from django.utils import timezone

from campaign import emails as campaign_emails
from campaign.models import ContactMessage
from core.emails import send_email, sender
from core.models import SiteSettings
from dashboard.digest import digest_send
from dashboard.models import DigestSubscription
from events import tasks as event_mail
from events.models import RelayedMessage
from petition import emails as petition_mail
from tests.events.factories import (
    ConfirmedAttendeeFactory,
    LocalGroupFactory,
    PendingAttendeeFactory,
    PublishedEventFactory,
)
from tests.factories import ConfirmedSignatureFactory, PendingSignatureFactory, StaffUserFactory
from updates import sending as update_sending
from updates.models import Update

pytestmark = pytest.mark.django_db

EMAIL_TEMPLATES = Path(django_settings.BASE_DIR) / "templates" / "emails"
CAMPAIGN_NAMES = {
    "en": "Stop Repression in Hong Kong",
    "zh-hant": "停止鎮壓香港",
    "zh-hans": "停止镇压香港",
}


@pytest.fixture(autouse=True)
def _named_campaign(settings):
    settings.DEFAULT_FROM_EMAIL = "Campaign <noreply@example.org>"
    settings.CAMPAIGN_EMAIL = "campaign@example.org"
    site = SiteSettings.get_solo()
    site.campaign_name_en = CAMPAIGN_NAMES["en"]
    site.campaign_name_zh_hant = CAMPAIGN_NAMES["zh-hant"]
    site.campaign_name_zh_hans = CAMPAIGN_NAMES["zh-hans"]
    site.save()


def contact_message(language):
    return ContactMessage.objects.create(
        name="Chan Tai Man", email="chan@example.org", message="A speaker in May?", language=language
    )


def sealed(kind, content, language, target_id=None):
    message = RelayedMessage.seal(kind, content, language=language, target_id=target_id)
    message.save()
    return message.pk


def send_every_email(petition, language):
    """Send each email the site has, in `language`: {template name: the send}."""
    yesterday = timezone.localdate() - timedelta(days=1)
    organiser = StaffUserFactory(username=f"organiser-{language}", groups=["Organisers"])
    subscription = DigestSubscription.objects.create(user=organiser, enabled=True, language=language)
    pending = PendingSignatureFactory(petition=petition, language=language)
    confirmed = ConfirmedSignatureFactory(petition=petition, language=language)
    action = PublishedEventFactory(submitter_language=language)
    group = LocalGroupFactory(contact_email="group@example.org")
    joining = PendingAttendeeFactory(event=action, language=language)
    coming = ConfirmedAttendeeFactory(event=action, language=language)
    relayed = {"name": "Chan", "email": "chan@example.org", "message": "Can we help?"}
    request = {"name": "Chan", "email": "chan@example.org", "city": "Leeds", "country": "GB", "message": "Hi"}
    return {
        "event-submitted": lambda: event_mail.send_submitted_email.call(action.pk),
        "event-published": lambda: event_mail.send_moderation_email.call(action.pk, "published"),
        "event-changes": lambda: event_mail.send_moderation_email.call(action.pk, "changes"),
        "event-rejected": lambda: event_mail.send_moderation_email.call(action.pk, "rejected"),
        "event-join-confirm": lambda: event_mail.send_join_email.call(joining.pk, event_mail.JOIN_CONFIRM),
        "event-join-already": lambda: event_mail.send_join_email.call(coming.pk, event_mail.JOIN_ALREADY),
        "event-reminder": lambda: event_mail.send_reminder.call(coming.pk),
        "event-changed": lambda: event_mail.send_attendee_notice.call(coming.pk, event_mail.CHANGED),
        "event-cancelled": lambda: event_mail.send_attendee_notice.call(coming.pk, event_mail.CANCELLED),
        "relayed-message": lambda: event_mail.relay_message.call(
            sealed("group", relayed, language, group.pk)
        ),
        "group-request": lambda: event_mail.relay_message.call(sealed("group-request", request, language)),
        "confirm": lambda: petition_mail.send_signature_email("confirm", pending),
        "reminder": lambda: petition_mail.send_signature_email("reminder", pending),
        "already-signed": lambda: petition_mail.send_signature_email("already-signed", confirmed),
        "withdrawn": lambda: petition_mail.send(
            "withdrawn",
            to="gone@example.org",
            language=language,
            context={"name": "Chan", "petition": petition, "petition_url": "http://testserver/"},
        ),
        "contact-notification": lambda: campaign_emails.contact_notification_send(contact_message(language)),
        "contact-acknowledgement": lambda: campaign_emails.contact_acknowledgement_send(
            contact_message(language)
        ),
        "digest": lambda: digest_send(subscription_id=subscription.pk, day=yesterday),
        "update": lambda: update_sending.send_update_email(
            Update.objects.create(
                petition=petition,
                # What an editor writes in each language.
                subject_en="News",
                subject_zh_hant="消息",
                subject_zh_hans="消息",
                body_en="<p>Thank you</p>",
                body_zh_hant="<p>多謝你</p>",
                body_zh_hans="<p>谢谢你</p>",
            ),
            to="news@example.org",
            language=language,
            unsubscribe="http://testserver/unsubscribe/",
        ),
    }


@pytest.fixture
def rendered_templates():
    names = []

    def record(sender, template, context, **kwargs):
        names.append(template.name)

    template_rendered.connect(record)
    yield names
    template_rendered.disconnect(record)


def test_every_email_has_a_subject_a_text_body_and_an_html_body():
    names = {p.name.removesuffix("-subject.txt") for p in EMAIL_TEMPLATES.glob("*-subject.txt")}
    assert names
    for name in names:
        assert (EMAIL_TEMPLATES / f"{name}-body.txt").is_file(), name
        assert (EMAIL_TEMPLATES / f"{name}-body.html").is_file(), name


def test_each_email_is_rendered_from_its_three_templates(petition, mailoutbox, rendered_templates):
    sends = send_every_email(petition, "en")
    every_email = {p.name.removesuffix("-subject.txt") for p in EMAIL_TEMPLATES.glob("*-subject.txt")}
    assert set(sends) == every_email, "each email of templates/emails/ is sent here"
    for name, send in sends.items():
        rendered_templates.clear()
        mailoutbox.clear()
        send()
        assert len(mailoutbox) == 1, name
        assert {
            f"emails/{name}-subject.txt",
            f"emails/{name}-body.txt",
            f"emails/{name}-body.html",
        } <= set(rendered_templates), name
        message = mailoutbox[0]
        assert message.subject and "\n" not in message.subject
        assert message.body.strip()
        assert [mimetype for _content, mimetype in message.alternatives] == ["text/html"]


def test_no_email_has_more_than_one_recipient(petition, mailoutbox, language):
    for send in send_every_email(petition, language).values():
        send()
    assert len(mailoutbox) == 19
    for message in mailoutbox:
        assert len(message.recipients()) == 1, message.subject
        assert not message.cc and not message.bcc
        assert len(message.message()["To"].addresses) == 1


def test_a_list_of_recipients_is_refused():
    with pytest.raises(TypeError):
        send_email("withdrawn", to=["a@example.org", "b@example.org"], language="en", context={})


def test_the_sender_is_named_in_the_recipients_language(petition, mailoutbox, language):
    for send in send_every_email(petition, language).values():
        send()
    # The campaign writes to itself and to local groups (whose language it does not record)
    # in the site's language; everyone else is written to in theirs.
    in_site_language = ["campaign@example.org", "group@example.org"]
    to_campaign = [m for m in mailoutbox if m.to[0] in in_site_language]
    to_people = [m for m in mailoutbox if m.to[0] not in in_site_language]
    assert len(to_campaign) == 3 and len(to_people) == 16
    for message, name in [(m, CAMPAIGN_NAMES["en"]) for m in to_campaign] + [
        (m, CAMPAIGN_NAMES[language]) for m in to_people
    ]:
        raw = message.message().as_bytes()
        headers = raw.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in raw else raw.split(b"\n\n", 1)[0]
        assert headers.isascii(), "non-ASCII names are encoded (RFC 2047)"
        parsed = message_from_bytes(raw, policy=policy.default)
        (address,) = parsed["From"].addresses
        assert (address.display_name, address.addr_spec) == (name, "noreply@example.org"), message.subject
        assert parsed["Auto-Submitted"] == "auto-generated"
        assert parsed["Content-Language"] == (language if message in to_people else "en")


def test_a_chinese_name_falls_back_to_the_other_script(mailoutbox):
    site = SiteSettings.get_solo()
    site.campaign_name_zh_hans = ""
    site.save()
    send_email("withdrawn", to="chan@example.org", language="zh-hans", context={"name": "Chan"})
    parsed = message_from_bytes(mailoutbox[0].message().as_bytes(), policy=policy.default)
    assert parsed["From"].addresses[0].display_name == CAMPAIGN_NAMES["zh-hans"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Stop Repression, Hong Kong", '"Stop Repression, Hong Kong" <noreply@example.org>'),
        ("Line\nbreak", "Line break <noreply@example.org>"),
        ("", "Campaign <noreply@example.org>"),
    ],
)
def test_the_sender_is_one_well_formed_address(name, expected):
    assert sender(name) == expected
