"""The Q&A page: a table of contents, a stable anchor per question, foldable answers, the attribution."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from campaign.models import QAAttribution, Question
from tests.factories import QuestionFactory


def qa(client, lang="en"):
    with translation.override(lang):
        return client.get(reverse("campaign:qa"))


@pytest.mark.django_db
def test_every_question_has_an_anchor_linked_from_the_table_of_contents(client):
    questions = [QuestionFactory(question_en=f"Why {n}?") for n in range(3)]
    html = qa(client).content.decode()
    for question in questions:
        assert f'<details class="qa-item" id="{question.slug}">' in html
        assert f'href="#{question.slug}"' in html
    assert html.index("Why 0?") < html.index("Why 1?") < html.index("Why 2?")


@pytest.mark.django_db
def test_answers_fold_in_details_and_summary_without_javascript(client):
    QuestionFactory(question_en="Is Legco democratic?", answer_en="<p>Only half of it is elected.</p>")
    html = qa(client).content.decode()
    assert re.search(r"<details[^>]*>\s*<summary><h2[^>]*>Is Legco democratic\?</h2></summary>", html)
    assert "<p>Only half of it is elected.</p>" in html


@pytest.mark.django_db
def test_anchors_are_made_from_the_english_question_and_unique():
    first = QuestionFactory(question_en="Is Hong Kong a democracy?", slug="")
    second = QuestionFactory(question_en="Is Hong Kong a democracy?", slug="")
    assert first.slug == "is-hong-kong-a-democracy"
    assert second.slug != first.slug and second.slug.startswith("is-hong-kong-a-democracy")


@pytest.mark.django_db
def test_anchors_stay_the_same_when_the_question_is_reworded():
    question = QuestionFactory(question_en="Is Hong Kong a democracy?", slug="")
    question.question_en = "Is Hong Kong democratic at all?"
    question.save()
    question.refresh_from_db()
    assert question.slug == "is-hong-kong-a-democracy"


@pytest.mark.django_db
def test_a_question_written_only_in_chinese_still_gets_an_anchor():
    question = QuestionFactory(question_en="", question_zh_hant="甚麼是二十三條？", slug="")
    assert re.fullmatch(r"[a-z0-9-]+", question.slug)
    assert Question.objects.filter(slug=question.slug).count() == 1


@pytest.mark.django_db
def test_scripts_and_event_handlers_in_answers_are_removed_when_saved():
    question = QuestionFactory(
        answer_en='<p onclick="steal()">Text <a href="javascript:alert(1)">link</a></p>'
        "<script>alert(1)</script>"
        '<a href="https://example.org">ok</a>'
    )
    question.refresh_from_db()
    assert "script" not in question.answer_en
    assert "onclick" not in question.answer_en
    assert "javascript:" not in question.answer_en
    assert 'href="https://example.org"' in question.answer_en


@pytest.mark.django_db
def test_the_attribution_closes_the_page(client):
    QuestionFactory(question_en="A question?")
    attribution = QAAttribution.get_solo()
    attribution.text_en = "<p>Reproduced with the kind permission of our friends.</p>"
    attribution.save()
    html = qa(client).content.decode()
    assert html.index("A question?") < html.index("Reproduced with the kind permission")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "expected", "converted"),
    [
        ("en", "Is Legco democratic?", False),
        ("zh-hant", "立法會民主嗎？", False),
        ("zh-hans", "立法会民主吗？", True),
    ],
)
def test_questions_read_in_each_language_with_simplified_converted(client, lang, expected, converted):
    QuestionFactory(
        question_en="Is Legco democratic?",
        question_zh_hant="立法會民主嗎？",
        question_zh_hans="",
        answer_zh_hant="<p>不是。</p>",
        answer_zh_hans="",
    )
    html = qa(client, lang).content.decode()
    assert expected in html
    assert ("converted-note" in html) is converted


@pytest.mark.django_db
def test_a_figure_is_shown_with_its_description_and_caption(client):
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (400, 200), "red").save(buffer, "PNG")
    question = QuestionFactory(figure_alt_en="Seats in Legco", figure_caption_en="The 2016 result")
    question.figure.save("chart.png", ContentFile(buffer.getvalue()))
    html = qa(client).content.decode()
    assert 'alt="Seats in Legco" width="400" height="200"' in html
    assert "<figcaption" in html and "The 2016 result" in html


@pytest.mark.django_db
def test_the_qa_page_stays_within_its_query_budget(client, django_assert_max_num_queries):
    for _ in range(10):
        QuestionFactory()
    qa(client)  # the singletons exist on a live site
    with django_assert_max_num_queries(4):
        assert qa(client).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "lang, title, seats, voters",
    [
        (
            "en",
            "Legislative Council: who fills the 70 seats?",
            "35 seats: functional constituencies",
            "about 240,000 voters",
        ),
        ("zh-hant", "立法會：七十個議席由誰產生？", "三十五席：功能組別", "約二十四萬名選民"),
        ("zh-hans", "立法会：七十个议席由谁产生？", "三十五席：功能组别", "约二十四万名选民"),
    ],
)
def test_the_legco_chart_is_drawn_in_the_readers_language_as_text(client, lang, title, seats, voters):
    QuestionFactory(
        question_en="Is Legco democratic?", chart="legco-seats", figure_caption_en="Half by a few"
    )
    html = qa(client, lang).content.decode()
    chart = html[
        html.index('data-chart="legco-seats"') : html.index(
            "</figure>", html.index('data-chart="legco-seats"')
        )
    ]
    # The words are page text (wrapped by the browser, read by screen readers), not inside a picture.
    for text in (title, seats, voters):
        assert f">{text}</p>" in chart
    assert "<img" not in chart and 'aria-hidden="true"' in chart
    if lang != "en":
        assert "seats:" not in chart and " voters" not in chart
