"""The demo articles load in three languages, and loading them twice changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article, Category
from core.i18n import convert

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(Article.objects.values_list("slug", "updated_at", "image", "title_zh_hans"))


def test_loading_the_demo_twice_changes_nothing():
    call_command("load_demo", stdout=StringIO())
    first = snapshot()
    call_command("load_demo", stdout=StringIO())
    assert snapshot() == first
    assert Category.objects.count() == 4
    assert Article.objects.published().count() >= 20
    # Some articles exist in one language only, to show the fallback.
    assert Article.objects.filter(title_en="").exists()
    assert Article.objects.filter(title_zh_hant="").exists()


@pytest.mark.django_db
def test_at_least_twenty_demo_articles_are_written_in_all_three_languages_the_mainland_text_by_hand():
    call_command("load_demo", stdout=StringIO())
    in_three = Article.objects.exclude(title_en="").exclude(title_zh_hant="").exclude(title_zh_hans="")
    assert in_three.count() >= 20
    for article in in_three:
        assert article.byline_en and article.byline_zh_hant and article.byline_zh_hans, article.slug
        # Written for mainland readers, not the Traditional text converted.
        assert article.body_zh_hans != convert(article.body_zh_hant, source="zh-hant", target="zh-hans")
