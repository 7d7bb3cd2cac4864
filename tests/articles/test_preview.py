"""Staff preview drafts as readers will see them; nobody else can, and nothing caches it."""

import pytest
from django.contrib.auth.models import User

from tests.factories import DraftArticleFactory

pytestmark = pytest.mark.django_db


def test_an_editor_previews_a_draft_never_cached_and_not_indexed(editor_client):
    draft = DraftArticleFactory(title_en="Work in progress", body_en="<p>Unfinished text.</p>")
    response = editor_client.get(f"/en/articles/preview/{draft.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Work in progress" in html and "Unfinished text." in html
    assert '<meta name="robots" content="noindex' in html
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert "noindex" in response["X-Robots-Tag"]


def test_anonymous_visitors_are_sent_to_log_in_instead_of_seeing_the_draft(client):
    draft = DraftArticleFactory(title_en="Secret plan")
    response = client.get(f"/en/articles/preview/{draft.pk}/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert "Secret plan" not in response.content.decode()


def test_logged_in_users_without_article_rights_are_refused(client, settings):
    settings.AXES_ENABLED = False
    user = User.objects.create_user("volunteer", is_staff=True)
    client.force_login(user)
    draft = DraftArticleFactory(title_en="Secret plan")
    response = client.get(f"/en/articles/preview/{draft.pk}/")
    assert response.status_code == 403
    assert "Secret plan" not in response.content.decode()
