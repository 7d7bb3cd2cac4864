"""A Hong Kong reader's and a mainland reader's emails are in their own words and script,
as the pages are (tests/site/test_crawl.py)."""

import pytest

from core.i18n import glossary
from tests.core.test_emails import _named_campaign, send_every_email  # noqa: F401 -- the fixture is used
from tests.site.regions import english_words, in_language, text_nodes
from tests.site.test_crawl import T2S

pytestmark = pytest.mark.django_db


def readers_emails(petition, mailoutbox, language):
    for send in send_every_email(petition, language).values():
        send()
    # The campaign's own notification is written in the site's language, English.
    return [m for m in mailoutbox if m.to != ["campaign@example.org"]]


def texts(message, language):
    html = next(content for content, mimetype in message.alternatives if mimetype == "text/html")
    own_html = [text for text, lang in text_nodes(html) if in_language(lang, language)]
    return [message.subject, message.body], own_html


@pytest.mark.parametrize("language", ["zh-hant", "zh-hans"])
def test_emails_use_the_glossarys_words_of_the_readers_region(petition, mailoutbox, language):
    column = "not_hant" if language == "zh-hant" else "not_hans"
    forms = {form for entry in glossary() for form in getattr(entry, column)}
    messages = readers_emails(petition, mailoutbox, language)
    # four about the signature, the contact acknowledgement, the digest, an update, and ten about actions
    assert len(messages) == 17
    for message in messages:
        plain, html = texts(message, language)
        text = "\n".join(plain + html)
        assert not [form for form in forms if form in text], message.subject


def test_mainland_emails_have_no_traditional_only_characters(petition, mailoutbox):
    for message in readers_emails(petition, mailoutbox, "zh-hans"):
        plain, html = texts(message, "zh-hans")
        text = "".join(plain + html)
        found = {ch for ch in text if "\u3400" <= ch <= "\u9fff" and T2S.convert(ch) != ch}
        assert not found, (message.subject, found)


@pytest.mark.parametrize("language", ["zh-hant", "zh-hans"])
def test_html_emails_show_no_english_outside_elements_marked_english(petition, mailoutbox, language):
    for message in readers_emails(petition, mailoutbox, language):
        _plain, html = texts(message, language)
        found = sorted({word for text in html for word in english_words(text)})
        assert not found, (message.subject, found)
