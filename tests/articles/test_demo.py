"""The demo articles load in three languages, and loading them twice changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article, Category

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(Article.objects.values_list("slug", "updated_at", "image", "title_zh_hans"))


def test_loading_the_demo_twice_changes_nothing():
    call_command("load_demo", stdout=StringIO())
    first = snapshot()
    call_command("load_demo", stdout=StringIO())
    assert snapshot() == first
    assert Category.objects.count() == 4
    assert Article.objects.published().count() >= 8
    # Some articles exist in one language only, to show the fallback.
    assert Article.objects.filter(title_en="").exists()
    assert Article.objects.filter(title_zh_hant="").exists()
