"""An editor writes, schedules and previews articles in the admin; nothing unsafe is stored."""

import datetime
import re

import pytest
from django.utils import timezone

from articles.models import Article
from tests.articles.conftest import image_upload
from tests.factories import CategoryFactory, DraftArticleFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"


def form_data(**overrides):
    when = timezone.localtime(timezone.now() + datetime.timedelta(hours=1))
    data = {
        "status": "published",
        "published_at_0": when.strftime("%Y-%m-%d"),
        "published_at_1": when.strftime("%H:%M:%S"),
        "byline": "Socialist Action reporters",
        "original_language": "zh-hant",
        "slug": "",
    }
    for field in ("title", "summary", "body", "image_alt", "image_caption"):
        for lang in ("en", "zh_hant", "zh_hans"):
            data[f"{field}_{lang}"] = ""
    data.update(overrides)
    return data


def test_the_editor_sees_a_rich_text_editor_that_the_content_security_policy_lets_run(editor_client):
    response = editor_client.get(ADD_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-django-prose-editor-configurable" in html
    importmap = re.search(r"<script[^>]*type=\"importmap\"[^>]*>", html).group(0)
    assert "nonce=" in importmap
    assert "繁體中文" in html and "简体中文" in html


def test_an_editor_writes_a_scheduled_article_in_traditional_chinese_with_an_image(editor_client, client):
    category = CategoryFactory(slug="hong-kong")
    data = form_data(
        title_zh_hant="教協被迫解散",
        summary_zh_hant="全港最大工會宣布解散。",
        body_zh_hant='<p>教協宣布解散。</p><script>alert(1)</script><p onclick="x()">完</p>',
        image_alt_zh_hant="抽象圖形",
        categories=[category.pk],
        image=image_upload(),
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert article.is_scheduled
    assert article.slug == timezone.localdate(article.published_at).isoformat()
    assert article.body_zh_hant == "<p>教協宣布解散。</p><p>完</p>"
    assert article.image and article.thumbnail
    # Not public yet, but previewable.
    assert client.get(f"/zh-hant/articles/{article.slug}/").status_code == 404
    assert editor_client.get(article.get_preview_url()).status_code == 200


def test_the_fill_button_converts_traditional_into_the_empty_simplified_fields_without_saving(editor_client):
    draft = DraftArticleFactory(
        title_en="", title_zh_hant="停止政治打壓", body_zh_hant="<p>釋放所有政治犯</p>"
    )
    data = form_data(
        status="draft",
        slug=draft.slug,
        title_zh_hant="停止政治打壓",
        body_zh_hant="<p>釋放所有政治犯</p>",
        title_zh_hans="",
        _fill_other_script="1",
    )
    response = editor_client.post(f"/admin/articles/article/{draft.pk}/change/", data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.data["title_zh_hans"] == "停止政治打压"
    assert form.data["body_zh_hans"] == "<p>释放所有政治犯</p>"
    assert "停止政治打压" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.title_zh_hans  # saved only when the editor presses Save


def test_view_on_site_leads_to_the_preview_for_drafts(editor_client):
    draft = DraftArticleFactory()
    html = editor_client.get(f"/admin/articles/article/{draft.pk}/change/").content.decode()
    view_on_site = re.search(r'<a href="([^"]+)" class="viewsitelink"', html).group(1)
    assert view_on_site == f"/en/articles/preview/{draft.pk}/"


def test_view_on_site_leads_to_the_public_page_once_published(editor_client):
    article = PublishedArticleFactory(slug="live")
    html = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert re.search(r'<a href="/en/articles/live/" class="viewsitelink"', html)


def test_the_article_list_filters_by_visibility(editor_client):
    DraftArticleFactory(title_en="A draft")
    response = editor_client.get("/admin/articles/article/?visibility=draft")
    assert response.status_code == 200
    assert "A draft" in response.content.decode()
    assert editor_client.get("/admin/articles/article/?q=draft").status_code == 200
    assert editor_client.get("/admin/articles/category/").status_code == 200
