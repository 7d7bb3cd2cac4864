"""A name shown as initials tells no more than its initials: a Chinese name shows its
family name's character and a fixed mark, never how long it is."""

import pytest

from petition.models import initials


@pytest.mark.parametrize(
    "name", ["陳大文", "陳文", "陳大大文", "Chan Tai Man 陳大文", " 陳大文 ", "「陳大文」", "😀陳大文"]
)
def test_a_chinese_name_shows_its_family_name_and_a_fixed_mark(name):
    assert initials(name) == "陳·"


def test_chinese_names_of_any_length_look_alike():
    assert len({initials(name) for name in ("陳文", "陳大文", "陳大小文", "陳" + "文" * 30)}) == 1


@pytest.mark.parametrize(("name", "shown"), [("Chan Tai Man", "C. T. M."), ("Ada Lovelace", "A. L.")])
def test_a_latin_name_shows_its_initials(name, shown):
    assert initials(name) == shown


def test_an_empty_name_shows_nothing():
    assert initials("  ") == ""
