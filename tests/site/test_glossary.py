"""The glossary (locale/GLOSSARY.md) is the catalogues' and the fill-in's one list of
words that differ between Hong Kong and the mainland."""

from pathlib import Path

import opencc
import polib
import pytest

from articles.models import Article
from core.checks import glossary_is_readable
from core.i18n import convert, fill_other_script, glossary, localize, parse_glossary, regional_words
from tests.site.test_translations import foreign_characters

LOCALE = Path(__file__).resolve().parents[2] / "locale"
T2S = opencc.OpenCC("t2s.json")
S2T = opencc.OpenCC("s2t.json")


def test_the_glossary_holds_the_campaigns_words():
    english = {entry.english for entry in glossary()}
    for word in ("email", "video call", "contact us", "sign (a petition)", "petition", "trade union"):
        assert word in english
    assert "political prisoner" in english
    assert len(english) >= 30


def test_each_form_is_written_in_its_own_script():
    for entry in glossary():
        for form in (*entry.hant, *entry.not_hant):
            assert not foreign_characters(form, "zh-hant"), (entry.english, form)
        for form in (*entry.hans, *entry.not_hans):
            assert not foreign_characters(form, "zh-hans"), (entry.english, form)


def test_no_form_to_write_is_also_a_form_to_avoid():
    for entry in glossary():
        assert not set(entry.hant) & set(entry.not_hant), entry.english
        assert not set(entry.hans) & set(entry.not_hans), entry.english


def test_a_row_of_another_shape_is_an_error_not_a_skipped_word():
    markdown = (
        "| English | zh-Hant-HK | zh-Hans-CN | not on zh-Hant | not on zh-Hans | fill-in |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        "| email | 電郵 | 电子邮件 | — | 电邮 |\n"
    )
    with pytest.raises(ValueError, match="line 3"):
        parse_glossary(markdown)


@pytest.mark.parametrize(
    ("language", "column"), [("zh_Hant", "not_hant"), ("zh_Hans", "not_hans")], ids=["zh_Hant", "zh_Hans"]
)
def test_the_catalogues_use_their_regions_words(language, column):
    forms = {form for entry in glossary() for form in getattr(entry, column)}
    wrong = []
    for entry in polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po")).translated_entries():
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            found = sorted(form for form in forms if form in text)
            if found:
                wrong.append((entry.msgid[:40], found))
    assert not wrong, f"{len(wrong)} entries with the other region's words: {wrong[:5]}"


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("你可以做甚麼？", "你可以做什么？"),
        ("透過視像通話聯絡我們", "通过视频通话联系我们"),
        ("請寄電郵到我們的電郵地址", "请寄电子邮件到我们的电子邮件地址"),
        ("上載檔案", "上传文件"),
        ("私隱政策", "隐私政策"),
    ],
)
def test_hong_kong_text_converted_for_the_mainland_gets_mainland_words(traditional, simplified):
    assert convert(traditional, source="zh-hant", target="zh-hans") == simplified


@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [
        ("你可以做什么？", "你可以做甚麼？"),
        ("通过视频通话联系我们", "通過視像通話聯絡我們"),
        ("请发电子邮件到我们的邮箱", "請發電郵到我們的電郵地址"),
        ("上传视频", "上載影片"),
        ("隐私政策", "私隱政策"),
    ],
)
def test_mainland_text_converted_for_hong_kong_gets_hong_kong_words(simplified, traditional):
    assert convert(simplified, source="zh-hans", target="zh-hant") == traditional


def test_every_glossary_word_converted_comes_out_in_the_readers_form():
    for entry in glossary():
        if entry.fill_in in ("⇄", "→"):
            for form in entry.hant:
                assert convert(form, source="zh-hant", target="zh-hans") == entry.hans[0], entry.english
        if entry.fill_in in ("⇄", "←"):
            for form in entry.hans:
                assert convert(form, source="zh-hans", target="zh-hant") == entry.hant[0], entry.english


def test_text_already_in_the_right_words_is_left_alone():
    assert regional_words("请通过电子邮件联系我们", "zh-hans") == "请通过电子邮件联系我们"
    assert regional_words("請透過電郵聯絡我們", "zh-hant") == "請透過電郵聯絡我們"


def test_converted_content_gets_mainland_words_and_stays_marked_as_converted():
    value = localize("透過視像通話聯絡我們", have="zh-hant", want="zh-hans")
    assert value == "通过视频通话联系我们"
    assert value.converted and value.lang == "zh-hans"


def test_the_admins_fill_in_uses_the_glossary_too():
    article = Article(title_zh_hant="請寄電郵給我們")
    assert fill_other_script(article, ["title"]) == ["title_zh_hans"]
    assert article.title_zh_hans == "请寄电子邮件给我们"


def test_a_broken_glossary_stops_the_checks(tmp_path, settings):
    (tmp_path / "GLOSSARY.md").write_text(
        "| English | zh-Hant-HK | zh-Hans-CN | not on zh-Hant | not on zh-Hans | fill-in |\n"
        "| --- | --- | --- | --- | --- | --- |\n| email | 電郵 |\n",
        encoding="utf-8",
    )
    settings.LOCALE_PATHS = [tmp_path]
    assert [error.id for error in glossary_is_readable(None)] == ["core.E001"]


def test_the_glossary_passes_the_checks():
    assert glossary_is_readable(None) == []


def test_quotation_marks_follow_the_readers_region():
    assert convert("「47人案」『長毛』", source="zh-hant", target="zh-hans") == "“47人案”‘长毛’"
    assert convert("“47人案”", source="zh-hans", target="zh-hant") == "「47人案」"
    assert convert("Students’ Union", source="zh-hans", target="zh-hant") == "Students’ Union"


@pytest.mark.parametrize(
    ("language", "marks"), [("zh_Hant", "“”"), ("zh_Hans", "「」『』")], ids=["zh_Hant", "zh_Hans"]
)
def test_the_catalogues_use_their_regions_quotation_marks(language, marks):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    wrong = [e.msgid[:40] for e in po.translated_entries() if any(mark in e.msgstr for mark in marks)]
    assert not wrong, wrong[:5]
