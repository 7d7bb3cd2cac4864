"""Search finds English and Chinese words (either script), never drafts, and survives odd input."""

import pytest

from tests.articles.conftest import days_ago
from tests.factories import DraftArticleFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    union = PublishedArticleFactory(
        slug="teachers-union",
        title_en="Teachers' union forced to disband",
        summary_en="The largest union in the city announced its dissolution.",
        body_en="<p>Almost fifty years of <strong>organising</strong> teachers.</p>",
        title_zh_hant="教協被迫解散",
        body_zh_hant="<p>教協維護教師權益近五十年。</p>",
        published_at=days_ago(3),
    )
    election = PublishedArticleFactory(
        slug="turnout",
        title_en="",
        summary_en="",
        body_en="",
        title_zh_hant="選舉投票率創新低",
        body_zh_hant="<p>七成登記選民留在家中。</p>",
        published_at=days_ago(2),
    )
    DraftArticleFactory(slug="draft-union", title_en="Union draft", title_zh_hant="工會草稿")
    return union, election


def found(client, query, lang="en"):
    response = client.get(f"/{lang}/articles/search/", {"q": query})
    assert response.status_code == 200
    return [article.slug for article in response.context["page"]] if response.context["page"] else []


def test_an_english_word_is_found_in_titles_and_bodies(client, articles):
    assert found(client, "union") == ["teachers-union"]
    assert found(client, "organising") == ["teachers-union"]


def test_a_chinese_word_is_found_in_the_middle_of_a_sentence(client, articles):
    assert found(client, "投票率", "zh-hant") == ["turnout"]
    assert found(client, "教師", "zh-hant") == ["teachers-union"]


def test_a_simplified_query_finds_an_article_written_in_traditional(client, articles):
    assert found(client, "选民", "zh-hans") == ["turnout"]


def test_several_terms_must_all_match(client, articles):
    assert found(client, "union teachers") == ["teachers-union"]
    assert found(client, "union 投票率") == []


def test_drafts_are_never_found(client, articles):
    assert "draft-union" not in found(client, "union")
    assert "draft-union" not in found(client, "工會", "zh-hant")


def test_markup_is_not_searchable(client, articles):
    assert found(client, "strong") == []


@pytest.mark.parametrize(
    "query", ["", "   ", "x" * 5000, "'; DROP TABLE articles_article; --", "%_%", "<script>"]
)
def test_odd_queries_give_a_page_not_an_error(client, articles, query):
    response = client.get("/en/articles/search/", {"q": query, "page": "abc"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split('id="main"')[1]


def test_search_results_are_not_indexed_by_search_engines(client, articles):
    assert (
        '<meta name="robots" content="noindex' in client.get("/en/articles/search/?q=union").content.decode()
    )
