"""No email address, IP address or unlisted name reaches anything the public can fetch.

Signers with marker names and addresses sign through the real form (from a
marker IP), one unlisted and confirmed, one shown by initials only, one withdrawn,
one pending; then every public response is scanned: every page in every
language, the wall filtered and searched, feeds, API, sitemap, robots.txt, the
embed, error pages (HTML comments included, as they are part of the body).
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps
from django.core import mail
from django.test import Client

from petition import services
from petition.addresses import email_hash
from petition.models import Petition, Signature
from tests.conftest import LANGUAGES
from tests.petition.conftest import CONFIRM_LINK, form_data
from tests.public_urls import public_urls

pytestmark = pytest.mark.django_db

MARKER_IP = "198.51.100.203"
UNLISTED = ("Qzunlisted Markerperson", "qz-unlisted-marker@example.net")
INITIALS = ("Qzinitials Hiddenfamily", "qz-initials-marker@example.net")
WITHDRAWN = ("Qzwithdrawn Markerperson", "qz-withdrawn-marker@example.net")
PENDING = ("Qzpending Markerperson", "qz-pending-marker@example.net")
SECRETS = [*UNLISTED, INITIALS[0], "Hiddenfamily", *WITHDRAWN, *PENDING, MARKER_IP]
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@pytest.fixture
def markers(demo_content, django_capture_on_commit_callbacks, settings):
    settings.SIGN_MIN_SECONDS = 0
    signer = Client()

    def sign(name, email, display):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = signer.post(
                "/en/petition/",
                form_data(name=name, email=email, display=display, country="HK", comment="Marker comment"),
                REMOTE_ADDR=MARKER_IP,
            )
        assert response.status_code == 302
        return Signature.objects.get(email_canonical=email_hash(email))

    def confirm(signature):
        path = CONFIRM_LINK.search(mail.outbox[-1].body).group(0).split("testserver", 1)[1]
        assert signer.post(path).status_code == 302
        signature.refresh_from_db()
        assert signature.state == Signature.State.CONFIRMED

    confirm(sign(*UNLISTED, display="unlisted"))
    confirm(sign(*INITIALS, display="initials"))
    withdrawn = sign(*WITHDRAWN, display="full")
    confirm(withdrawn)
    services.signature_withdraw(signature=withdrawn)
    sign(*PENDING, display="full")
    return Petition.objects.current()


def public_responses(petition):
    """(url, response) for everything an anonymous visitor can fetch."""
    visitor = Client()
    urls = ["/api/petition.json", f"/api/petition/{petition.slug}.json", "/sitemap.xml", "/robots.txt"]
    for language in LANGUAGES:
        urls += public_urls(language)
        wall = f"/{language}/petition/signatures/"
        urls += [
            f"{wall}?country=HK",
            f"{wall}?q=Qzunlisted",
            f"{wall}?q=Markerperson",
            f"{wall}?q=Hiddenfamily",
            f"{wall}?q=qz-unlisted-marker%40example.net",
            f"{wall}?q=example.net",
            f"/{language}/petition/embed/",
            f"/{language}/articles/feed/",
            f"/{language}/articles/feed/rss/",
            f"/{language}/no-such-page/",
            f"/{language}/petition/confirm/forged-token/",
        ]
    for url in urls:
        response = visitor.get(url, REMOTE_ADDR="203.0.113.9")
        assert response.status_code < 500, url
        yield url, response
    csrf = Client(enforce_csrf_checks=True)
    yield "403 csrf", csrf.post("/en/petition/", form_data(), REMOTE_ADDR="203.0.113.9")
    yield "403 csrf contact", csrf.post("/en/contact/", {"name": "x"}, REMOTE_ADDR="203.0.113.9")


def test_no_marker_name_address_or_ip_in_any_public_response(markers):
    signer_emails = set(Signature.objects.exclude(email="").values_list("email", flat=True))
    assert len(signer_emails) > 100, "the demo's signers are scanned for as well"
    scanned = 0
    for url, response in public_responses(markers):
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        # A search box shows back what the visitor typed: that is not a leak.
        typed = parse_qs(urlsplit(url).query).get("q", [""])[0]
        if typed:
            text = re.sub(re.escape(typed), "", text, flags=re.I)
        headers = str(response.headers)
        for secret in SECRETS:
            assert secret.lower() not in text.lower(), (url, secret)
            assert secret.lower() not in headers.lower(), (url, secret)
        leaked = set(EMAIL.findall(text)) & signer_emails
        assert not leaked, (url, leaked)
        for comment in re.findall(r"<!--(.*?)-->", text, re.S):
            assert "@" not in comment, (url, comment)
        scanned += 1
    assert scanned > 60


def test_the_unlisted_and_initials_signers_still_count(markers):
    from petition.counts import compute_counts

    counted = compute_counts(markers)
    assert counted.online == Signature.objects.filter(petition=markers, state="confirmed").count()
    html = Client().get("/en/petition/signatures/?country=HK").content.decode()
    assert "Q. H." in html, "shown by initials, as chosen"


def test_the_signers_ip_is_kept_only_as_a_keyed_hash_in_every_table(markers):
    stored = 0
    for model in apps.get_models():
        for row in model.objects.all().values_list():
            assert MARKER_IP not in repr(row), (model, row)
            stored += 1
    assert stored > 100
    hashes = set(Signature.objects.filter(name__startswith="Qz").values_list("ip_hash", flat=True))
    assert len(hashes) == 1 and len(hashes.pop()) == 64
