"""Three languages under /en/, /zh-hant/ and /zh-hans/, chosen by the reader."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.conftest import LANGUAGES

PUBLIC_PAGES = ["campaign:home", "petition:sign", "petition:wall", "articles:list"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_every_public_page_answers_in_every_language(client, petition, language, name):
    with translation.override(language):
        url = reverse(name)
    assert url.startswith(f"/{language}/")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    expected_lang = {"en": "en", "zh-hant": "zh-Hant", "zh-hans": "zh-Hans"}[language]
    assert f'<html lang="{expected_lang}">' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("zh-HK,zh;q=0.9,en;q=0.8", "/zh-hant/"),
        ("zh-TW", "/zh-hant/"),
        ("zh-MO", "/zh-hant/"),
        ("zh-CN,zh;q=0.9", "/zh-hans/"),
        ("zh-SG", "/zh-hans/"),
        ("en-GB,en;q=0.9", "/en/"),
        ("fr-FR,fr;q=0.9", "/en/"),
        ("", "/en/"),
    ],
)
def test_root_redirects_by_browser_language(client, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.django_db
def test_root_follows_the_language_cookie_once_chosen(client):
    client.get("/lang/zh-hans/?next=/en/")
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB")
    assert response["Location"] == "/zh-hans/"


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_language_switcher_keeps_the_reader_on_the_same_page(client, petition, name):
    with translation.override("en"):
        en_url = reverse(name)
    with translation.override("zh-hant"):
        zh_url = reverse(name)
    html = client.get(en_url).content.decode()
    links = re.findall(r'href="(/lang/[^"]+)"', html)
    switch = next(link for link in links if link.startswith("/lang/zh-hant/"))
    response = client.get(switch.replace("&amp;", "&"))
    assert response.status_code == 302
    assert response["Location"] == zh_url


@pytest.mark.django_db
def test_language_switcher_refuses_to_redirect_off_site(client):
    response = client.get("/lang/en/?next=https://evil.example/")
    assert response["Location"] == "/en/"


@pytest.mark.django_db
def test_pages_link_their_translations_with_hreflang_and_canonical(client, petition):
    html = client.get("/zh-hant/petition/").content.decode()
    assert '<link rel="canonical" href="http://testserver/zh-hant/petition/">' in html
    for code, path in [("en", "/en/"), ("zh-Hant", "/zh-hant/"), ("zh-Hans", "/zh-hans/")]:
        assert f'hreflang="{code}" href="http://testserver{path}petition/"' in html
    assert 'hreflang="x-default"' in html


@pytest.mark.django_db
def test_chinese_pages_show_the_interface_in_chinese(client, petition):
    hant = client.get("/zh-hant/").content.decode()
    hans = client.get("/zh-hans/").content.decode()
    assert "參與聯署" in hant
    assert "参与联署" in hans
    assert "Sign the petition" not in hant + hans


def test_all_three_languages_are_configured(settings):
    assert [code for code, _ in settings.LANGUAGES] == LANGUAGES
