"""The sitemap lists every public article page in all three languages with hreflang alternates."""

import pytest

from tests.articles.conftest import parse_xml
from tests.factories import CategoryFactory, DraftArticleFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def sitemap(client, petition):
    category = CategoryFactory(slug="hong-kong")
    PublishedArticleFactory(slug="published-one").categories.add(category)
    CategoryFactory(slug="empty-category")
    DraftArticleFactory(slug="a-draft")
    return parse_xml(client.get("/sitemap.xml").content)


def locations(sitemap):
    return {url.findtext("s:loc", namespaces=NS) for url in sitemap.findall("s:url", NS)}


@pytest.mark.parametrize("lang", ["en", "zh-hant", "zh-hans"])
def test_every_article_page_is_listed_in_every_language(sitemap, lang):
    locs = locations(sitemap)
    assert f"http://testserver/{lang}/articles/" in locs
    assert f"http://testserver/{lang}/articles/published-one/" in locs
    assert f"http://testserver/{lang}/articles/category/hong-kong/" in locs


def test_each_article_entry_links_its_translations_with_hreflang(sitemap):
    entry = next(
        url for url in sitemap.findall("s:url", NS)
        if url.findtext("s:loc", namespaces=NS) == "http://testserver/zh-hans/articles/published-one/"
    )  # fmt: skip
    links = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", NS)}
    assert links["en"] == "http://testserver/en/articles/published-one/"
    assert links["zh-hant"] == "http://testserver/zh-hant/articles/published-one/"
    # The unprefixed address sends each reader to their own language.
    assert links["x-default"] == "http://testserver/articles/published-one/"
    assert entry.findtext("s:lastmod", namespaces=NS)


def test_drafts_and_empty_categories_are_left_out(sitemap):
    text = " ".join(locations(sitemap))
    assert "a-draft" not in text
    assert "empty-category" not in text
