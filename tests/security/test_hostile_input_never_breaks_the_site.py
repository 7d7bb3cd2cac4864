"""Hostile input is answered calmly: a 200 with errors, a 400, a 403, a redirect or a 429, never a 500,
and nothing is stored for an invalid submission.

Property-based (hypothesis) on the signing form, the contact form and the manage
link; a crawl of every public URL with mangled paths and query strings; fields
that are not on the form are ignored; spoofed proxy headers do not reset a limit.
"""

from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from campaign.models import ContactMessage
from petition import tokens
from petition.models import Petition, Signature
from tests.conftest import LANGUAGES
from tests.factories import ConfirmedSignatureFactory, PetitionFactory
from tests.petition.conftest import form_data
from tests.processes import scaled
from tests.public_urls import public_urls

pytestmark = pytest.mark.django_db
CALM = {200, 301, 302, 400, 403, 404, 405, 410, 413, 429}
EXAMPLES = hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any text the test client can send (no lone surrogates), with NUL bytes, huge values, odd types.
text = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
value = st.one_of(
    text,
    st.just("\x00"),
    st.just("a\x00b@example.org"),
    st.just("x" * 1_000_000),
    st.just("<script>alert(1)</script>"),
    st.just('=HYPERLINK("http://evil.example")'),
    st.integers().map(str),
    st.floats(allow_nan=True).map(str),
    st.sampled_from(
        ["", "on", "true", "null", "[]", "{}", "ZZ", "XX", "hk", "EU", "A1", "individual", "organisation"]
    ),
    st.lists(text, min_size=2, max_size=3),  # a duplicated field
)


def fields_from(keys):
    return st.dictionaries(st.sampled_from(keys), value, max_size=len(keys))


SIGN_FIELDS = [
    "kind", "name", "email", "country", "city", "title", "contact_person", "contact_role", "comment",
    "display", "consent_updates", "via", "website", "rendered",
    "state", "confirmed_at", "petition", "id", "hidden", "ip_hash", "comment_approved",
]  # fmt: skip
CONTACT_FIELDS = [
    "name",
    "email",
    "organisation",
    "country",
    "subject",
    "message",
    "website",
    "rendered",
    "handled",
]


@pytest.fixture
def petition_open(db, settings):
    settings.SIGN_MIN_SECONDS = 0
    settings.FORM_MIN_SECONDS = 0
    return Petition.objects.current() or PetitionFactory(is_current=True)


@given(fields=fields_from(SIGN_FIELDS), base=st.booleans())
@EXAMPLES
def test_the_signing_form_survives_any_post(petition_open, fields, base):
    Signature.objects.all().delete()
    data = {**form_data(email="fuzz@example.org"), **fields} if base else fields
    response = Client().post("/en/petition/", data)
    assert response.status_code in CALM
    if response.status_code == 302:
        assert response["Location"] == "/en/petition/check-your-inbox/"
    stored = list(Signature.objects.all())
    if response.status_code != 302:
        assert stored == [], "nothing stored for an invalid submission"
    for signature in stored:
        assert signature.state == Signature.State.PENDING and signature.confirmed_at is None
        assert not signature.hidden and signature.petition_id == petition_open.pk
        assert "\x00" not in signature.name + signature.comment + signature.city


@given(body=st.binary(max_size=2000))
@hypothesis_settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_the_signing_form_survives_a_raw_body_of_any_bytes(petition_open, body):
    client = Client()
    for content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=xyz",
        "text/plain",
    ):
        response = client.post("/en/petition/", body, content_type=content_type)
        assert response.status_code in CALM
    assert not Signature.objects.exists()


@given(fields=fields_from(CONTACT_FIELDS), base=st.booleans())
@EXAMPLES
def test_the_contact_form_survives_any_post(petition_open, fields, base):
    ContactMessage.objects.all().delete()
    valid = {
        "name": "Ada",
        "email": "ada@example.org",
        "subject": "other",
        "message": "Hello",
        "rendered": form_data()["rendered"],
    }
    response = Client().post("/en/contact/", {**valid, **fields} if base else fields)
    assert response.status_code in CALM
    if response.status_code != 302:
        assert not ContactMessage.objects.exists()
    for message in ContactMessage.objects.all():
        assert not message.handled


