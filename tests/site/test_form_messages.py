"""Form errors are written in the site's own words in every language, never Django's
("Ensure this value has at most 200 characters", 确保该变量…)."""

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext

from campaign.forms import ContactForm
from core.forms import SiteMessagesForm
from petition.forms import ManageSignatureForm, SignatureForm

DJANGOS_WORDS = ("variable", "變數", "变量", "Ensure this value", "Select a valid choice", "Enter a valid")


def errors_of(form):
    return [str(message) for messages in form.errors.values() for message in messages]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_signing_form_errors_are_in_the_sites_words(language):
    data = {"name": "陳" * 5000, "email": "not-an-address", "kind": "robot", "country": ""}
    with translation.override(language):
        form = SignatureForm(data=data)
        form.is_valid()
        errors = form.errors
        assert gettext("Please choose one of the options offered.") in errors["kind"]
        assert gettext("Please enter an email address, such as name@example.org.") in errors["email"]
        assert any("5000" in message for message in errors["name"])
        assert not [m for m in errors_of(form) for word in DJANGOS_WORDS if word in m]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_a_missing_value_is_asked_for_in_the_sites_words(language):
    with translation.override(language):
        form = ManageSignatureForm(data={})
        form.is_valid()
        assert form.errors["name"] == [gettext("Please fill in this field.")]
        assert form.errors["display"] == [gettext("Please fill in this field.")]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hant", "zh-hans"])
def test_the_contact_forms_errors_are_in_chinese(language):
    with translation.override(language):
        form = ContactForm(data={"email": "x" * 300})
        form.is_valid()
        messages = errors_of(form)
    assert messages
    assert not [m for m in messages if any(word in m for word in DJANGOS_WORDS)]
    assert not [m for m in messages if m.isascii()], messages


def test_a_message_a_form_wrote_for_its_field_stays():
    class Form(SiteMessagesForm):
        answer = forms.CharField(error_messages={"required": "Tell us"})

    form = Form(data={})
    assert form.errors["answer"] == ["Tell us"]


@pytest.mark.parametrize("language", ["zh-hant", "zh-hans"])
def test_an_unticked_box_and_an_empty_file_are_explained_in_the_sites_words(language):
    class Form(SiteMessagesForm):
        agree = forms.BooleanField()
        upload = forms.FileField(required=False)

    empty = SimpleUploadedFile("empty.png", b"")
    with translation.override(language):
        form = Form(data={}, files={"upload": empty})
        form.is_valid()
        assert form.errors["agree"] == [gettext("Please tick this box to go on.")]
        assert form.errors["upload"] == [gettext("This file is empty. Please choose another one.")]
