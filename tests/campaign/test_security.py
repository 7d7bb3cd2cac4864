"""Hardened HTTP behaviour: security headers on every page, cache rules, admin protection."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.campaign.test_languages import PUBLIC_PAGES


def _url(name, language):
    with translation.override(language):
        return reverse(name)


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_every_public_page_sends_the_security_headers(client, petition, language, name):
    response = client.get(_url(name, language))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_hsts_is_sent_over_https_without_preload_by_default(client, petition, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_PRELOAD = False
    response = client.get("/en/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "preload" not in response["Strict-Transport-Security"]


@pytest.mark.django_db
def test_anonymous_pages_without_a_form_are_publicly_cacheable_and_set_no_cookie(client, petition):
    response = client.get("/en/petition/signatures/")
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert "max-age=" in cache_control
    assert "stale-while-revalidate=" in cache_control
    assert "stale-if-error=" in cache_control
    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()


@pytest.mark.django_db
def test_the_language_switch_sets_an_http_only_cookie(client):
    response = client.get("/lang/zh-hant/?next=/en/")
    cookie = response.cookies["django_language"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_admin_login_is_locked_after_repeated_failures(client, django_user_model, settings):
    settings.AXES_FAILURE_LIMIT = 3
    django_user_model.objects.create_superuser("boss", "boss@example.org", "correct horse battery staple")
    login = f"/{settings.ADMIN_URL}login/"
    for _ in range(3):
        client.post(login, {"username": "boss", "password": "wrong"}, REMOTE_ADDR="198.51.100.1")
    response = client.post(
        login, {"username": "boss", "password": "correct horse battery staple"}, REMOTE_ADDR="198.51.100.1"
    )
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_spraying_over_many_usernames_from_one_address_is_locked_out(
    client, django_user_model, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    django_user_model.objects.create_superuser("boss", "boss@example.org", "correct horse battery staple")
    login = f"/{settings.ADMIN_URL}login/"
    for name in ("alice", "bob", "carol"):
        client.post(login, {"username": name, "password": "Spring2026!"}, REMOTE_ADDR="198.51.100.7")

    sprayed = client.post(
        login, {"username": "boss", "password": "correct horse battery staple"}, REMOTE_ADDR="198.51.100.7"
    )
    assert sprayed.status_code in (403, 429)
    assert "_auth_user_id" not in client.session

    elsewhere = client.post(
        login, {"username": "boss", "password": "correct horse battery staple"}, REMOTE_ADDR="203.0.113.20"
    )
    assert elsewhere.status_code == 302, "the real organiser, from another address, still signs in"


@pytest.mark.django_db
def test_admin_can_be_restricted_to_networks(client, settings):
    settings.ADMIN_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    from core.middleware import AdminAccessMiddleware

    middleware = AdminAccessMiddleware(lambda request: None)
    from django.test import RequestFactory

    outside = RequestFactory().get(f"/{settings.ADMIN_URL}", REMOTE_ADDR="198.51.100.1")
    inside = RequestFactory().get(f"/{settings.ADMIN_URL}", REMOTE_ADDR="10.1.2.3")
    assert middleware(outside).status_code == 403
    assert middleware(inside) is None


@pytest.mark.django_db
def test_a_spoofed_forwarded_header_does_not_reach_the_admin_allow_list(settings):
    settings.ADMIN_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    settings.TRUSTED_PROXY_COUNT = 0
    from django.test import RequestFactory

    from core.middleware import AdminAccessMiddleware

    request = RequestFactory().get(
        f"/{settings.ADMIN_URL}", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="10.0.0.1"
    )
    assert AdminAccessMiddleware(lambda r: None)(request).status_code == 403


# --- robots.txt --------------------------------------------------------------------------


def robots(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    return response.content.decode()


def test_robots_txt_never_prints_an_admin_address_of_its_own(client, settings):
    settings.ADMIN_URL = "office-7f3a9c/"

    text = robots(client)

    assert "office-7f3a9c" not in text
    assert "admin" not in text.lower()


def test_robots_txt_keeps_robots_out_of_the_admin_at_its_default_address(client, settings):
    settings.ADMIN_URL = "admin/"

    assert "Disallow: /admin/" in robots(client).splitlines()


def test_robots_txt_keeps_every_signatory_wall_out_of_search_engines(client, settings):
    lines = robots(client).splitlines()

    for language, _name in settings.LANGUAGES:
        assert f"Disallow: {_url('petition:wall', language)}" in lines, language
    assert {"Disallow: /en/petition/signatures/", "Disallow: /zh-hant/petition/signatures/"} <= set(lines)
    assert "Disallow: /zh-hans/petition/signatures/" in lines
    assert "Disallow: /*/petition/*/signatures/" in lines, "the walls of the other petitions"
