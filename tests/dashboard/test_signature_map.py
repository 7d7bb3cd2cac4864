"""The public map partial: translated names in the map's tooltips and in the table, cached."""

import pytest
from django.template import Context, Template
from django.utils import translation
from django_countries import countries

from tests.factories import ConfirmedSignatureFactory, PendingSignatureFactory

pytestmark = pytest.mark.django_db

TEMPLATE = Template("{% load dashboard_tags %}{% signature_map petition %}")


def render(petition, language):
    with translation.override(language):
        return TEMPLATE.render(Context({"petition": petition}))


def test_the_map_names_countries_in_each_language(petition, language):
    ConfirmedSignatureFactory.create_batch(3, petition=petition, country="GB")
    ConfirmedSignatureFactory(petition=petition, country="DE")

    html = render(petition, language)

    with translation.override(language):
        britain, germany = countries.name("GB"), countries.name("DE")
        tooltip = translation.gettext("%(country)s: %(count)s") % {"country": britain, "count": 3}
    assert f"<title>{tooltip}</title>" in html  # the map's tooltip, punctuated for the language
    assert f">{germany}</th>" in html  # the accessible table
    assert "<svg" in html and "style=" not in html
    if language != "en":
        assert britain != "United Kingdom"


def test_only_confirmed_signatures_are_on_the_map(petition):
    ConfirmedSignatureFactory(petition=petition, country="GB")
    PendingSignatureFactory(petition=petition, country="FR")

    html = render(petition, "en")

    assert "France" not in html.split("<table")[1]
    assert "France</title>" in html  # a country without signatures is still drawn, uncoloured


def test_the_map_is_cached_per_petition_and_language(petition, django_assert_num_queries):
    ConfirmedSignatureFactory(petition=petition, country="GB")
    render(petition, "en")

    with django_assert_num_queries(0):
        render(petition, "en")
    assert "英" in render(petition, "zh-hant")


def test_no_signature_no_map(petition):
    assert "<svg" not in render(petition, "en")
