"""Signers' names stay out of search engines, and off a closed petition's wall.

The attack: search engines keep copies of the wall (and of each country's and search
page, and of the embed), which outlive a withdrawal and can be searched for a name for
years; robots.txt only asks them not to crawl, and a page linked from elsewhere is
indexed anyway. Now every such page says `noindex, nofollow` in its header and in its
HTML, also when it comes from the page cache. Once a petition has closed, its wall no
longer needs names: WALL_AFTER_CLOSE shows initials only (by default) or no one.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ConfirmedSignatureFactory, OrganisationSignatureFactory, PetitionFactory
from tests.security.conftest import Browser

WALL_PAGES = [
    "/en/petition/signatures/",
    "/zh-hant/petition/signatures/?country=HK",
    "/en/petition/signatures/?q=Ada",
    "/en/petition/signatures/?after=i1700000000000000-1",
    "/en/petition/embed/",
]
META = '<meta name="robots" content="noindex, nofollow">'


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("page_cache", [False, True])
def test_the_wall_its_searches_countries_and_the_embed_say_noindex(live_server, settings, page_cache):
    settings.PAGE_CACHE = page_cache
    petition = PetitionFactory(is_current=True)
    ConfirmedSignatureFactory(petition=petition, name="Ada Lovelace", country="HK")
    browser = Browser(live_server.url)
    for path in WALL_PAGES:
        answers = [browser.request("GET", path) for _ in range(2)]  # the second from the cache
        for status, headers, html in answers:
            assert status == 200, path
            assert headers["X-Robots-Tag"] == "noindex, nofollow", path
            assert META in html, path


def closed_petition(**kwargs):
    now = timezone.now()
    return PetitionFactory(
        is_current=True, opens_at=now - timedelta(days=30), closes_at=now - timedelta(minutes=1), **kwargs
    )


@pytest.fixture
def closed_wall(db):
    petition = closed_petition()
    ConfirmedSignatureFactory(
        petition=petition, name="Ada Lovelace", city="London", title="Mathematician", country="GB"
    )
    ConfirmedSignatureFactory(petition=petition, name="陳大文", country="HK", display="full")
    ConfirmedSignatureFactory(petition=petition, name="陳文", country="HK", display="initials")
    OrganisationSignatureFactory(petition=petition, name="Workers Union", title="Hong Kong", country="HK")
    return petition


def test_initials_after_close_show_every_listed_signer_as_initials_only(client, closed_wall, settings):
    settings.WALL_AFTER_CLOSE = "initials"
    response = client.get("/en/petition/signatures/")
    html = response.content.decode()
    for hidden in ("Ada Lovelace", "London", "Mathematician", "陳大文", "陳文", "Workers Union"):
        assert hidden not in html, hidden
    assert "A. L." in html and "W. U." in html
    assert html.count("陳·") == 2, "a Chinese name shows its family name, never its length"
    assert 'name="q"' not in html, "no search by name once closed"
    assert response.context["counts"].total == 4
    hong_kong = client.get("/en/petition/signatures/?country=HK&q=Workers").content.decode()
    assert "W. U." in hong_kong and "Workers Union" not in hong_kong


def test_hide_after_close_lists_nobody_and_says_why(client, closed_wall, settings):
    settings.WALL_AFTER_CLOSE = "hide"
    response = client.get("/en/petition/signatures/")
    html = response.content.decode()
    for hidden in ("Ada", "A. L.", "陳", "Workers"):
        assert hidden not in html, hidden
    assert "no longer shown" in html
    assert response.context["counts"].total == 4, "the counts are unchanged"
    assert client.get("/api/petition.json").json()["signatures"] == 4
    assert "Ada" not in client.get("/en/petition/signatures/?country=GB").content.decode()


def test_keep_after_close_shows_the_wall_as_it_was(client, closed_wall, settings):
    settings.WALL_AFTER_CLOSE = "keep"
    html = client.get("/en/petition/signatures/").content.decode()
    assert "Ada Lovelace" in html and "陳大文" in html


@pytest.mark.django_db
def test_an_open_petitions_wall_is_unchanged(client, settings):
    settings.WALL_AFTER_CLOSE = "hide"
    petition = PetitionFactory(is_current=True, closes_at=timezone.now() + timedelta(days=1))
    ConfirmedSignatureFactory(petition=petition, name="Ada Lovelace")
    assert "Ada Lovelace" in client.get("/en/petition/signatures/").content.decode()
