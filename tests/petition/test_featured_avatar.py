"""A featured signatory without a photo shows a round avatar of their initials:
letters only, never the punctuation a name is written with."""

import pytest

from petition.models.featured import FeaturedSignatory, avatar_initials
from tests.factories import FeaturedSignatoryFactory


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ('"Long Hair" Leung Kwok-hung', "LK"),
        ("“Long Hair”", "LH"),
        ("Amnesty", "A"),
        ("(Hong Kong) Democracy Council", "HC"),
        ("Joshua Wong", "JW"),
        ("「長毛」梁國雄", "長"),
        ("劉曉波", "劉"),
        ("- 123 ...", ""),
        ("", ""),
    ],
)
def test_initials_are_letters_only(name, expected):
    assert avatar_initials(name) == expected


def test_the_avatar_falls_back_to_the_chinese_name():
    person = FeaturedSignatory(name="“…”", chinese_name="「何」桂藍")
    assert person.avatar_initials == "何"


@pytest.mark.django_db
def test_the_home_page_avatar_shows_no_quote_mark(client):
    FeaturedSignatoryFactory(name_en='"Long Hair" Leung Kwok-hung', petition=None)
    html = client.get("/en/").content.decode()
    assert 'aria-hidden="true" lang="en">LK</span>' in html
    assert 'aria-hidden="true">"</span>' not in html
    assert 'aria-hidden="true">&quot;</span>' not in html
