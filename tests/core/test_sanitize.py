"""One sanitiser policy, an allow-list per use: article bodies and short rich texts."""

import pytest

from core.sanitize import clean_article_html, clean_rich_text

BOTH = [clean_article_html, clean_rich_text]


@pytest.mark.parametrize("clean", BOTH)
def test_links_keep_only_safe_schemes_and_open_without_the_opener(clean):
    html = clean('<p><a href="https://example.org">ok</a> <a href="javascript:alert(1)">bad</a></p>')
    assert 'href="https://example.org" rel="noopener noreferrer"' in html
    assert "javascript" not in html


@pytest.mark.parametrize("clean", BOTH)
def test_scripts_handlers_styles_and_comments_are_removed(clean):
    html = clean('<p onclick="x()" style="color:red">text<!-- note --></p><script>alert(1)</script>')
    assert html == "<p>text</p>"


def test_a_rich_text_keeps_what_an_answer_needs():
    html = '<p lang="zh-Hant"><strong>是</strong> <abbr title="Legislative Council">LegCo</abbr></p>'
    assert clean_rich_text(html) == html


def test_a_rich_text_has_no_video_frames_or_tables():
    html = clean_rich_text(
        '<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe><table><tr><td>x</td></tr></table>'
    )
    assert "<iframe" not in html and "<table" not in html


def test_an_article_keeps_an_allowed_video_frame():
    html = clean_article_html('<iframe src="https://www.youtube.com/embed/abc"></iframe>')
    assert 'src="https://www.youtube-nocookie.com/embed/abc"' in html


@pytest.mark.parametrize(("value", "expected"), [(None, None), ("", ""), ("  <p>x</p> ", "<p>x</p>")])
def test_an_empty_rich_text_stays_as_it_was(value, expected):
    assert clean_rich_text(value) == expected
