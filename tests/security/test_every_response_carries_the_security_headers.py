"""Every public page, in every language, carries the security headers; cookies are locked down.

The pages are requested over HTTPS with the production values of the settings
(checked against a real production start in `test_production_settings_are_the_hardened_ones`).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import LANGUAGES
from tests.petition.conftest import form_data
from tests.public_urls import public_urls

ROOT = Path(__file__).resolve().parents[2]
HARDENED = {
    "SESSION_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "CSRF_COOKIE_SECURE": True,
    "CSRF_COOKIE_HTTPONLY": True,
    "CSRF_COOKIE_SAMESITE": "Lax",
    "LANGUAGE_COOKIE_SECURE": True,
    "LANGUAGE_COOKIE_HTTPONLY": True,
    "LANGUAGE_COOKIE_SAMESITE": "Lax",
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": False,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_CONTENT_TYPE_NOSNIFF": True,
    "SECURE_REFERRER_POLICY": "same-origin",
    "X_FRAME_OPTIONS": "DENY",
}


@pytest.fixture
def production(settings):
    for name, value in HARDENED.items():
        setattr(settings, name, value)
    return settings


def assert_hardened(response, *, framable=False):
    where = response.wsgi_request.get_full_path()
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp, where
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, where
    assert "object-src 'none'" in csp, where
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains", where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["Referrer-Policy"] in ("same-origin", "no-referrer"), where
    policy = response["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy, where
    if framable:
        assert "X-Frame-Options" not in response, where
        assert "frame-ancestors *" in csp, where
    else:
        assert response["X-Frame-Options"] == "DENY", where
        assert "frame-ancestors 'none'" in csp, where
    for morsel in response.cookies.values():
        assert morsel["secure"] and morsel["httponly"] and morsel["samesite"] == "Lax", (where, morsel)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_in_every_language_carries_every_header(client, demo_content, production, language):
    urls = public_urls(language)
    assert len(urls) >= 16
    for url in urls:
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        framable = url.endswith("/petition/embed/") or "/petition/embed/form/" in url
        assert_hardened(response, framable=framable)


@pytest.mark.django_db
def test_feeds_api_sitemap_robots_and_error_pages_carry_the_headers_too(client, demo_content, production):
    for url in (
        "/en/articles/feed/",
        "/en/articles/feed/rss/",
        "/api/petition.json",
        "/sitemap.xml",
        "/robots.txt",
        "/en/no-such-page/",
        "/en/petition/confirm/forged/",
    ):
        response = client.get(url, secure=True)
        assert response.status_code < 500, url
        assert_hardened(response)


@pytest.mark.django_db
def test_only_the_embed_pages_may_be_framed_in_every_language(client, demo_content, production):
    for language in LANGUAGES:
        assert_hardened(client.get(f"/{language}/petition/embed/", secure=True), framable=True)
        assert_hardened(client.get(f"/{language}/petition/embed/form/", secure=True), framable=True)
        assert_hardened(client.get(f"/{language}/partners/", secure=True), framable=False)
        assert_hardened(client.get(f"/{language}/petition/", secure=True), framable=False)


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_before_anything_else(client, demo_content, production):
    response = client.get("/en/petition/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.django_db
def test_every_cookie_the_site_sets_is_secure_http_only_and_same_site(client, demo_content, production):
    seen = set()
    for response in (
        client.get("/en/contact/", secure=True),  # CSRF cookie
        client.post(
            "/en/petition/",
            form_data(email="cookie@example.org"),
            secure=True,
            HTTP_SEC_FETCH_SITE="same-origin",
        ),  # who just signed
        client.get("/lang/zh-hant/?next=/en/", secure=True),  # language
    ):
        assert_hardened(response)
        seen |= set(response.cookies)
    assert {"csrftoken", "petition_signed", "django_language"} <= seen


@pytest.mark.django_db
def test_the_refusal_pages_carry_the_headers(demo_content, production):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    for response in (
        browser.post("/en/contact/", {"message": "hello"}, secure=True),
        browser.post("/en/petition/", form_data(), secure=True, HTTP_SEC_FETCH_SITE="cross-site"),
    ):
        assert response.status_code == 403
        assert_hardened(response)


def test_production_settings_are_the_hardened_ones():
    """A production start (no DEBUG, nothing but the required variables) has every value above."""
    env = {
        **os.environ,
        "ENV_FILE": "",
        "DEBUG": "off",
        "SECRET_KEY": "k2J9vQ7wXr4mZp8sLf3tYb6nHc1dGa5eUo0iRqWxTzVy-8Lm3Np5Qr7St9",
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": "sqlite:///:memory:",
        "DJANGO_SETTINGS_MODULE": "campaign.settings",
    }
    for name in (*HARDENED, "SECURE_PROXY_SSL_HEADER", "USE_X_FORWARDED_PROTO", "TRUSTED_PROXY_COUNT"):
        env.pop(name, None)
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {sorted(HARDENED)!r} + ['TRUSTED_PROXY_COUNT']}}"
        " | {'proxy_ssl_header': getattr(s, 'SECURE_PROXY_SSL_HEADER', None)}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {**HARDENED, "TRUSTED_PROXY_COUNT": 0, "proxy_ssl_header": None}
