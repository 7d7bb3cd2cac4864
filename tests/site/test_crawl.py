"""A Hong Kong reader and a mainland reader walk every public page with the demo content,
and the pages a signer reaches from our emails (and an English reader, who meets no
Chinese unmarked).

On `zh-hant` no country named as Taiwan names it and no word in a form the glossary
marks "not on zh-Hant"; on `zh-hans` no country named as Hong Kong or Taiwan names it,
no word in a form marked "not on zh-Hans" and no Traditional-only character; on both,
the region's own quotation marks, no English word outside an element marked
`lang="en"` (the names and brands that are the same everywhere aside), and titles that
name the site once. Text inside an element marked with another language (a name written
in the other script, the language switcher) is that language's, and is left out of the
reader's checks.
"""

import re
from html import unescape

import opencc
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from core.i18n import glossary
from core.models import SiteSettings
from petition import tokens
from petition.models import Petition
from tests.factories import ConfirmedSignatureFactory, PendingSignatureFactory
from tests.public_urls import public_urls
from tests.site.regions import (
    english_words,
    in_language,
    names_not_of_the_mainland,
    taiwan_only_names,
    text_nodes,
)

T2S = opencc.OpenCC("t2s.json")
CHINESE = ["zh-hant", "zh-hans"]


@pytest.fixture(scope="module")
def pages(django_db_blocker, demo_content):
    """Every page in both Chinese languages and in English: {language: {url: text nodes}},
    and each page's <title> under pages["titles"][language][url]."""
    client = Client()
    crawled = {"titles": {}}
    with django_db_blocker.unblock():
        petition = Petition.objects.cached_current()
        pending = PendingSignatureFactory(petition=petition, name="Chan Tai Man")
        confirmed = ConfirmedSignatureFactory(petition=petition, name="Chan Siu Ming")
        for language in [*CHINESE, "en"]:
            crawled[language], crawled["titles"][language] = {}, {}
            with translation.override(language):
                # The pages a signer reaches from our emails.
                by_link = [
                    reverse("petition:confirm", args=[tokens.make_token(pending, tokens.CONFIRM)]),
                    reverse("petition:manage", args=[tokens.make_token(confirmed, tokens.MANAGE)]),
                    reverse("petition:withdraw", args=[tokens.make_token(confirmed, tokens.MANAGE)]),
                ]
            for url in [*public_urls(language), *by_link]:
                response = client.get(url)
                assert response.status_code == 200, url
                html = response.content.decode()
                crawled[language][url] = text_nodes(html)
                title = re.search(r"(?s)<title>(.*?)</title>", html)
                crawled["titles"][language][url] = unescape(title.group(1)).strip() if title else ""
    return crawled


def own_text(nodes, language):
    """The text nodes a reader of `language` reads as their own (not marked as another language)."""
    return [text for text, lang in nodes if in_language(lang, language)]


def wrong_forms(language):
    column = "not_hant" if language == "zh-hant" else "not_hans"
    return {form for entry in glossary() for form in getattr(entry, column)}


@pytest.mark.django_db
def test_the_crawl_reaches_every_kind_of_page(pages):
    for language in CHINESE:
        urls = list(pages[language])
        assert len(urls) >= 19, urls
        assert any("/articles/category/" in url for url in urls), urls
        assert any("/manage/" in url for url in urls), urls


@pytest.mark.django_db
def test_hong_kong_pages_name_no_country_in_taiwan_usage(pages):
    taiwan = taiwan_only_names()
    assert {"肯亞", "模里西斯", "千里達及托巴哥"} <= set(taiwan)
    for url, nodes in pages["zh-hant"].items():
        text = "\n".join(own_text(nodes, "zh-hant"))
        found = [name for name in taiwan if name in text]
        assert not found, f"{url} names countries in Taiwan's usage: {found}"


@pytest.mark.django_db
def test_mainland_pages_name_countries_as_the_mainland_does(pages):
    others = names_not_of_the_mainland()
    assert "毛里裘斯" in others and "肯亚" in others
    for url, nodes in pages["zh-hans"].items():
        text = "\n".join(own_text(nodes, "zh-hans"))
        found = [name for name in others if name in text]
        assert not found, f"{url} names countries as Hong Kong or Taiwan does: {found}"


@pytest.mark.django_db
@pytest.mark.parametrize("language", CHINESE)
def test_pages_use_the_glossarys_words_of_their_region(pages, language):
    forms = wrong_forms(language)
    for url, nodes in pages[language].items():
        text = "\n".join(own_text(nodes, language))
        found = sorted(form for form in forms if form in text)
        assert not found, f"{url} uses the other region's words: {found}"


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "marks"), [("zh-hant", "“”"), ("zh-hans", "「」『』")])
def test_pages_use_their_regions_quotation_marks(pages, language, marks):
    for url, nodes in pages[language].items():
        found = sorted({mark for text in own_text(nodes, language) for mark in text if mark in marks})
        assert not found, f"{url} uses the other region's quotation marks: {found}"


@pytest.mark.django_db
def test_mainland_pages_have_no_traditional_only_characters(pages):
    for url, nodes in pages["zh-hans"].items():
        text = "".join(own_text(nodes, "zh-hans"))
        found = sorted({char for char in text if "\u3400" <= char <= "\u9fff" and T2S.convert(char) != char})
        assert not found, f"{url} has Traditional characters outside another language's markup: {found[:20]}"


@pytest.mark.django_db
@pytest.mark.parametrize("language", CHINESE)
def test_no_english_outside_elements_marked_english(pages, language):
    for url, nodes in pages[language].items():
        found = sorted({word for text in own_text(nodes, language) for word in english_words(text)})
        assert not found, f"{url} shows English where {language} was due: {found[:30]}"


@pytest.mark.django_db
@pytest.mark.parametrize("language", CHINESE)
def test_every_title_names_the_site_once(pages, language):
    with translation.override(language):
        site_name = str(SiteSettings.get_solo().campaign_name)
    for url, title in pages["titles"][language].items():
        assert title.count(site_name) == 1, f"{url}: {title!r}"


def test_the_checks_see_what_a_reader_sees():
    html = (
        '<html lang="zh-Hant"><head><title>Ignored</title></head><body>'
        '<p>請寄電子信箱 Sign here <span lang="en">Kshama Sawant</span></p>'
        '<img alt="A photo"><p>國家：肯亞</p><p lang="zh-Hans">简体</p></body></html>'
    )
    nodes = text_nodes(html)
    own = own_text(nodes, "zh-hant")
    assert sorted(word for text in own for word in english_words(text)) == ["Sign", "here", "photo"]
    assert any("電子信箱" in text for text in own) and "電子信箱" in wrong_forms("zh-hant")
    assert any(name in text for text in own for name in taiwan_only_names())
    assert "简体" not in own


@pytest.mark.django_db
def test_english_pages_mark_any_chinese_with_its_language(pages):
    for url, nodes in pages["en"].items():
        found = sorted({text[:60] for text in own_text(nodes, "en") if re.search(r"[\u3400-\u9fff]", text)})
        assert not found, f"{url} shows Chinese not marked as Chinese: {found[:5]}"


@pytest.mark.django_db
@pytest.mark.parametrize("language", CHINESE)
def test_a_site_name_written_only_in_english_is_marked_english(client, language):
    """A new site has its name and slogan in English only: Chinese pages show them as English."""
    for url in (f"/{language}/", f"/{language}/no-such-page/"):
        nodes = text_nodes(client.get(url).content.decode())
        found = sorted({word for text in own_text(nodes, language) for word in english_words(text)})
        assert not found, f"{url}: {found}"
