"""Absolute links to the public site, built from SITE_URL.

Emails, feeds and the task worker have no request to build a link from, and a
page's canonical and alternate links must not depend on the Host a client sent.
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path):
    """`path` (such as "/en/petition/") as an absolute URL on the public site.

    A URL that is already absolute (a file storage may give one) is returned unchanged.
    """
    if urlsplit(path).scheme:
        return path
    return settings.SITE_URL + ("" if path.startswith("/") else "/") + path
