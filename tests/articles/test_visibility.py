"""Drafts and scheduled articles stay out of every public place until their time."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from tests.articles.conftest import days_ago, parse_xml
from tests.factories import CategoryFactory, DraftArticleFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db

PUBLIC_PLACES = [
    "/en/articles/",
    "/en/articles/category/news/",
    "/en/articles/feed/",
    "/en/articles/feed/rss/",
    "/sitemap.xml",
    "/en/articles/search/?q=hidden",
    "/en/",
]


@pytest.fixture
def hidden_articles():
    category = CategoryFactory(slug="news")
    draft = DraftArticleFactory(title_en="Hidden draft", slug="hidden-draft", published_at=days_ago(1))
    future = PublishedArticleFactory(
        title_en="Hidden scheduled",
        slug="hidden-scheduled",
        published_at=timezone.now() + datetime.timedelta(hours=2),
    )
    for article in (draft, future):
        article.categories.add(category)
    return draft, future


@pytest.mark.parametrize("url", PUBLIC_PLACES)
def test_drafts_and_scheduled_articles_appear_nowhere_public(client, petition, hidden_articles, url):
    html = client.get(url).content.decode()
    assert "hidden-draft" not in html and "Hidden draft" not in html
    assert "hidden-scheduled" not in html and "Hidden scheduled" not in html


@pytest.mark.parametrize("slug", ["hidden-draft", "hidden-scheduled"])
def test_a_hidden_article_page_is_not_found(client, hidden_articles, slug):
    assert client.get(f"/en/articles/{slug}/").status_code == 404


def test_a_scheduled_article_appears_in_every_language_at_its_time(client, hidden_articles):
    _draft, future = hidden_articles
    with time_machine.travel(future.published_at + datetime.timedelta(minutes=1)):
        for lang in ("en", "zh-hant", "zh-hans"):
            assert "Hidden scheduled" in client.get(f"/{lang}/articles/").content.decode()
            assert client.get(f"/{lang}/articles/hidden-scheduled/").status_code == 200
        feed = parse_xml(client.get("/en/articles/feed/").content)
        titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
        assert "Hidden scheduled" in titles
        assert client.get("/en/articles/hidden-draft/").status_code == 404


def test_published_queryset_used_by_the_home_page_keeps_newest_first(petition):
    old = PublishedArticleFactory(published_at=days_ago(3))
    new = PublishedArticleFactory(published_at=days_ago(1))
    DraftArticleFactory(published_at=days_ago(0))
    from articles.models import Article

    assert list(Article.objects.published()[:3]) == [new, old]
