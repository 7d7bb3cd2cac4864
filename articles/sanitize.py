"""Article bodies are HTML written in the admin's editor: what is stored is cleaned here.

`clean_html` keeps the formatting an editor needs (paragraphs, headings, lists, links,
quotes, tables, figures) and removes everything that could run code or restyle the page:
scripts, event handlers, `javascript:`/`data:` links, `style` attributes, forms, objects,
and iframes except video players from an allow-list (YouTube without cookies, Vimeo).
It runs in `Article.save()`, so the admin, the shell and the demo all store safe HTML,
and once more when a body is shown.
"""

import re
from urllib.parse import urlsplit, urlunsplit

import nh3

TAGS = {
    "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "sub", "sup", "mark", "small",
    "a", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "q", "cite",
    "code", "pre", "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td",
    "iframe",
}  # fmt: skip
ATTRIBUTES = {
    "*": {"lang", "dir"},
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "iframe": {"src", "title", "width", "height", "allowfullscreen"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# Video players that may be embedded: host → path prefix of their embeddable pages.
VIDEO_EMBEDS = {
    "www.youtube-nocookie.com": "/embed/",
    "youtube-nocookie.com": "/embed/",
    "player.vimeo.com": "/video/",
}
# Embed URLs pasted from YouTube's share dialog are moved to its no-cookie host.
NOCOOKIE = {"www.youtube.com": "www.youtube-nocookie.com", "youtube.com": "www.youtube-nocookie.com"}
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


def _filter_attribute(tag, attribute, value):
    if tag == "iframe" and attribute == "src":
        return embed_url(value)
    return value


_cleaner = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={"script", "style", "template", "noscript", "object", "embed", "svg", "math"},
    attributes=ATTRIBUTES,
    attribute_filter=_filter_attribute,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    set_tag_attribute_values={
        "iframe": {
            "loading": "lazy",
            "referrerpolicy": "strict-origin-when-cross-origin",
            "sandbox": "allow-scripts allow-same-origin allow-presentation allow-popups",
        }
    },
    strip_comments=True,
)

# An iframe whose source was refused is left without `src`: drop it altogether.
_IFRAME_WITHOUT_SRC = re.compile(r"<iframe\b(?![^>]*\ssrc=)[^>]*>.*?</iframe>", re.DOTALL)
# What an empty editor submits.
_EMPTY = re.compile(r"^(?:\s|<p>(?:\s|<br>)*</p>)*$")


def clean_html(html):
    """Safe HTML for an article body; empty editor output becomes ''."""
    if not html:
        return ""
    cleaned = _cleaner.clean(str(html))
    cleaned = _IFRAME_WITHOUT_SRC.sub("", cleaned)
    # The removal above works on sanitised output; one more pass keeps the result
    # sanitised whatever that regular expression matched.
    cleaned = _cleaner.clean(cleaned).strip()
    return "" if _EMPTY.match(cleaned) else cleaned
