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
    assert "csrfmiddlewaretoken" not in first.content.decode()
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


@pytest.mark.django_db
def test_public_pages_are_kept_and_served_compressed_to_readers_who_accept_it(client, petition, page_cache):
    import gzip

    ConfirmedSignatureFactory(petition=petition, name="Ada Lovelace")
    plain = client.get("/en/petition/signatures/")
    compressed = client.get("/en/petition/signatures/", headers={"accept-encoding": "gzip"})
    again = client.get("/en/petition/signatures/", headers={"accept-encoding": "gzip"})
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip" and "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert again.content == compressed.content


@pytest.mark.django_db
def test_private_pages_are_never_compressed_by_the_site(client, petition):
    from tests.petition.conftest import form_data

    client.post("/en/petition/", form_data())
    response = client.get("/en/petition/check-your-inbox/", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_stale_page_is_rendered_again_by_one_reader_while_the_others_get_the_stale_copy(
    client, petition, page_cache, monkeypatch, django_assert_num_queries, django_assert_max_num_queries
):
    import time

    from django.core.cache import cache
    from django.test import RequestFactory
    from django.utils.cache import get_cache_key

    first = client.get("/en/petition/signatures/")
    later = time.time() + 30  # past max-age (10 s), within the stale window (60 s)
    monkeypatch.setattr("core.middleware.time.time", lambda: later)

    # Someone is already rendering the next copy: everybody else is served at once.
    key = get_cache_key(RequestFactory().get("/en/petition/signatures/"), "page", "GET", cache=cache)
    assert cache.add(f"{key}:refresh", 1, timeout=15)
    with django_assert_num_queries(0):
        stale = client.get("/en/petition/signatures/")
    assert stale.content == first.content
    assert int(stale["Age"]) > 10

    # Nobody is: the first reader to see the stale copy renders the next one.
    cache.delete(f"{key}:refresh")
    with django_assert_max_num_queries(20) as rendered:
        client.get("/en/petition/signatures/")
    assert len(rendered.captured_queries) > 0
