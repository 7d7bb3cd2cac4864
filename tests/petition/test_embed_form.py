"""The signing form other sites embed: framed by any site on its own route only, signing
through the one signing path without any cookie, refusing a form posted from another
site, and counting for the partner that embeds it."""

import pytest
from django.core import mail

from petition.models import Signature
from tests.factories import ConfirmedSignatureFactory, PartnerFactory
from tests.petition.conftest import form_data, link_path

pytestmark = pytest.mark.django_db

URL = "/en/petition/embed/form/"


def _post(client, url=URL, headers=None, **fields):
    return client.post(url, form_data(**fields), REMOTE_ADDR="203.0.113.9", headers=headers or {})


def test_the_embedded_form_may_be_framed_by_any_site_and_sets_no_cookie(
    client, petition, django_assert_max_num_queries
):
    client.get(URL)  # the first view asks for the petition's tally to be made
    with django_assert_max_num_queries(7):
        response = client.get(URL)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert not response.cookies
    assert "public" in response["Cache-Control"]
    html = response.content.decode()
    assert 'name="email"' in html and 'name="rendered"' in html
    assert 'action="/en/petition/embed/form/"' in html


@pytest.mark.parametrize(
    "url", ["/en/petition/", "/en/petition/check-your-inbox/", "/en/partners/", "/en/petition/thank-you/"]
)
def test_every_other_page_still_refuses_framing(client, petition, url):
    response = client.get(url)
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_signing_in_the_frame_needs_no_cookie_and_confirms_by_email(
    client, petition, django_capture_on_commit_callbacks
):
    client.cookies.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(
            client, headers={"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"}, via="embed"
        )
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert not response.cookies
    signature = Signature.objects.get()
    assert signature.is_pending and signature.via == "embed"
    (message,) = mail.outbox
    confirm = link_path(message)
    client.post(confirm)
    signature.refresh_from_db()
    assert signature.is_confirmed


def test_a_form_posted_from_another_site_is_refused(client, petition):
    response = _post(client, headers={"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"})
    assert response.status_code == 403
    assert not Signature.objects.exists()
    response = _post(client, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert not Signature.objects.exists()


def test_the_partners_embed_counts_for_the_partner_with_its_consent(client, petition):
    partner = PartnerFactory(slug="unite-branch", name="Unite Branch 42")
    html = client.get(URL + "?partner=unite-branch").content.decode()
    assert "Keep me informed by Unite Branch 42" in html
    _post(
        client,
        headers={"Sec-Fetch-Site": "same-origin"},
        partner="unite-branch",
        consent_partner="on",
        via="embed",
    )
    signature = Signature.objects.get()
    assert signature.partner == partner and signature.consent_partner_at is not None


def test_an_invalid_form_comes_back_with_its_errors_in_the_frame(client, petition):
    response = _post(client, headers={"Sec-Fetch-Site": "same-origin"}, email="not-an-address")
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert not Signature.objects.exists()


def test_signing_again_in_the_frame_looks_the_same(client, petition):
    ConfirmedSignatureFactory(petition=petition, email="chan@example.org")
    response = _post(client, headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    assert Signature.objects.count() == 1


def test_the_embedded_form_has_no_inline_script_or_style(client, petition):
    html = client.get(URL).content.decode()
    assert " style=" not in html
    for chunk in html.split("<script")[1:]:
        assert chunk.lstrip().startswith("src=")
