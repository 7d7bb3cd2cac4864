"""Absolute links are built from SITE_URL, never from the request's Host."""

import pytest

from core.links import absolute_url


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://example.org"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/en/petition/", "https://example.org/en/petition/"),
        ("/admin/?petition=3", "https://example.org/admin/?petition=3"),
        ("media/photo.jpg", "https://example.org/media/photo.jpg"),
        ("https://cdn.example.net/photo.jpg", "https://cdn.example.net/photo.jpg"),
    ],
)
def test_a_path_becomes_a_link_on_the_public_site(path, expected):
    assert absolute_url(path) == expected


@pytest.mark.django_db
def test_a_page_links_to_itself_on_the_public_site_whatever_host_was_asked(client):
    response = client.get("/en/", HTTP_HOST="localhost")
    assert response.context["canonical_url"] == "https://example.org/en/"
