"""The home page's latest news prefers articles in the reader's language and marks any
other with the language badge the article list shows; so do an article's
previous/next links."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import PublishedArticleFactory

pytestmark = pytest.mark.django_db


def news_section(html):
    return html[html.index('id="latest"') : html.index("</section>", html.index('id="latest"'))]


def test_a_chinese_reader_sees_chinese_news_before_newer_english_only_news(client):
    now = timezone.now()
    PublishedArticleFactory(title_zh_hant="香港工會被迫解散", published_at=now - timedelta(days=30))
    for days in (1, 2, 3):
        PublishedArticleFactory(title_en=f"English only {days}", published_at=now - timedelta(days=days))
    section = news_section(client.get("/zh-hans/").content.decode())
    assert section.index("香港工会被迫解散") < section.index("English only 1")
    assert "English only 3" not in section, "three items; the oldest English one gives way"


def test_news_in_another_language_carries_the_language_badge(client):
    PublishedArticleFactory(title_en="English only")
    section = news_section(client.get("/zh-hant/").content.decode())
    assert 'lang="en"' in section
    assert "lang-note-other-language" in section


def test_an_english_reader_sees_the_newest_english_news(client):
    now = timezone.now()
    PublishedArticleFactory(title_en="Older", published_at=now - timedelta(days=3))
    PublishedArticleFactory(title_en="Newer", published_at=now - timedelta(days=1))
    section = news_section(client.get("/en/").content.decode())
    assert section.index("Newer") < section.index("Older")
    assert "lang-note" not in section


def test_previous_and_next_links_carry_the_badge_of_a_title_in_another_language(client):
    now = timezone.now()
    PublishedArticleFactory(
        title_en="Earlier in English", slug="earlier", published_at=now - timedelta(days=2)
    )
    middle = PublishedArticleFactory(
        title_zh_hant="中間的文章", slug="middle", published_at=now - timedelta(days=1)
    )
    PublishedArticleFactory(title_zh_hant="較新的文章", slug="later", published_at=now)
    html = client.get(f"/zh-hant/articles/{middle.slug}/").content.decode()
    pager = html[html.index("article-pager-previous") :]
    previous = pager[: pager.index("</a>")]
    assert "Earlier in English" in previous and "lang-note-other-language" in previous
    following = pager[pager.index("article-pager-next") :]
    assert "較新的文章" in following[: following.index("</a>")]
    assert "lang-note" not in following[: following.index("</a>")]


def test_an_articles_latest_news_prefers_the_readers_language_and_marks_the_others(client):
    now = timezone.now()
    article = PublishedArticleFactory(
        title_zh_hant="正在閱讀", slug="reading", published_at=now - timedelta(days=9)
    )
    PublishedArticleFactory(title_zh_hant="較舊的中文文章", published_at=now - timedelta(days=8))
    PublishedArticleFactory(title_en="Newer English", published_at=now - timedelta(days=1))
    html = client.get(f"/zh-hant/articles/{article.slug}/").content.decode()
    aside = html[html.index('class="article-latest"') :]
    aside = aside[: aside.index("</ul>")]
    assert aside.index("較舊的中文文章") < aside.index("Newer English")
    assert "lang-note-other-language" in aside