@given(fields=fields_from(["name", "display", "consent_updates", "state", "email", "id"]), token=text)
@EXAMPLES
def test_the_manage_link_survives_any_post_and_any_token(petition_open, fields, token):
    signature = ConfirmedSignatureFactory(petition=petition_open, name="Ada Lovelace", display="full")
    good = tokens.make_token(signature, tokens.MANAGE)
    client = Client()
    response = client.post(f"/en/petition/manage/{good}/", fields)
    assert response.status_code in {200, 302}
    signature.refresh_from_db()
    if response.status_code == 200:
        assert (signature.name, signature.display) == ("Ada Lovelace", "full"), "invalid: nothing changed"
    assert signature.state == Signature.State.CONFIRMED and signature.email.startswith("signer")
    token = quote(token, safe="") or "x"
    for path in (
        f"/en/petition/manage/{token}/",
        f"/en/petition/confirm/{token}/",
        f"/en/petition/manage/{token}/withdraw/",
    ):
        assert client.post(path, fields).status_code in CALM, path
    signature.delete()


def test_megabytes_of_text_in_every_field_are_refused_quickly(petition_open):
    import time

    huge = "名" * 1_000_000 + "x" * 2_000_000  # 5 MB each, 20 MB in all: under the request limit
    fields = ("name", "city", "title", "comment")
    started = time.monotonic()
    response = Client().post("/en/petition/", form_data(kind="organisation", **dict.fromkeys(fields, huge)))
    assert time.monotonic() - started < scaled(5)
    assert response.status_code == 200
    assert set(fields) <= set(response.context["form"].errors)
    assert not Signature.objects.exists()


def test_a_forged_post_is_refused_and_stores_nothing(petition_open):
    """The contact form without its CSRF token; the signing form from another site."""
    client = Client(enforce_csrf_checks=True)
    contact = {"name": "Ada", "email": "ada@example.org", "subject": "other", "message": "Hi"}
    for response in (
        client.post("/zh-hant/contact/", contact),
        client.post("/zh-hant/contact/", {**contact, "csrfmiddlewaretoken": "x" * 64}),
        client.post("/en/petition/", form_data(), HTTP_SEC_FETCH_SITE="cross-site"),
        client.post("/en/petition/", form_data(), HTTP_ORIGIN="https://evil.example"),
        client.post("/en/petition/", {**form_data(), "csrfmiddlewaretoken": "x" * 64}, HTTP_ORIGIN="null"),
    ):
        assert response.status_code == 403
        assert "Traceback" not in response.content.decode()
    assert not Signature.objects.exists() and not ContactMessage.objects.exists()


def test_fields_that_are_not_on_the_form_are_ignored(petition_open):
    other = PetitionFactory()
    response = Client().post(
        "/en/petition/",
        form_data(
            state="confirmed",
            confirmed_at="2020-01-01T00:00:00Z",
            petition=other.pk,
            id=999999,
            hidden="on",
            comment_approved="on",
            logo_approved="on",
            ip_hash="f" * 64,
            confirmation_send_count=5,
        ),
    )
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert signature.state == Signature.State.PENDING and signature.confirmed_at is None
    assert signature.petition == petition_open and signature.pk != 999999
    assert not signature.hidden and not signature.comment_approved and not signature.logo_approved
    assert signature.ip_hash != "f" * 64


# --- A crawl with mangled paths and query strings --------------------------------------------------

QUERIES = [
    "?page=-1",
    "?page=99999999",
    "?page=abc",
    "?page=1e10",
    "?after=garbage",
    "?after=i99999999999999999999-1",
    "?after=o0-0",
    "?after=i-1--1",
    "?country=%3Cscript%3Ealert(1)%3C/script%3E",
    "?country=ZZ",
    "?country=hk&country=tw",
    "?q=" + "x" * 10_000,
    "?q=%00",
    "?q=%25%27%22%3B--",
    "?language=%00",
    "?language=xx",
    "?subject=%3Cscript%3E",
    "?via=%00%00",
    "?next=//evil.example/",
    "?%ff%fe=%ff",
]
PATHS = [
    "/en/articles/" + "a" * 5000 + "/",
    "/en/articles/category/" + "b" * 300 + "/",
    "/en/articles/%00/",
    "/en/articles/香港/",
    "/en/articles/preview/99999999999999999999999/",
    "/en/petition/%00/",
    "/en/petition/" + "c" * 5000 + "/",
    "/en/petition/不存在/signatures/",
    "/en/petition/no-such/embed/",
    "/en/petition/confirm/" + "d" * 5000 + "/",
    "/en/petition/confirm/%00/",
    "/en/petition/manage/..%2F..%2Fetc%2Fpasswd/withdraw/",
    "/en/materials/99999999999999999999999/download/",
    "/en/materials/-1/download/",
    "/en/materials/download-all/%00/",
    "/en/materials/download-all/" + "e" * 300 + "/",
    "/api/petition/%00.json",
    "/api/petition/" + "f" * 300 + ".json",
    "/lang/%00/?next=/en/",
    "/lang/en/?next=https://evil.example/",
    "/xx/petition/",
    "/en/%2e%2e/%2e%2e/settings.py",
    "/static/../campaign/settings.py",
    "/media/../db.sqlite3",
]


