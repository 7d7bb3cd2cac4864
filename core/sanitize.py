"""One HTML sanitiser (nh3) for what editors write, with an allow-list per use.

Every use shares the policy: links only to http, https and mailto, each with
rel="noopener noreferrer"; comments, scripts and styles removed with their
content; any tag or attribute not allowed is dropped. What each use allows:

- `clean_article_html`, article bodies: paragraphs, headings, lists, links, quotes,
  tables, figures, and iframes only for video players from an allow-list (YouTube
  without cookies, Vimeo). Objects, forms, SVG and MathML go with their content.
- `clean_rich_text`, short rich texts (Q&A answers, the Q&A attribution): paragraphs,
  links, emphasis, lists and quotes.

Text is cleaned when it is saved, so the admin, the shell and the demo all store
safe HTML; article bodies are cleaned once more when shown.
"""

import re
from urllib.parse import urlsplit, urlunsplit

import nh3

URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer"


def _cleaner(*, tags, attributes, clean_content_tags=None, **options):
    """An nh3 cleaner with the shared policy and the given allow-lists."""
    return nh3.Cleaner(
        tags=tags,
        attributes=attributes,
        clean_content_tags=clean_content_tags,  # None: nh3's own, scripts and styles
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
        **options,
    )


# --- Article bodies ---------------------------------------------------------------

ARTICLE_TAGS = {
    "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "sub", "sup", "mark", "small",
    "a", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "q", "cite",
    "code", "pre", "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td",
    "iframe",
}  # fmt: skip
ARTICLE_ATTRIBUTES = {
    "*": {"lang", "dir"},
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "iframe": {"src", "title", "width", "height", "allowfullscreen"},
}

# Video players that may be embedded: host → path prefix of their embeddable pages.
VIDEO_EMBEDS = {
    "www.youtube-nocookie.com": "/embed/",
    "youtube-nocookie.com": "/embed/",
    "player.vimeo.com": "/video/",
}
# Embed URLs pasted from YouTube's share dialog are moved to its no-cookie host.
NOCOOKIE = {"www.youtube.com": "www.youtube-nocookie.com", "youtube.com": "www.youtube-nocookie.com"}
# What an article page's Content Security Policy lets it frame.
VIDEO_FRAME_SOURCES = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]


def embed_url(value):
    """The URL if it is an allowed video player (https, known host and path), else None."""
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    host = NOCOOKIE.get(host, host)
    prefix = VIDEO_EMBEDS.get(host)
    if parts.scheme != "https" or not prefix or not parts.path.startswith(prefix) or parts.port:
        return None
    return urlunsplit(("https", host, parts.path, parts.query, ""))


def _article_attribute(tag, attribute, value):
    if tag == "iframe" and attribute == "src":
        return embed_url(value)
    return value


_article_cleaner = _cleaner(
    tags=ARTICLE_TAGS,
    attributes=ARTICLE_ATTRIBUTES,
    clean_content_tags={"script", "style", "template", "noscript", "object", "embed", "svg", "math"},
    attribute_filter=_article_attribute,
    set_tag_attribute_values={
        "iframe": {
            "loading": "lazy",
            "referrerpolicy": "strict-origin-when-cross-origin",
            "sandbox": "allow-scripts allow-same-origin allow-presentation allow-popups",
        }
    },
)

# An iframe whose source was refused is left without `src`: drop it altogether.
_IFRAME_WITHOUT_SRC = re.compile(r"<iframe\b(?![^>]*\ssrc=)[^>]*>.*?</iframe>", re.DOTALL)
# What an empty editor submits.
_EMPTY = re.compile(r"^(?:\s|<p>(?:\s|<br>)*</p>)*$")


def clean_article_html(html):
    """Safe HTML for an article body; empty editor output becomes ''."""
    if not html:
        return ""
    cleaned = _article_cleaner.clean(str(html))
    cleaned = _IFRAME_WITHOUT_SRC.sub("", cleaned)
    # The removal above works on sanitised output; one more pass keeps the result
    # sanitised whatever that regular expression matched.
    cleaned = _article_cleaner.clean(cleaned).strip()
    return "" if _EMPTY.match(cleaned) else cleaned


# --- Short rich texts -------------------------------------------------------------

RICH_TEXT_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "a", "ul", "ol", "li", "blockquote",
    "h3", "h4", "sup", "sub", "abbr", "cite", "q", "small",
}  # fmt: skip
RICH_TEXT_ATTRIBUTES = {"a": {"href", "title", "hreflang", "lang"}, "abbr": {"title"}, "*": {"lang"}}

_rich_text_cleaner = _cleaner(tags=RICH_TEXT_TAGS, attributes=RICH_TEXT_ATTRIBUTES)


def clean_rich_text(html):
    """Safe HTML for a short rich text (a Q&A answer); empty text is returned as it is."""
    if not html:
        return html
    return _rich_text_cleaner.clean(html).strip()
