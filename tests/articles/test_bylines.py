"""Bylines are written per language: Chinese readers get a Chinese byline (converted from
the other script when only one was written, and marked so), names keep their own
language, and the bylines written before keep showing in every language."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.models import SiteSettings
from tests.factories import PublishedArticleFactory

BEFORE = [("articles", "0002_search_indexes")]
AFTER = [("articles", "0003_byline_in_each_language")]


@pytest.fixture
def site():
    return SiteSettings.get_solo()


def byline_html(html):
    start = html.index('class="byline"')
    return html[start - 6 : html.index("</span>", start) + 7]


@pytest.mark.django_db
def test_a_traditional_byline_reaches_simplified_readers_converted_and_marked(client, site):
    PublishedArticleFactory(slug="a", title_zh_hant="工會被迫解散", byline_zh_hant="社會主義行動記者")
    html = client.get("/zh-hans/articles/a/").content.decode()
    assert "社会主义行动记者" in byline_html(html)
    assert "社會主義行動記者" not in html
    assert "lang-note-converted" in html
    english = client.get("/en/articles/a/").content.decode()
    assert byline_html(english) == '<span class="byline" lang="zh-Hant">社會主義行動記者</span>'


@pytest.mark.django_db
def test_each_reader_gets_the_byline_in_their_language(client, site):
    PublishedArticleFactory(
        slug="a",
        title_en="Unions",
        title_zh_hant="工會",
        title_zh_hans="工会",
        byline_en="Socialist Action reporters",
        byline_zh_hant="社會主義行動記者",
        byline_zh_hans="社会主义行动记者",
    )
    assert "Socialist Action reporters" in byline_html(client.get("/en/articles/a/").content.decode())
    assert ">社會主義行動記者<" in byline_html(client.get("/zh-hant/articles/a/").content.decode())
    simplified = client.get("/zh-hans/articles/").content.decode()
    assert ">社会主义行动记者<" in byline_html(simplified)
    assert "lang-note-converted" not in simplified


@pytest.mark.django_db
def test_a_name_in_latin_script_inside_a_chinese_byline_keeps_its_language(client, site):
    PublishedArticleFactory(slug="a", title_zh_hant="選舉", byline_zh_hant="Dikang，社會主義行動")
    html = client.get("/zh-hant/articles/a/").content.decode()
    assert '<span class="byline"><span lang="en">Dikang</span>，社會主義行動</span>' in html
    english_only = PublishedArticleFactory(
        slug="b", title_en="Elections", byline_en="Dikang, Socialist Action"
    )
    html = client.get(f"/zh-hans/articles/{english_only.slug}/").content.decode()
    assert byline_html(html) == '<span class="byline" lang="en">Dikang, Socialist Action</span>'


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_bylines_written_before_stay_in_the_language_they_are_written_in():
    old = migrate(BEFORE)
    try:
        Article = old.get_model("articles", "Article")
        english = Article.objects.create(slug="en", title_en="News", byline="ISA reporters")
        chinese = Article.objects.create(slug="zh", title_zh_hant="消息", byline="社會主義行動記者")
        simplified = Article.objects.create(slug="hans", title_zh_hans="消息", byline="社会主义行动记者")
        Article.objects.create(slug="none", title_en="No byline", byline="")

        Article = migrate(AFTER).get_model("articles", "Article")
        rows = {a.slug: (a.byline_en, a.byline_zh_hant, a.byline_zh_hans) for a in Article.objects.all()}
        assert rows[english.slug] == ("ISA reporters", None, None)
        assert rows[chinese.slug] == (None, "社會主義行動記者", None)
        assert rows[simplified.slug] == (None, None, "社会主义行动记者")
        assert rows["none"] == (None, None, None)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
