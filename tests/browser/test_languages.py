"""The language switcher keeps the reader on the same page, on a desktop and through a phone's menu."""

import re

import pytest

from tests.browser.chromium import DESKTOP, new_context
from tests.factories import CategoryFactory, PetitionFactory, PublishedArticleFactory

pytestmark = pytest.mark.browser

MAIN_PAGES = [
    "",
    "petition/",
    "petition/signatures/",
    "what-you-can-do/",
    "qa/",
    "materials/",
    "contact/",
    "articles/",
    "articles/stand-with-hong-kong/",
    "articles/category/hong-kong/",
    "privacy/",
]
HTML_LANG = {"en": "en", "zh-hant": "zh-Hant", "zh-hans": "zh-Hans"}


@pytest.fixture
def content(live_server):
    PetitionFactory(is_current=True)
    article = PublishedArticleFactory(slug="stand-with-hong-kong", title_zh_hant="與香港站在一起")
    article.categories.add(CategoryFactory(slug="hong-kong", name_zh_hant="香港"))


def switch(page, language):
    page.locator(f".language-switcher a[hreflang='{HTML_LANG[language]}']").click()
    page.wait_for_load_state()


def test_the_language_switcher_keeps_every_main_page(browser, site, content):
    context = new_context(browser, DESKTOP)
    page = context.new_page()
    for path in MAIN_PAGES:
        page.goto(site(f"/en/{path}"))
        for language in ("zh-hant", "zh-hans", "en"):
            switch(page, language)
            assert page.url == site(f"/{language}/{path}"), f"from {path} to {language}"
            assert page.locator("html").get_attribute("lang") == HTML_LANG[language]
            current = page.locator(".language-switcher [aria-current]")
            assert current.get_attribute("lang") == HTML_LANG[language]
    context.close()


def test_on_a_phone_the_switcher_is_in_the_menu(page, site, content):
    page.goto(site("/en/qa/"))
    switcher = page.locator(".language-switcher a[hreflang='zh-Hant']")
    assert not switcher.is_visible(), "the menu starts closed"
    page.locator(".navbar-toggler").tap()
    switcher.tap()
    page.wait_for_url(re.compile(r"/zh-hant/qa/$"))
    # The choice is remembered: the bare address now opens the Chinese site.
    page.goto(site("/"))
    assert page.url == site("/zh-hant/")
