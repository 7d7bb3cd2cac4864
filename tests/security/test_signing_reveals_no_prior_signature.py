"""Signing answers alike whatever the database holds about the address typed.

The attack: sign with someone's address and read the answer (its status, headers,
cookies, body, where it leads) to learn whether that person signed before. Before,
the `petition_signed` cookie was Django-signed JSON with the signature's id and the
address: an earlier signer's id came back for an address that had signed, the next
id for a new one, and anyone could read the address back out of the cookie.
"""

import base64
import contextlib
import re
import zlib

import pytest
from django.core import signing

from petition.addresses import email_hash
from petition.models import Signature
from tests.factories import ConfirmedSignatureFactory, PendingSignatureFactory, PetitionFactory
from tests.petition.conftest import form_data
from tests.security.conftest import Browser

ADDRESSES = {"new": "new@example.org", "pending": "waiting@example.org", "confirmed": "counted@example.org"}
# What changes from one response to the next whatever was typed.
_MASKS = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken" value="…"'),
    (re.compile(r'nonce="[^"]*"'), 'nonce="…"'),
    (re.compile(r"'nonce-[^']*'"), "'nonce-…'"),
    (re.compile(r"expires=[^;]*"), "expires=…"),
]
_VARYING_HEADERS = {"date", "set-cookie"}


def masked(text):
    for pattern, replacement in _MASKS:
        text = pattern.sub(replacement, text)
    return text


def cookie_shape(header):
    """A Set-Cookie header with its value replaced by the value's length and alphabet."""
    name, _, rest = header.partition("=")
    value, _, attributes = rest.partition(";")
    alphabet = "base64url" if re.fullmatch(r"[A-Za-z0-9_-]*", value) else "other"
    return name.strip(), len(value), alphabet, masked(attributes.strip())


def answer(response):
    status, headers, body = response
    return {
        "status": status,
        "headers": sorted(k.lower() for k in headers),
        "values": sorted(
            (k.lower(), masked(v)) for k, v in headers.items() if k.lower() not in _VARYING_HEADERS
        ),
        "cookies": sorted(cookie_shape(h) for h in headers.get_all("Set-Cookie") or []),
        "body": masked(body),
    }


def readable(value):
    """Everything a curious person could decode out of a cookie value."""
    texts = [value]
    for part in re.split(r"[:.]", value.lstrip(".")):
        try:
            raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except ValueError:
            continue
        texts.append(raw.decode("latin-1"))
        with contextlib.suppress(zlib.error):
            texts.append(zlib.decompress(raw).decode("latin-1"))
    return " ".join(texts)


def signing_post(browser, **fields):
    """The signing form sent from its cached page, as a browser sends it (no token)."""
    return browser.request("POST", "/en/petition/", form_data(**fields))


def sign_and_follow(live_server, email):
    browser = Browser(live_server.url)
    posted = signing_post(browser, email=email)
    cookie = browser.cookies.get("petition_signed", "")
    followed = browser.request("GET", posted[1]["Location"])
    token = {"csrfmiddlewaretoken": browser.cookies["csrftoken"]}
    resent = browser.request("POST", posted[1]["Location"], token)
    return posted, followed, resent, cookie


@pytest.mark.django_db(transaction=True)
def test_a_sign_post_answers_alike_for_a_new_a_waiting_and_a_confirmed_address(live_server, open_limits):
    petition = PetitionFactory(is_current=True)
    waiting = PendingSignatureFactory(petition=petition, email=ADDRESSES["pending"])
    counted = ConfirmedSignatureFactory(petition=petition, email=ADDRESSES["confirmed"])

    answers = {kind: sign_and_follow(live_server, email) for kind, email in ADDRESSES.items()}

    new = Signature.objects.get(email_canonical=email_hash(ADDRESSES["new"]))
    assert new.state == Signature.State.PENDING, "the new address did sign"
    posted = {kind: answer(a[0]) for kind, a in answers.items()}
    assert posted["new"]["status"] == 302
    assert posted["new"] == posted["pending"] == posted["confirmed"], "the sign POST"
    followed = {kind: answer(a[1]) for kind, a in answers.items()}
    assert followed["new"]["status"] == 200
    assert followed["new"] == followed["pending"] == followed["confirmed"], '"Check your inbox"'
    resent = {kind: answer(a[2]) for kind, a in answers.items()}
    assert resent["new"] == resent["pending"] == resent["confirmed"], '"Send the email again"'

    cookies = [a[3] for a in answers.values()]
    assert len(set(cookies)) == 3, "each signing gets its own reference"
    for (kind, email), cookie in zip(ADDRESSES.items(), cookies, strict=True):
        text = readable(cookie)
        assert email not in text and email.split("@")[0] not in text, kind
        for pk in (new.pk, waiting.pk, counted.pk):
            assert f'"signature":{pk}' not in text.replace(" ", ""), kind
        with pytest.raises(signing.BadSignature):
            signing.loads(cookie, salt="petition_signed")
        assert email not in answers[kind][1][2], "the page does not show the address either"
