"""Signing: the page, the form, the "check your inbox" answer, duplicates and abuse limits."""

import io
import re
import time

import pytest
import time_machine
from django.utils import translation
from PIL import Image

from core.forms import form_stamp, read_stamp
from core.hashing import keyed_hash
from core.limits import ip_key
from core.rates import parse_rates
from petition.addresses import email_hash
from petition.models import Signature
from tests.factories import ConfirmedSignatureFactory, DemandFactory, PendingSignatureFactory, PetitionFactory
from tests.petition.conftest import form_data, rendered_seconds_ago

pytestmark = pytest.mark.django_db


def test_the_petition_page_shows_statement_demands_count_and_form(client, petition, language):
    demand = DemandFactory()
    petition.demands.add(demand)
    ConfirmedSignatureFactory.create_batch(3, petition=petition)
    html = client.get(f"/{language}/petition/").content.decode()
    statement = {"en": "We stand with", "zh-hant": "我們與香港人", "zh-hans": "我们与香港人"}[language]
    assert statement in html, "Simplified is converted from Traditional"
    assert "progress-bar" in html
    for field in ("name", "email", "country"):
        assert f'name="{field}"' in html
    assert 'name="website"' in html, "the honeypot"
    assert "<script>" not in html.replace('<script src="', "")


def test_the_petition_page_has_a_query_budget(client, petition, django_assert_max_num_queries):
    petition.demands.add(DemandFactory())
    ConfirmedSignatureFactory.create_batch(5, petition=petition)
    client.get("/en/petition/")  # the site settings row is created on the first view
    # The petition, its demands, the site settings and (recomputed in tests) the counts.
    with django_assert_max_num_queries(5):
        assert client.get("/en/petition/").status_code == 200


def test_another_petition_has_its_own_address(client, petition):
    other = PetitionFactory(slug="students")
    response = client.get("/en/petition/students/")
    assert response.status_code == 200
    assert response.context["petition"] == other


def test_a_valid_signature_is_stored_pending_and_the_signer_is_sent_to_check_their_inbox(
    sign, petition, mailoutbox
):
    response = sign()
    assert response.status_code == 302
    assert response["Location"] == "/en/petition/check-your-inbox/"
    signature = Signature.objects.get()
    assert signature.state == Signature.State.PENDING
    assert (signature.name, signature.email, signature.country.code) == (
        "Chan Tai Man",
        "chan@example.org",
        "HK",
    )
    assert signature.email_canonical == email_hash("chan@example.org")
    assert signature.consent_public_at and signature.consent_version
    assert signature.consent_updates_at is None
    assert signature.confirmation_send_count == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["chan@example.org"]


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "confirm"), ("zh-hant", "確認"), ("zh-hans", "确认")],
)
def test_the_confirmation_email_is_in_the_signing_language(sign, mailoutbox, language, words):
    sign(language=language)
    assert Signature.objects.get().language == language
    message = mailoutbox[0]
    html = message.alternatives[0].content
    if language != "en":
        # Only where the .po files are compiled; the language is still recorded on the message.
        assert message.extra_headers["Content-Language"] == language
    else:
        assert words in message.subject.lower()
    assert f"/{language}/petition/confirm/" in message.body
    assert f"/{language}/petition/confirm/" in html
    assert f"/{language}/petition/manage/" in message.body


def test_the_check_your_inbox_page_has_a_resend_button_and_does_not_show_the_address(sign, client):
    sign(email="chan@example.org")
    html = client.get("/en/petition/check-your-inbox/").content.decode()
    assert "chan@example.org" not in html, "nothing the cookie could carry back"
    assert 'method="post"' in html


def test_check_your_inbox_without_signing_goes_back_to_the_form(client, petition):
    response = client.get("/en/petition/check-your-inbox/")
    assert response.status_code == 302


