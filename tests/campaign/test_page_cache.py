"""Anonymous public pages are kept in the shared cache for seconds; nothing personal ever is."""

import pytest

from tests.factories import ConfirmedSignatureFactory


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE = True


@pytest.mark.django_db
def test_a_public_page_is_rendered_once_then_served_from_the_cache(
    client, petition, page_cache, django_assert_num_queries
):
    ConfirmedSignatureFactory(petition=petition, name="Ada Lovelace")
    first = client.get("/en/petition/signatures/")
    assert "public" in first["Cache-Control"]
    with django_assert_num_queries(0):
        second = client.get("/en/petition/signatures/")
    assert second.status_code == 200
    assert second.content == first.content


@pytest.mark.django_db
def test_each_language_and_query_is_cached_separately(client, petition, page_cache):
    english = client.get("/en/petition/signatures/").content
    chinese = client.get("/zh-hant/petition/signatures/").content
    hong_kong = client.get("/en/petition/signatures/?country=HK").content
    assert len({english, chinese, hong_kong}) == 3


@pytest.mark.django_db
def test_a_page_with_a_csrf_token_is_never_cached_or_marked_public(client, petition, page_cache):
    first = client.get("/en/contact/")
    assert "public" not in first.get("Cache-Control", "")
    assert "csrftoken" in first.cookies
    fresh = client.__class__()
    response = fresh.get("/en/contact/")
    assert response.cookies["csrftoken"].value != first.cookies["csrftoken"].value


@pytest.mark.django_db
def test_the_signing_page_is_one_public_copy_without_a_token_or_cookie(
    client, petition, page_cache, django_assert_num_queries
):
    first = client.get("/en/petition/")
    assert "public" in first["Cache-Control"]
    assert not first.cookies
    assert 'name="csrfmiddlewaretoken" value=""' in first.content.decode()
    with django_assert_num_queries(0):
        second = client.__class__().get("/en/petition/")
    assert second.content == first.content


@pytest.mark.django_db
def test_the_admin_and_posts_are_never_served_from_the_cache(admin_client, petition, page_cache, settings):
    settings.AXES_ENABLED = False
    assert "no-store" in admin_client.get(f"/{settings.ADMIN_URL}")["Cache-Control"]
    response = admin_client.post("/en/petition/", {})
    assert response.status_code in (200, 400, 403, 429)
    assert "public" not in response.get("Cache-Control", "")
