"""Text in another language than the page is marked with its own `lang`, so that a
browser picks the right font and a screen reader the right voice."""

import pytest
from django.utils import translation

from core.i18n import LocalizedText
from core.templatetags.site_tags import lang_attr, mark_other_scripts, page_title, text_lang


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("zh-hant", "Kshama Sawant", ' lang="en"'),
        ("zh-hans", "Students' Union of a London college", ' lang="en"'),
        ("zh-hant", "陳大文", ""),
        ("zh-hans", "陳大文", ' lang="zh-Hant"'),
        ("en", "陳大文", ' lang="zh-Hant"'),
        ("en", "Kshama Sawant", ""),
        ("zh-hant", "12345", ""),
    ],
)
def test_free_text_is_marked_with_its_own_language(language, text, expected):
    with translation.override(language):
        assert text_lang(text) == expected


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("zh-hant", LocalizedText("Stop Repression in Hong Kong", lang="en"), ' lang="en"'),
        ("zh-hant", LocalizedText("Stop Repression in Hong Kong", lang="zh-hant"), ' lang="en"'),
        ("zh-hans", "Stop Repression in Hong Kong", ' lang="en"'),
        ("zh-hant", LocalizedText("停止鎮壓香港", lang="zh-hant"), ""),
        ("zh-hans", LocalizedText("停止鎮壓香港", lang="zh-hant"), ' lang="zh-Hant"'),
        ("en", LocalizedText("Stop Repression in Hong Kong", lang="en"), ""),
        ("zh-hant", None, ""),
    ],
)
def test_a_translated_value_in_latin_script_on_a_chinese_page_is_marked_english(language, value, expected):
    """A name the Organisers left in English in every language (the campaign's name on
    a new site) is read as English, not as Chinese."""
    with translation.override(language):
        assert lang_attr(value) == expected


def test_latin_runs_in_chinese_text_are_marked_english():
    with translation.override("zh-hant"):
        html = mark_other_scripts('梁國雄（"Long Hair" Leung Kwok-hung）')
    assert (
        html
        == '梁國雄（&quot;<span lang="en">Long Hair</span>&quot; <span lang="en">Leung Kwok-hung</span>）'
    )


def test_marking_escapes_what_it_does_not_mark():
    with translation.override("zh-hans"):
        html = str(mark_other_scripts("<script>alert(1)</script>组织"))
    assert "<script>" not in html
    assert "&lt;" in html


def test_english_pages_and_english_text_are_left_as_they_are():
    with translation.override("en"):
        assert str(mark_other_scripts("Socialist Action (Hong Kong)")) == "Socialist Action (Hong Kong)"
    with translation.override("zh-hant"):
        assert str(mark_other_scripts(LocalizedText("ISA reporters", lang="en"))) == "ISA reporters"


class _Site:
    campaign_name = "Stop Repression in Hong Kong"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Who has signed", "Who has signed · Stop Repression in Hong Kong"),
        ("Stop Repression in Hong Kong", "Stop Repression in Hong Kong"),
        (" stop repression in  Hong Kong ", "Stop Repression in Hong Kong"),
        ("", "Stop Repression in Hong Kong"),
    ],
)
def test_a_page_title_names_the_site_once(title, expected):
    assert page_title({"site": _Site()}, title) == expected
