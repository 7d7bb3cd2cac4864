"""Countries are named as a Hong Kong reader names them on zh-hant and as a mainland
reader does on zh-hans, wherever a country is named: django-countries' own Chinese
names are Taiwan's."""

import pytest
from django.urls import reverse
from django.utils import translation
from django_countries import Countries, countries

from core.countries import COUNTRY_NAMES
from petition.exports.columns import resolve_columns, row_builder, sources_of
from petition.exports.rows import Filters
from petition.exports.run import export_signatures
from tests.factories import ConfirmedSignatureFactory
from tests.site.regions import HONG_KONG_AND_TAIWAN_NAMES

MAINLAND = {
    "KE": "肯尼亚",
    "MU": "毛里求斯",
    "TT": "特立尼达和多巴哥",
    "PG": "巴布亚新几内亚",
    "IT": "意大利",
}


def test_the_list_holds_at_least_forty_countries_named_differently_in_hong_kong_and_taiwan():
    assert len({code for code, _hk, _tw in HONG_KONG_AND_TAIWAN_NAMES}) >= 40
    assert all(hk != tw for _code, hk, tw in HONG_KONG_AND_TAIWAN_NAMES)


def test_every_country_has_a_name_of_ours():
    with translation.override("en"):
        codes = {code for code, _name in countries if code}
    assert codes == set(COUNTRY_NAMES)


@pytest.mark.parametrize(("code", "hong_kong", "taiwan"), HONG_KONG_AND_TAIWAN_NAMES)
def test_zh_hant_names_the_country_in_hong_kong_usage(code, hong_kong, taiwan):
    with translation.override("zh-hant"):
        assert countries.name(code) == hong_kong
        assert taiwan not in dict(countries).values()


@pytest.mark.parametrize(("code", "mainland"), MAINLAND.items())
def test_zh_hans_names_the_country_in_mainland_usage(code, mainland):
    with translation.override("zh-hans"):
        assert countries.name(code) == mainland


@pytest.mark.parametrize("language", ["zh-hant", "zh-hans"])
def test_every_chinese_name_is_translated(language):
    with translation.override("en"):
        english = {code: str(name) for code, name in countries}
    with translation.override(language):
        chinese = {code: str(name) for code, name in countries}
    assert not [code for code in english if code and chinese[code] == english[code]]


def test_english_names_are_django_countries_own():
    """The JSON API and the English pages name every country as before."""

    class Theirs(Countries):
        override = {}  # noqa: RUF012 -- read by django-countries as an option

    theirs = Theirs()
    with translation.override("en"):
        assert {code: str(name) for code, name in countries if code} == {
            code: str(name) for code, name in theirs if code
        }


@pytest.mark.django_db
def test_the_sign_form_offers_hong_kong_names_on_zh_hant(client, petition):
    with translation.override("zh-hant"):
        page = client.get(reverse("petition:sign")).content.decode()
    assert "肯雅" in page and "毛里裘斯" in page and "巴布亞新畿內亞" in page
    assert "肯亞" not in page and "模里西斯" not in page


@pytest.mark.django_db
def test_the_wall_filter_and_counts_use_mainland_names_on_zh_hans(client, petition):
    for country in ("MU", "BW"):
        ConfirmedSignatureFactory(petition=petition, country=country)
    with translation.override("zh-hans"):
        page = client.get(reverse("petition:wall")).content.decode()
    assert page.count("毛里求斯") >= 2 and page.count("博茨瓦纳") >= 2
    assert "博兹瓦纳" not in page


@pytest.mark.parametrize(("language", "name"), [("zh-hant", "肯雅"), ("zh-hans", "肯尼亚")])
def test_the_exports_country_column_in_chinese_uses_the_regions_name(language, name):
    columns = resolve_columns(["country", "country_name"])
    with translation.override(language):
        build = row_builder(columns, sources_of(columns))
    assert build(("KE",)) == ["KE", name]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "names"), [("zh-hant", ["肯雅", "毛里裘斯"]), ("zh-hans", ["肯尼亚", "毛里求斯"])]
)
def test_an_export_in_chinese_names_the_countries_as_the_region_does(petition, language, names):
    """On PostgreSQL the database writes the file (COPY), elsewhere Python does: both."""
    for country in ("KE", "MU"):
        ConfirmedSignatureFactory(petition=petition, country=country)
    with translation.override(language):
        export = export_signatures(filters=Filters(petition=petition), columns=["country", "country_name"])
        data = b"".join(export.chunks()).decode("utf-8-sig")
    assert all(name in data for name in names), data
    assert "肯亞" not in data and "模里西斯" not in data
