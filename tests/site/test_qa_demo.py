"""The demo Q&A answers all twelve of the campaign's questions, in all three languages."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from campaign.models import Question
from core.i18n import convert
from tests.site.test_translations import foreign_characters

pytestmark = pytest.mark.usefixtures("demo_content")

LANGUAGES = ("en", "zh-hant", "zh-hans")


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_qa_page_lists_twelve_questions_in_each_language(client, lang):
    with translation.override(lang):
        html = client.get(reverse("campaign:qa")).content.decode()
    assert len(re.findall(r'<details class="qa-item" id="[a-z0-9-]+">', html)) == 12


@pytest.mark.django_db
def test_the_campaigns_questions_on_british_rule_and_the_60_percent_are_answered():
    slugs = set(Question.objects.values_list("slug", flat=True))
    assert {"was-it-better-under-british-rule", "how-does-the-government-control-legco"} <= slugs


@pytest.mark.django_db
def test_every_demo_question_is_written_in_each_language_and_its_own_script():
    for question in Question.objects.all():
        for lang, field in (("en", "en"), ("zh-hant", "zh_hant"), ("zh-hans", "zh_hans")):
            text = getattr(question, f"question_{field}") + getattr(question, f"answer_{field}")
            assert getattr(question, f"question_{field}") and getattr(question, f"answer_{field}"), (
                question.slug,
                lang,
            )
            if lang != "en":
                assert not foreign_characters(text, lang), (question.slug, lang)


@pytest.mark.django_db
def test_the_simplified_answers_are_written_for_mainland_readers_not_only_converted():
    for question in Question.objects.all():
        converted = convert(question.answer_zh_hant, source="zh-hant", target="zh-hans")
        assert question.answer_zh_hans and question.answer_zh_hans != converted, question.slug
        assert "〇" not in question.answer_zh_hans, question.slug  # years in Arabic numerals
    with translation.override("zh-hans"):
        assert not Question.objects.get(slug="is-legco-democratic").answer.converted