def test_signing_writes_no_session_and_gives_the_browser_only_a_random_reference(
    sign, client, mailoutbox, commit
):
    response = sign(email="chan@example.org")
    assert "sessionid" not in response.cookies
    cookie = response.cookies["petition_signed"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    reference = cookie.value
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", reference)
    client.cookies["petition_signed"] = "not a reference"
    assert client.get("/en/petition/check-your-inbox/").status_code == 302, "a malformed cookie is ignored"
    client.cookies["petition_signed"] = reference[:-3] + "xyz"
    assert client.get("/en/petition/check-your-inbox/").status_code == 200, "the page shows nothing"
    with commit():
        client.post("/en/petition/check-your-inbox/")
    assert len(mailoutbox) == 1, "a reference we did not give out resends nothing"


def test_other_forms_refused_by_the_csrf_check_get_the_plain_error_page(petition):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/en/contact/", {"message": "hello"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your form had expired" in html
    assert "hello" not in html and "<form" not in html


def test_the_resend_button_sends_the_confirmation_again(sign, client, mailoutbox, commit):
    sign()
    with commit():
        response = client.post("/en/petition/check-your-inbox/")
    assert response.status_code == 302
    assert len(mailoutbox) == 2
    assert Signature.objects.get().confirmation_send_count == 2


def test_the_resend_button_is_rate_limited(sign, client, mailoutbox, commit):
    sign()
    statuses = []
    for _ in range(7):
        with commit():
            statuses.append(client.post("/en/petition/check-your-inbox/").status_code)
    assert statuses[:5] == [302] * 5
    assert statuses[5:] == [429, 429]
    assert len(mailoutbox) <= 1 + 3, "at most three more emails an hour for one signature"


# --- Names and fields -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "陳大文",
        "Ελένη Παπαδοπούλου",
        "Seán O'Brien",
        "Nguyễn Thị Minh Khai",
        "محمد",
        "=HYPERLINK(1)",
        "-Chan",
    ],
)
def test_any_script_is_a_valid_name_and_formula_like_names_are_kept(sign, name):
    assert sign(name=name).status_code == 302
    assert Signature.objects.get().name == name


def test_control_characters_and_direction_overrides_are_stripped_from_names(sign):
    sign(name="Chan\u0000 Tai\u202e\tMan\u0007")
    assert Signature.objects.get().name == "Chan Tai Man"


def test_a_comment_keeps_its_line_breaks_but_not_control_characters(sign):
    sign(comment="Solidarity!\r\n\x1bFrom London")
    assert Signature.objects.get().comment == "Solidarity!\nFrom London"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   \u0000 "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "Buy at https://spam.example"}, "name"),
        ({"email": "not-an-address"}, "email"),
        ({"email": ""}, "email"),
        ({"country": ""}, "country"),
        ({"country": "XX"}, "country"),
        ({"comment": "x" * 1001}, "comment"),
    ],
)
def test_invalid_input_is_refused_with_a_message_by_the_field(sign, fields, field):
    response = sign(**fields)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert "js-error-summary" in html
    assert f'aria-describedby="id_{field}_' in html or f'id="id_{field}_error"' in html
    assert not Signature.objects.exists()


def test_not_listed_is_a_choice_that_records_no_consent_to_publish(sign):
    sign(display="unlisted")
    signature = Signature.objects.get()
    assert signature.display == Signature.Display.UNLISTED
    assert signature.consent_public_at is None


def test_consent_to_news_is_recorded_with_its_time_and_wording_version(sign):
    sign(consent_updates="on")
    signature = Signature.objects.get()
    assert signature.consent_updates_at is not None
    assert signature.consent_version


