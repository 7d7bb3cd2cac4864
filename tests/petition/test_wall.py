"""The public wall: who may appear, in which order, filters, and pages that stay fast."""

from datetime import timedelta

import pytest
from django.utils import timezone

from petition.models import Signature
from petition.selectors import Cursor
from tests.factories import (
    ConfirmedSignatureFactory,
    FeaturedSignatoryFactory,
    PendingSignatureFactory,
)

pytestmark = pytest.mark.django_db

WALL = "/en/petition/signatures/"


def confirmed(petition, minutes_ago, **fields):
    return ConfirmedSignatureFactory(
        petition=petition, confirmed_at=timezone.now() - timedelta(minutes=minutes_ago), **fields
    )


def test_featured_then_organisations_then_people_newest_first(client, petition):
    FeaturedSignatoryFactory(petition=petition, name_en="Noam Chomsky")
    confirmed(petition, 30, name="Old Person")
    confirmed(petition, 5, name="New Person")
    confirmed(petition, 60, name="Old Union", kind=Signature.Kind.ORGANISATION)
    confirmed(petition, 1, name="New Union", kind=Signature.Kind.ORGANISATION)
    html = client.get(WALL).content.decode()
    order = [
        html.index(name) for name in ("Noam Chomsky", "New Union", "Old Union", "New Person", "Old Person")
    ]
    assert order == sorted(order)


def test_only_confirmed_listed_and_visible_signatures_appear(client, petition):
    confirmed(petition, 1, name="Listed Person")
    confirmed(petition, 1, name="Hidden Person", hidden=True)
    confirmed(petition, 1, name="Unlisted Person", display=Signature.Display.UNLISTED)
    PendingSignatureFactory(petition=petition, name="Pending Person")
    html = client.get(WALL).content.decode()
    assert "Listed Person" in html
    for name in ("Hidden Person", "Unlisted Person", "Pending Person"):
        assert name not in html


def test_initials_only_shows_initials(client, petition):
    confirmed(
        petition, 1, name="Chan Tai Man", display=Signature.Display.INITIALS, title="Nurse", city="Sha Tin"
    )
    confirmed(petition, 1, name="陳大文", display=Signature.Display.INITIALS)
    html = client.get(WALL).content.decode()
    assert "C. T. M." in html and "Chan Tai Man" not in html
    assert "陳·" in html and "陳大文" not in html
    assert "Sha Tin" not in html and "Nurse" not in html, "no details that would identify them"


def test_a_row_shows_country_title_and_a_localised_date(client, petition):
    confirmed(petition, 1, name="Ana Silva", country="BR", title="Teacher")
    html = client.get(WALL).content.decode()
    assert "Brazil" in html and "Teacher" in html
    zh = client.get("/zh-hant/petition/signatures/").content.decode()
    assert "巴西" in zh
    assert "年" in zh, "a Chinese date"


def test_a_comment_shows_only_once_approved(client, petition):
    confirmed(petition, 1, comment="Waiting for review")
    confirmed(petition, 1, comment="Solidarity from Dublin", comment_approved=True)
    html = client.get(WALL).content.decode()
    assert "Solidarity from Dublin" in html
    assert "Waiting for review" not in html


def test_filter_by_country(client, petition):
    confirmed(petition, 1, name="Hong Konger", country="HK")
    confirmed(petition, 1, name="Londoner", country="GB")
    html = client.get(WALL + "?country=gb").content.decode()
    assert "Londoner" in html and "Hong Konger" not in html


def test_search_by_name_finds_full_names_only(client, petition):
    confirmed(petition, 1, name="Mary Chan")
    confirmed(petition, 1, name="Peter Chan", display=Signature.Display.INITIALS)
    confirmed(petition, 1, name="Chan Workers Union", kind=Signature.Kind.ORGANISATION)
    confirmed(petition, 1, name="John Smith")
    html = client.get(WALL + "?q=chan").content.decode()
    assert "Mary Chan" in html and "Chan Workers Union" in html
    assert "John Smith" not in html
    assert "P. C." not in html, "a search must not tell who is behind initials"


def test_counts_by_country_include_unlisted_signers(client, petition):
    confirmed(petition, 1, country="HK")
    confirmed(petition, 1, country="HK", display=Signature.Display.UNLISTED)
    confirmed(petition, 1, country="GB")
    response = client.get(WALL)
    assert ("HK", "Hong Kong", 2) in response.context["by_country"]
    assert ("GB", "United Kingdom", 1) in response.context["by_country"]


