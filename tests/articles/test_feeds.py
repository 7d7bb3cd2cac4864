"""Atom and RSS feeds per language: valid XML, published articles only, with the site's logo."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import SiteSettings
from tests.articles.conftest import days_ago, parse_xml
from tests.factories import CategoryFactory, DraftArticleFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def articles():
    category = CategoryFactory(name_en="Hong Kong", name_zh_hant="香港")
    older = PublishedArticleFactory(
        slug="older", title_en="Older news", summary_en="A whole summary, not cut.", published_at=days_ago(2)
    )
    newer = PublishedArticleFactory(
        slug="newer", title_en="Newer news", title_zh_hant="較新消息", byline="Socialist Action reporters",
        published_at=days_ago(1),
    )  # fmt: skip
    newer.categories.add(category)
    DraftArticleFactory(slug="draft", title_en="Draft news")
    return older, newer


def test_the_atom_feed_is_valid_xml_with_published_articles_newest_first(client, articles):
    response = client.get("/en/articles/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse_xml(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Newer news", "Older news"]
    assert entries[0].find(f"{ATOM}link").get("href") == "http://testserver/en/articles/newer/"
    assert entries[0].findtext(f"{ATOM}author/{ATOM}name") == "Socialist Action reporters"
    assert entries[0].find(f"{ATOM}category").get("term") == "Hong Kong"
    assert entries[1].findtext(f"{ATOM}summary") == "A whole summary, not cut."
    assert feed.findtext(f"{ATOM}logo").startswith("http://testserver/static/img/og-default")
    assert feed.findtext(f"{ATOM}icon").startswith("http://testserver/static/img/favicon")


def test_the_rss_feed_is_valid_xml_with_an_image_and_items(client, articles):
    response = client.get("/en/articles/feed/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse_xml(response.content).find("channel")
    assert channel.find("image/url").text.startswith("http://testserver/static/img/og-default")
    assert [item.findtext("title") for item in channel.findall("item")] == ["Newer news", "Older news"]
    assert channel.findtext("language") == "en"


@pytest.mark.parametrize(
    ("lang", "title", "bcp47"), [("zh-hant", "較新消息", "zh-Hant"), ("zh-hans", "较新消息", "zh-Hans")]
)
def test_each_language_has_its_own_feed(client, articles, lang, title, bcp47):
    with translation.override(lang):
        url = reverse("articles:feed_rss")
    channel = parse_xml(client.get(url).content).find("channel")
    assert channel.findtext("language") == bcp47
    assert channel.findall("item")[0].findtext("title") == title
    assert channel.findall("item")[0].findtext("link") == f"http://testserver/{lang}/articles/newer/"


def test_pages_announce_their_feeds(client, articles):
    html = client.get("/en/articles/").content.decode()
    assert 'type="application/atom+xml"' in html and 'href="/en/articles/feed/"' in html
    assert 'type="application/rss+xml"' in html


def test_the_feed_needs_few_queries_however_many_articles(client, django_assert_max_num_queries):
    SiteSettings.get_solo()
    category = CategoryFactory()
    for n in range(15):
        PublishedArticleFactory(published_at=days_ago(n + 1)).categories.add(category)
    with django_assert_max_num_queries(4):
        assert client.get("/en/articles/feed/").status_code == 200
