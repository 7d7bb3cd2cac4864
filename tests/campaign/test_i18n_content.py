"""Translated content: the reader's language first, the other Chinese script converted, then English."""

import pytest
from django.utils import translation

from core.i18n import LocalizedText, fill_other_script
from tests.factories import DemandFactory


@pytest.mark.django_db
def test_each_language_reads_its_own_translation():
    demand = DemandFactory(text_en="Free them", text_zh_hant="釋放他們", text_zh_hans="释放他们")
    for lang, text in [("en", "Free them"), ("zh-hant", "釋放他們"), ("zh-hans", "释放他们")]:
        with translation.override(lang):
            assert demand.text == text
            assert demand.text.lang == lang
            assert not demand.text.converted


@pytest.mark.django_db
def test_simplified_readers_get_traditional_text_converted_not_raw():
    demand = DemandFactory(
        text_en="Release all political prisoners", text_zh_hant="釋放所有政治犯", text_zh_hans=""
    )
    with translation.override("zh-hans"):
        assert demand.text == "释放所有政治犯"
        assert demand.text.converted and demand.text.lang == "zh-hans"


@pytest.mark.django_db
def test_traditional_readers_get_simplified_text_converted_with_hong_kong_forms():
    demand = DemandFactory(text_en="", text_zh_hant="", text_zh_hans="港铁沦为政治工具")
    with translation.override("zh-hant"):
        assert demand.text == "港鐵淪為政治工具"
        assert demand.text.converted


@pytest.mark.django_db
def test_chinese_readers_fall_back_to_english_marked_as_english():
    demand = DemandFactory(text_en="Solidarity", text_zh_hant="", text_zh_hans="")
    with translation.override("zh-hant"):
        assert demand.text == "Solidarity"
        assert demand.text.lang == "en"


@pytest.mark.django_db
def test_english_readers_fall_back_to_traditional_chinese():
    demand = DemandFactory(text_en="", text_zh_hant="團結", text_zh_hans="团结")
    with translation.override("en"):
        assert demand.text == "團結"
        assert demand.text.lang == "zh-hant"


@pytest.mark.django_db
def test_fill_other_script_fills_only_the_empty_one():
    demand = DemandFactory(text_zh_hant="停止政治打壓", text_zh_hans="")
    assert fill_other_script(demand, ["text"]) == ["text_zh_hans"]
    assert demand.text_zh_hans == "停止政治打压"
    assert fill_other_script(demand, ["text"]) == []


def test_localized_text_survives_pickling_for_the_cache():
    import pickle

    value = pickle.loads(pickle.dumps(LocalizedText("团结", lang="zh-hans", converted=True)))
    assert (value, value.lang, value.converted) == ("团结", "zh-hans", True)