def test_every_public_url_with_mangled_queries_and_paths_never_gives_a_500(demo_content):
    client = Client(raise_request_exception=False)
    tried = 0
    # Every query on the English pages (each page a third of them), a few in Chinese.
    urls = [(url, QUERIES[i % 3 :: 3]) for i, url in enumerate(public_urls("en"))]
    urls += [(url, QUERIES[::10]) for language in LANGUAGES[1:] for url in public_urls(language)]
    for url, queries in urls:
        base = url.split("?")[0]
        for query in queries:
            response = client.get(base + query)
            assert response.status_code in CALM, (base + query[:80], response.status_code)
            tried += 1
    for path in PATHS:
        for query in ("", "?page=-1"):
            response = client.get(path + query)
            assert response.status_code in CALM | {301}, (path[:120], response.status_code)
            tried += 1
    assert tried > 200


def test_the_language_switch_does_not_redirect_to_another_site(client):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"):
        response = client.get(f"/lang/en/?next={target}")
        assert response.status_code == 302
        assert response["Location"].startswith("/"), target
        assert not response["Location"].startswith(("//", "/\\")), target


# --- Spoofed proxy headers ------------------------------------------------------------------------

SPOOFS = [
    {"HTTP_X_FORWARDED_FOR": "203.0.113.250"},
    {"HTTP_X_REAL_IP": "203.0.113.251"},
    {"HTTP_FORWARDED": "for=203.0.113.252;proto=https"},
    {"HTTP_X_FORWARDED_FOR": "203.0.113.253, 10.0.0.1", "HTTP_X_REAL_IP": "203.0.113.254"},
    {"HTTP_CLIENT_IP": "203.0.113.255", "HTTP_TRUE_CLIENT_IP": "203.0.113.249"},
]


def test_spoofed_forwarding_headers_do_not_reset_the_signing_limit(petition_open, settings):
    from core.rates import parse_rates

    settings.SIGN_RATE_PER_IP = parse_rates("3/h")
    settings.TRUSTED_PROXY_COUNT = 0
    before = Signature.objects.count()
    client = Client()
    for i in range(3):
        assert (
            client.post(
                "/en/petition/", form_data(email=f"s{i}@gmail.com"), REMOTE_ADDR="198.51.100.9"
            ).status_code
            == 302
        )
    assert (
        client.post("/en/petition/", form_data(email="s3@gmail.com"), REMOTE_ADDR="198.51.100.9").status_code
        == 429
    )
    for i, headers in enumerate(SPOOFS):
        response = client.post(
            "/en/petition/", form_data(email=f"spoof{i}@gmail.com"), REMOTE_ADDR="198.51.100.9", **headers
        )
        assert response.status_code == 429, headers
    assert Signature.objects.count() == before + 3


def test_behind_one_trusted_proxy_only_the_address_it_saw_counts(petition_open, settings):
    from core.rates import parse_rates

    settings.SIGN_RATE_PER_IP = parse_rates("2/h")
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client()
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for i in range(2):
        client.post(
            "/en/petition/", form_data(email=f"p{i}@gmail.com"), HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy
        )
    # The client prepends made-up addresses; the proxy appends the one it saw.
    spoofed = client.post(
        "/en/petition/",
        form_data(email="p2@gmail.com"),
        HTTP_X_FORWARDED_FOR="203.0.113.1, 203.0.113.2, 198.51.100.9",
        HTTP_X_REAL_IP="203.0.113.3",
        **proxy,
    )
    assert spoofed.status_code == 429
    assert (
        client.post(
            "/en/petition/", form_data(email="p3@gmail.com"), HTTP_X_FORWARDED_FOR="198.51.100.10", **proxy
        ).status_code
        == 302
    )
