"""An article written in one language still reaches readers of the others, labelled."""

import pytest

from tests.articles.conftest import days_ago
from tests.factories import PublishedArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def traditional_only():
    return PublishedArticleFactory(
        slug="hk-union",
        title_en="",
        summary_en="",
        body_en="",
        title_zh_hant="教協被迫解散",
        summary_zh_hant="全港最大工會宣布解散。",
        body_zh_hant="<p>教協宣布解散。</p>",
        published_at=days_ago(1),
    )


@pytest.fixture
def english_only():
    return PublishedArticleFactory(slug="turnout", title_en="Record low turnout", published_at=days_ago(2))


def test_english_readers_see_a_chinese_only_article_labelled_with_its_language(client, traditional_only):
    html = client.get("/en/articles/").content.decode()
    assert '<a href="/en/articles/hk-union/" lang="zh-Hant">教協被迫解散</a>' in html
    assert "lang-note-other-language" in html


def test_simplified_readers_get_traditional_text_converted_and_marked(client, traditional_only):
    html = client.get("/zh-hans/articles/hk-union/").content.decode()
    assert "教协被迫解散" in html  # converted, not the raw Traditional
    assert "<p>教协宣布解散。</p>" in html
    assert "lang-note-converted" in html


def test_chinese_readers_see_an_english_only_article_labelled_as_english(client, english_only):
    for lang in ("zh-hant", "zh-hans"):
        html = client.get(f"/{lang}/articles/").content.decode()
        assert 'lang="en">Record low turnout</a>' in html
        assert "lang-note-other-language" in html


def test_a_translated_article_carries_no_language_label(client):
    PublishedArticleFactory(slug="both", title_en="Solidarity", title_zh_hant="團結", title_zh_hans="团结")
    for lang in ("en", "zh-hant", "zh-hans"):
        html = client.get(f"/{lang}/articles/").content.decode()
        assert "lang-note" not in html.split('class="article-list"')[1]


def test_the_original_language_follows_the_only_language_written(traditional_only, english_only):
    assert traditional_only.original_language == "zh-hant"
    assert english_only.original_language == "en"
