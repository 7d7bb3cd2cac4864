"""Whether a POST comes from one of our own pages, by the browser's Fetch metadata.

For forms that must work without a CSRF cookie: the signing form embedded in another
site's frame (a third-party frame gets no SameSite=Lax cookie). A browser says where a
request comes from in `Sec-Fetch-Site` (and `Origin`), and a page cannot forge either:
a form on our page, even inside another site's frame, sends "same-origin"; a form on
another site posting to ours sends "cross-site". A client that sends neither header is
not a browser a forged form could drive, and is let through (the form's own checks and
the rate limits still apply).
"""

from urllib.parse import urlsplit


def _origin_of(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def is_same_origin_post(request):
    fetch_site = request.headers.get("Sec-Fetch-Site", "").lower()
    if fetch_site:
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("Origin", "")
    if origin:
        return origin.lower() == _origin_of(request.build_absolute_uri("/"))
    return True
