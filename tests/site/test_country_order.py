"""Country lists in Chinese are in pinyin order, which a Chinese reader can scan (django-
countries would order Chinese names by their Latin letters, that is in no order), after
the countries the site pins first; English lists keep the alphabetical order."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from core.countries import name_sort_key
from tests.factories import ConfirmedSignatureFactory

PINNED = {
    "zh-hant": ["香港", "台灣", "中國", "澳門", "英國"],
    "zh-hans": ["香港", "台湾", "中国", "澳门", "英国"],
}
# In pinyin order: a'erbaniya, aiji, bolan, faguo, (niuxilan,) riben, (xinxilan,) zhili.
IN_ORDER = {
    "zh-hant": ["阿爾巴尼亞", "埃及", "波蘭", "法國", "紐西蘭", "日本", "智利"],
    "zh-hans": ["阿尔巴尼亚", "埃及", "波兰", "法国", "日本", "新西兰", "智利"],
}


def options(html, select_name):
    select = re.search(rf'<select name="{select_name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [
        label
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
        if value
    ]


def in_order(found, names):
    return [name for name in found if name in names] == names


@pytest.mark.parametrize("language", ["zh-hant", "zh-hans"])
def test_chinese_names_sort_by_pinyin_whatever_the_script(language):
    names = IN_ORDER[language]
    shuffled = [*names[3:], *reversed(names[:3])]
    assert sorted(shuffled, key=lambda name: name_sort_key(name, language)) == names


def test_english_names_keep_the_alphabetical_order():
    names = ["Åland Islands", "Albania", "Egypt", "Japan", "Poland"]
    shuffled = [names[3], names[1], names[4], names[0], names[2]]
    assert sorted(shuffled, key=lambda name: name_sort_key(name, "en")) == names


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hant", "zh-hans"])
def test_the_sign_form_pins_the_likely_countries_then_lists_the_rest_by_pinyin(client, petition, language):
    with translation.override(language):
        found = options(client.get(reverse("petition:sign")).content.decode(), "country")
    assert found[:5] == PINNED[language]
    assert in_order(found, IN_ORDER[language])
    rest = found[8:]
    assert rest == sorted(rest, key=lambda name: name_sort_key(name, language))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hant", "zh-hans"])
def test_the_contact_form_lists_countries_by_pinyin(client, language):
    with translation.override(language):
        found = options(client.get(reverse("campaign:contact")).content.decode(), "country")
    assert found[:5] == PINNED[language]
    assert in_order(found, IN_ORDER[language])


@pytest.mark.django_db
def test_the_wall_filter_lists_countries_by_pinyin(client, petition):
    for country in ("CL", "PL", "EG", "JP", "FR", "AL", "NZ"):
        ConfirmedSignatureFactory(petition=petition, country=country)
    with translation.override("zh-hans"):
        html = client.get(reverse("petition:wall")).content.decode()
    select = re.search(
        r'<select class="form-select" id="wall-country" name="country">(.*?)</select>', html, re.S
    )
    found = [
        label
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))
        if value
    ]
    assert found == IN_ORDER["zh-hans"]
