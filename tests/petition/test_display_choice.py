"""How the wall shows a signer is their explicit choice: no silent default."""

import re

import pytest

from petition.models import Signature
from tests.petition.conftest import form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_a_form_without_a_display_choice_is_refused_with_the_form_kept(sign, language):
    response = sign(language=language, display=None, name="陳大文")

    assert response.status_code == 200
    assert not Signature.objects.exists()
    form = response.context["form"]
    assert form.errors["display"][0] != "This field is required."
    html = response.content.decode()
    assert 'href="#id_display_0"' in html, "the error summary leads to the first choice"
    assert "陳大文" in html


@pytest.mark.parametrize("choice", ["full", "initials", "unlisted"])
def test_each_choice_is_kept_as_made(sign, choice):
    assert sign(display=choice).status_code == 302
    assert Signature.objects.get().display == choice


def test_no_choice_is_made_for_the_signer_and_the_privacy_page_is_beside_it(client, petition):
    html = client.get("/zh-hant/petition/").content.decode()
    radios = re.findall(r'<input type="radio"[^>]*name="display"[^>]*>', html)
    assert len(radios) == 3
    assert not any("checked" in radio for radio in radios)
    display = html[html.index('id="div_id_display"') :]
    display = display[: display.index("</fieldset>")]
    assert 'href="/zh-hant/privacy/"' in display


def test_the_form_field_keeps_its_name(client, petition):
    assert form_data()["display"] == "full"
    assert 'name="display"' in client.get("/en/petition/").content.decode()
