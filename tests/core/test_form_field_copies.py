"""Each form gets its own copy of its class's fields, as Django's deepcopy gives it.

The site's forms copy their fields without copy.deepcopy's generic walk (core.forms
CopiedFields): what one form changes on its fields (a label, the country choices of its
language, the classes a template adds to a widget) must never show on another form.
"""

import copy

import pytest
from django import forms
from django.utils import translation

from core.forms import CopiedFields, SiteMessagesForm
from petition.forms import SignatureForm


class Pair(SiteMessagesForm):
    when = forms.SplitDateTimeField(required=False)  # a field with a copy of its own
    colour = forms.ChoiceField(choices=[("r", "Red"), ("Blues", [("n", "Navy"), ("s", "Sky")])])
    note = forms.CharField(widget=forms.TextInput(attrs={"class": "form-control"}))


def test_the_copy_holds_what_a_deepcopy_holds():
    Pair()
    assert isinstance(Pair.base_fields, CopiedFields)
    ours = copy.deepcopy(Pair.base_fields)
    django = copy.deepcopy(dict(Pair.base_fields))
    assert type(ours) is dict and list(ours) == list(django)
    for name, field in ours.items():
        theirs = django[name]
        assert type(field) is type(theirs) and type(field.widget) is type(theirs.widget)
        assert vars(field).keys() == vars(theirs).keys()
        assert field.widget.attrs == theirs.widget.attrs
        assert field.error_messages == theirs.error_messages
        assert field.validators == theirs.validators
    assert ours["colour"].choices == django["colour"].choices


def test_what_one_form_changes_on_its_fields_stays_on_it():
    one, two = Pair(), Pair()
    base = Pair.base_fields
    validators = list(base["note"].validators)
    one.fields["note"].widget.attrs["class"] += " is-invalid"
    one.fields["note"].error_messages["required"] = "Say something"
    one.fields["note"].validators.append(lambda value: None)
    one.fields["note"].label = "Changed"
    one.fields["colour"].choices = [("g", "Green")]
    for other in (two.fields, base):
        assert other["note"].widget.attrs == {"class": "form-control"}
        assert other["note"].error_messages["required"] != "Say something"
        assert other["note"].validators == validators
        assert other["note"].label is None
        assert [value for value, _label in other["colour"].choices] == ["r", "Blues"]
        assert other["colour"].widget.choices == base["colour"].widget.choices
    # Grouped choices are the form's own too, as a deepcopy makes them.
    assert two.fields["colour"]._choices[1][1] is not base["colour"]._choices[1][1]


def test_a_field_with_a_copy_of_its_own_is_copied_by_it():
    one, two = Pair(), Pair()
    assert one.fields["when"].fields[0] is not two.fields["when"].fields[0]
    assert one.fields["when"].widget.widgets[0] is not two.fields["when"].widget.widgets[0]


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_the_signing_forms_country_choices_are_each_forms_own(language):
    with translation.override(language):
        one = SignatureForm()
    with translation.override("en"):
        two = SignatureForm()
    assert one.fields["country"] is not two.fields["country"]
    assert one.fields["country"].widget is not two.fields["country"].widget
    one.fields["display"].widget.attrs["data-x"] = "1"
    assert "data-x" not in two.fields["display"].widget.attrs
    assert "data-x" not in SignatureForm.base_fields["display"].widget.attrs