def test_keyset_pages_cover_everyone_once_in_order(client, petition, monkeypatch):
    monkeypatch.setattr("petition.selectors.WALL_PAGE_SIZE", 4)
    same_moment = timezone.now() - timedelta(minutes=3)
    people = [confirmed(petition, i, name=f"Person {i:02d}") for i in range(9)]
    people += [
        ConfirmedSignatureFactory(petition=petition, name=f"Tied {i}", confirmed_at=same_moment)
        for i in range(3)
    ]
    unions = [confirmed(petition, i, name=f"Union {i}", kind=Signature.Kind.ORGANISATION) for i in range(3)]
    seen = []
    url = WALL
    pages = 0
    while url:
        response = client.get(url)
        pages += 1
        rows = response.context["organisations"] + response.context["people"]
        assert len(rows) <= 4
        seen += [s.pk for s in rows]
        cursor = response.context["next_cursor"]
        url = f"{WALL}?after={cursor}" if cursor else None
    assert pages == 4
    assert len(seen) == len(set(seen)) == len(people) + len(unions)
    expected = sorted(unions, key=lambda s: (s.confirmed_at, s.pk), reverse=True) + sorted(
        people, key=lambda s: (s.confirmed_at, s.pk), reverse=True
    )
    assert seen == [s.pk for s in expected]


def test_a_cursor_round_trips():
    moment = timezone.now().replace(microsecond=123456)
    cursor = Cursor(kind="individual", confirmed_at=moment, id=42)
    assert Cursor.parse(str(cursor)) == cursor


@pytest.mark.parametrize(
    "query",
    [
        "?page=-1",
        "?page=abc",
        "?after=garbage",
        "?after=i99999999999999999999-1",
        "?after=o-1--1",
        "?after=i1-",
        "?country=<script>alert(1)</script>",
        "?country=ZZ",
        "?q=" + "x" * 5000,
        "?q=%00%01",
        "?q=%25",
        "?q=<script>alert(1)</script>",
    ],
)
def test_bad_parameters_never_fail(client, petition, query):
    confirmed(petition, 1)
    response = client.get(WALL + query)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_hostile_name_is_escaped(client, petition):
    confirmed(petition, 1, name="<script>alert(1)</script>", title="<img src=x onerror=alert(1)>")
    html = client.get(WALL).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def test_other_petitions_have_their_own_wall(client, petition):
    from tests.factories import PetitionFactory

    other = PetitionFactory(slug="students")
    confirmed(other, 1, name="Student Signer")
    confirmed(petition, 1, name="Main Signer")
    html = client.get("/en/petition/students/signatures/").content.decode()
    assert "Student Signer" in html and "Main Signer" not in html


def _warm(client):
    client.get(WALL)


def test_the_first_page_has_a_query_budget(client, petition, django_assert_max_num_queries):
    FeaturedSignatoryFactory.create_batch(3, petition=petition)
    for i in range(60):
        confirmed(petition, i, kind=Signature.Kind.ORGANISATION if i % 10 == 0 else Signature.Kind.INDIVIDUAL)
    _warm(client)
    # petition, counts, site settings, organisations, people, featured
    # And on the first page: the partners, their counts, the names from paper sheets.
    with django_assert_max_num_queries(9):
        assert client.get(WALL).status_code == 200


def test_a_later_page_has_a_query_budget(client, petition, django_assert_max_num_queries):
    for i in range(120):
        confirmed(petition, i)
    _warm(client)
    cursor = client.get(WALL).context["next_cursor"]
    with django_assert_max_num_queries(5):
        response = client.get(f"{WALL}?after={cursor}")
    assert len(response.context["people"]) == 50


def test_a_country_filter_has_a_query_budget(client, petition, django_assert_max_num_queries):
    for i in range(30):
        confirmed(petition, i, country="HK" if i % 2 else "GB")
    _warm(client)
    with django_assert_max_num_queries(5):
        response = client.get(f"{WALL}?country=HK")
    assert len(response.context["people"]) == 15


def test_a_search_too_short_to_be_useful_shows_everyone_with_a_hint(client, petition):
    ConfirmedSignatureFactory(petition=petition, name="Ada Lovelace")
    response = client.get("/en/petition/signatures/?q=ad")
    assert response.status_code == 200
    assert response.context["query_too_short"] is True
    assert response.context["query"] == ""
    assert "Ada Lovelace" in response.content.decode()


def test_two_chinese_characters_are_enough_to_search(client, petition):
    ConfirmedSignatureFactory(petition=petition, name="陳大文")
    ConfirmedSignatureFactory(petition=petition, name="李小明")
    html = client.get("/zh-hant/petition/signatures/?q=大文").content.decode()
    assert "陳大文" in html
    assert "李小明" not in html