def test_an_organisation_signs_with_its_contact_and_a_logo_redrawn_as_png(sign, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = io.BytesIO()
    Image.new("RGB", (1200, 600), "red").save(image, format="JPEG")
    image.seek(0)
    image.name = "logo.jpg"
    sign(
        kind="organisation",
        name="General Industries Workers Union",
        contact_person="Mametlwe Sebei",
        contact_role="President",
        organisation_logo=image,
    )
    signature = Signature.objects.get()
    assert signature.kind == Signature.Kind.ORGANISATION
    assert (signature.contact_person, signature.contact_role) == ("Mametlwe Sebei", "President")
    assert signature.organisation_logo.name.endswith(".png")
    with Image.open(signature.organisation_logo.path) as stored:
        assert max(stored.size) <= 400
    assert not signature.logo_approved


def test_an_uploaded_logo_gets_a_random_name_not_the_uploaders(sign, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = io.BytesIO()
    Image.new("RGB", (40, 40), "red").save(image, format="PNG")
    image.seek(0)
    image.name = "secret-union-members.png"
    sign(kind="organisation", name="Workers Union", organisation_logo=image)
    name = Signature.objects.get().organisation_logo.name
    assert "secret" not in name
    assert re.fullmatch(r"signatures/logos/\d{4}/\d{2}/[0-9a-f]{32}\.png", name), name


def test_a_file_that_is_not_an_image_is_refused_as_a_logo(sign):
    fake = io.BytesIO(b"<?php system($_GET['c']); ?>")
    fake.name = "logo.png"
    response = sign(kind="organisation", name="Union", organisation_logo=fake)
    assert "organisation_logo" in response.context["form"].errors


def test_an_individual_does_not_keep_organisation_contact_fields(sign):
    sign(kind="individual", contact_person="Someone", contact_role="Boss")
    signature = Signature.objects.get()
    assert (signature.contact_person, signature.contact_role) == ("", "")


def test_the_share_channel_is_kept_from_the_link_to_the_signature(client, sign):
    html = client.get("/en/petition/?via=whatsapp").content.decode()
    assert 'name="via" value="whatsapp"' in html
    sign(via="whatsapp")
    assert Signature.objects.get().via == "whatsapp"


def test_a_malformed_share_channel_is_dropped(client, sign):
    html = client.get('/en/petition/?via="><script>').content.decode()
    assert "<script>" not in html.split("</header>")[1].split("<script src")[0]
    sign(via="<script>")
    assert Signature.objects.get().via == ""


def test_the_ip_is_stored_only_as_a_keyed_hash(sign):
    sign(ip="198.51.100.23")
    signature = Signature.objects.get()
    assert signature.ip_hash == keyed_hash(ip_key("198.51.100.23"))
    assert "198.51.100.23" not in str(Signature.objects.values().get())


def test_a_closed_petition_takes_no_signature(sign, petition):
    from datetime import timedelta

    from django.utils import timezone

    petition.opens_at = timezone.now() - timedelta(days=10)
    petition.closes_at = timezone.now() - timedelta(days=1)
    petition.save()
    response = sign()
    assert response.status_code == 403
    assert not Signature.objects.exists()


# --- Duplicates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "again",
    ["chan@example.org", " chan@example.org ", "CHAN@Example.org", "chan+petition@example.org"],
)
def test_signing_again_while_pending_resends_the_confirmation_and_makes_no_second_signature(
    sign, mailoutbox, again
):
    first = sign(email="chan@example.org")
    second = sign(email=again, name="Somebody Else")
    assert Signature.objects.count() == 1
    assert Signature.objects.get().name == "Chan Tai Man", "a duplicate never changes the signature"
    assert second.status_code == first.status_code == 302
    assert second["Location"] == first["Location"]
    assert [m.to for m in mailoutbox] == [["chan@example.org"], ["chan@example.org"]]
    assert "/petition/confirm/" in mailoutbox[1].body


@pytest.mark.parametrize("again", ["c.h.a.n@gmail.com", "Chan@googlemail.com", "chan+hk@gmail.com"])
def test_gmail_variants_are_one_signer(sign, mailoutbox, again):
    sign(email="chan@gmail.com")
    sign(email=again)
    assert Signature.objects.count() == 1


def test_signing_again_when_confirmed_sends_an_already_signed_email(sign, petition, mailoutbox):
    ConfirmedSignatureFactory(petition=petition, email="chan@example.org")
    response = sign(email="Chan@example.org")
    assert response.status_code == 302
    assert Signature.objects.count() == 1
    assert len(mailoutbox) == 1
    assert "already" in mailoutbox[0].subject.lower()
    assert "/petition/confirm/" not in mailoutbox[0].body
    assert "/petition/manage/" in mailoutbox[0].body


def test_the_answer_to_a_duplicate_looks_exactly_like_the_answer_to_a_new_signature(sign, client, petition):
    ConfirmedSignatureFactory(petition=petition, email="known@example.org")
    new = sign(email="new@example.org")
    new_page = client.get(new["Location"]).content.decode()
    duplicate = sign(email="known@example.org")
    duplicate_page = client.get(duplicate["Location"]).content.decode()
    assert (new.status_code, new["Location"]) == (duplicate.status_code, duplicate["Location"])

    def strip(html, email):
        import re

        html = html.replace(email, "EMAIL")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    assert strip(new_page, "new@example.org") == strip(duplicate_page, "known@example.org")


def test_emails_to_one_duplicate_signer_are_limited(sign, petition, mailoutbox):
    ConfirmedSignatureFactory(petition=petition, email="chan@example.org")
    for _ in range(6):
        assert sign(email="chan@example.org").status_code == 302
    assert len(mailoutbox) == 3, "three an hour, not one per attempt"


def test_a_withdrawn_signer_can_sign_again(sign, petition):
    from tests.factories import WithdrawnSignatureFactory

    WithdrawnSignatureFactory(petition=petition)
    sign(email="chan@example.org")
    assert Signature.objects.filter(state=Signature.State.PENDING).count() == 1


def test_the_same_address_may_sign_another_petition(sign, petition):
    other = PetitionFactory(slug="students")
    sign()
    sign(url=f"/en/petition/{other.slug}/")
    assert Signature.objects.count() == 2


def test_a_pending_duplicate_with_a_queued_first_email_gets_one_email_not_two(petition, mailoutbox, commit):
    """The first confirmation has not gone yet (queued): the resend and it share a number."""
    from petition import tasks

    signature = PendingSignatureFactory(petition=petition)
    tasks.send_confirmation.call(signature.pk, 1)
    tasks.send_confirmation.call(signature.pk, 1)
    assert len(mailoutbox) == 1


# --- Abuse ------------------------------------------------------------------------------


def test_a_filled_honeypot_gets_the_same_answer_and_nothing_is_stored(sign, client, mailoutbox):
    response = sign(website="http://spam.example")
    assert response.status_code == 302
    assert response["Location"] == "/en/petition/check-your-inbox/"
    assert client.get(response["Location"]).status_code == 200
    assert not Signature.objects.exists()
    assert mailoutbox == []


def test_a_form_sent_back_faster_than_a_person_types_is_not_stored(sign, settings, mailoutbox):
    # A minimum far above the second the form took: a busy test machine's first request in a
    # process (seconds of imports) must not make the form look slow enough.
    settings.SIGN_MIN_SECONDS = 60
    response = sign(rendered=rendered_seconds_ago(1))
    assert response.status_code == 302
    assert not Signature.objects.exists()
    assert mailoutbox == []


def test_a_form_without_its_time_stamp_is_not_stored(sign):
    assert sign(rendered="forged").status_code == 302
    assert not Signature.objects.exists()


def stamp_issued_ago(seconds):
    """The stamp a page rendered `seconds` ago carries."""
    with time_machine.travel(time.time() - seconds, tick=False):
        return form_stamp()


def test_a_page_filled_in_over_an_hour_signs_at_the_first_press(sign):
    assert sign(rendered=stamp_issued_ago(3600 + 600)).status_code == 302
    assert Signature.objects.exists()


def test_a_page_left_open_overnight_comes_back_filled_in_and_signs_at_the_second_press(sign):
    response = sign(rendered=stamp_issued_ago(30 * 3600), name="Lam Wing Kee")
    assert response.status_code == 200
    html = response.content.decode()
    assert "send it again" in html and 'value="Lam Wing Kee"' in html
    assert not Signature.objects.exists()
    again = re.search(r'name="rendered" value="([^"]+)"', html).group(1)
    assert sign(rendered=again, name="Lam Wing Kee").status_code == 302
    assert Signature.objects.get().name == "Lam Wing Kee"


def test_a_form_shown_again_with_errors_gets_a_fresh_stamp_with_its_first_time(sign, settings):
    settings.SIGN_MIN_SECONDS = 3
    response = sign(rendered=rendered_seconds_ago(30), name="")
    html = response.content.decode()
    again = re.search(r'name="rendered" value="([^"]+)"', html).group(1)
    shown_at, _nonce = read_stamp(again, max_age=60)
    assert time.time() - shown_at >= 29, "the fill time counts from when the form was first shown"
    assert sign(rendered=again).status_code == 302
    assert Signature.objects.exists()


def test_too_many_signatures_from_one_ip_get_a_429_with_the_form_kept(sign, settings):
    settings.SIGN_RATE_PER_IP = parse_rates("3/m")
    for i in range(3):
        assert sign(email=f"person{i}@example.org").status_code == 302
    response = sign(email="person9@example.org", name="Lam Wing Kee")
    assert response.status_code == 429
    assert response["Retry-After"]
    html = response.content.decode()
    assert 'value="Lam Wing Kee"' in html
    assert 'value="person9@example.org"' in html
    assert Signature.objects.count() == 3
    assert sign(email="other@example.org", ip="198.51.100.99").status_code == 302, "another IP is fine"


def test_the_429_message_is_translated(sign, settings):
    settings.SIGN_RATE_PER_IP = parse_rates("1/m")
    sign(email="a@example.org", language="zh-hant")
    response = sign(email="b@example.org", language="zh-hant")
    assert response.status_code == 429
    assert response.context["rate_limited"]
    with translation.override("zh-hant"):
        assert response.content.decode().count('lang="zh-Hant"') >= 1


def test_too_many_signatures_from_one_small_domain_get_a_429(sign, settings):
    settings.SIGN_RATE_PER_DOMAIN = parse_rates("2/m")
    settings.SIGN_RATE_PER_IP = parse_rates("0")
    assert sign(email="a@tiny.example", ip="198.51.100.1").status_code == 302
    assert sign(email="b@tiny.example", ip="198.51.100.2").status_code == 302
    assert sign(email="c@tiny.example", ip="198.51.100.3").status_code == 429


def test_large_webmail_domains_are_not_limited_per_domain(sign, settings):
    settings.SIGN_RATE_PER_DOMAIN = parse_rates("2/m")
    settings.SIGN_RATE_PER_IP = parse_rates("0")
    for i in range(5):
        assert sign(email=f"fan{i}@gmail.com", ip=f"198.51.100.{i}").status_code == 302
    assert Signature.objects.count() == 5


def test_limits_turned_off_with_zero(sign, settings):
    settings.SIGN_RATE_PER_IP = parse_rates("0")
    settings.SIGN_RATE_PER_DOMAIN = parse_rates("0")
    for i in range(15):
        assert sign(email=f"stall{i}@tiny.example").status_code == 302


def test_the_form_data_check_handles_a_huge_post(client, petition):
    response = client.post("/en/petition/", form_data(name="x" * 100_000, comment="y" * 100_000))
    assert response.status_code == 200
    assert not Signature.objects.exists()


def test_a_petition_an_editor_makes_current_replaces_the_cached_one_at_once(client, petition):
    assert client.get("/en/petition/").context["petition"] == petition
    petition.is_current = False
    petition.save()
    other = PetitionFactory(slug="students", is_current=True)
    assert client.get("/en/petition/").context["petition"] == other
