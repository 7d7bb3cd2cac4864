"""After confirming, the signer sees themselves counted and where the wall shows them."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.utils import timezone

from petition.counts import refresh_counts
from petition.models import Signature
from petition.tokens import CONFIRM, make_token
from petition.views import thanks_note
from tests.factories import ConfirmedSignatureFactory, PendingSignatureFactory

pytestmark = pytest.mark.django_db


def shown_total(html):
    return int(re.search(r"<strong>([\d,]+)</strong>", html).group(1).replace(",", ""))


def confirm(client, signature, language="en"):
    response = client.post(f"/{language}/petition/confirm/{make_token(signature, CONFIRM)}/")
    assert response.status_code == 302
    return response["Location"]


def test_the_count_includes_the_signer_even_when_the_cached_count_was_taken_before(client, petition):
    ConfirmedSignatureFactory.create_batch(3, petition=petition)
    refresh_counts(petition)  # 3, cached before our signer confirms
    signer = PendingSignatureFactory(petition=petition, name="Lam Wing Kee", display="full")

    html = client.get(confirm(client, signer)).content.decode()

    assert shown_total(html) == 4
    assert "figure below includes you" in html


def test_a_count_taken_after_the_confirmation_is_not_counted_twice(client, petition):
    signer = PendingSignatureFactory(petition=petition, display="full", name="Lam Wing Kee")
    location = confirm(client, signer)
    with time_machine.travel(timezone.now() + timedelta(seconds=1)):
        refresh_counts(petition)
        html = client.get(location).content.decode()
    assert shown_total(html) == 1


def test_the_signers_thank_you_page_is_theirs_alone(client, petition):
    signer = PendingSignatureFactory(petition=petition, display="full", name="Lam Wing Kee")
    response = client.get(confirm(client, signer))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert signer.email not in response.content.decode()


def test_a_listed_signer_gets_a_link_that_finds_their_name_on_the_wall(client, petition):
    signer = PendingSignatureFactory(petition=petition, name="Lam Wing Kee", display="full")
    html = client.get(confirm(client, signer)).content.decode()
    link = re.search(r'<a href="([^"]+)">Find yourself on the list</a>', html).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(link).query) == {"q": ["Lam Wing Kee"]}
    assert "within 21 seconds" in html, "when the wall will show them"
    with time_machine.travel(timezone.now() + timedelta(seconds=30)):
        later = client.get(link)
    assert "Lam Wing Kee" in later.content.decode()


def test_a_signer_shown_by_initials_is_sent_to_their_country_not_searched_by_name(client, petition):
    signer = PendingSignatureFactory(petition=petition, name="Lam Wing Kee", display="initials", country="GB")
    html = client.get(confirm(client, signer)).content.decode()
    assert "/en/petition/signatures/?country=GB" in html
    assert "Lam" not in html


def test_an_unlisted_signer_is_told_they_are_counted_and_not_listed(client, petition):
    signer = PendingSignatureFactory(petition=petition, display="unlisted")
    html = client.get(confirm(client, signer)).content.decode()
    assert "not to be listed" in html
    assert "Find yourself" not in html


def test_a_made_up_note_is_ignored(client, petition):
    html = client.get("/en/petition/thank-you/", {"confirmed": "1"}).content.decode()
    assert "Thank you for your support" in html
    forged = thanks_note(ConfirmedSignatureFactory(petition=petition))[:-2] + "xx"
    assert (
        "Thank you for your support"
        in client.get("/en/petition/thank-you/", {"confirmed": forged}).content.decode()
    )


def test_a_note_an_hour_old_is_ignored(client, petition):
    note = thanks_note(ConfirmedSignatureFactory(petition=petition))
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        html = client.get("/en/petition/thank-you/", {"confirmed": note}).content.decode()
    assert "Thank you for your support" in html


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_the_thank_you_page_after_confirming_has_a_query_budget(
    client, petition, language, django_assert_max_num_queries
):
    signer = PendingSignatureFactory(petition=petition, display="full", name="陳大文")
    location = confirm(client, signer, language)
    client.get(location)
    with django_assert_max_num_queries(4):
        assert client.get(location).status_code == 200
    assert Signature.objects.get().is_confirmed


def test_check_your_inbox_says_how_long_confirming_takes(client, sign):
    sign()
    html = client.get("/en/petition/check-your-inbox/").content.decode()
    assert "within a minute" in html


def test_the_note_in_the_thank_you_address_is_masked_in_the_logs(client, petition):
    from core.redact import masked_message

    signer = PendingSignatureFactory(petition=petition, name="Lam Wing Kee", display="full")
    location = confirm(client, signer)
    note = location.split("confirmed=", 1)[1]
    assert note not in masked_message(f'"GET {location} HTTP/1.1" 200')
