"""Forms protected from cross-site forgery by where the browser says they come from.

A page served from a public cache cannot carry a per-visitor CSRF token. Its forms are
protected instead by what every current browser tells us about a request (Fetch
metadata), as Go's `http.CrossOriginProtection` does:

- `Sec-Fetch-Site: same-origin` (our own page) or `none` (typed or bookmarked by the
  person) is accepted; `cross-site` and `same-site` are refused unless `Origin` is one
  of CSRF_TRUSTED_ORIGINS;
- without `Sec-Fetch-Site` (a browser older than 2023, or plain HTTP on another host
  than localhost, where browsers do not send it), `Origin` must name this host;
- with neither header the request is not a browser's that another site could steer,
  except an ancient one: refused over HTTPS, where every browser in use sends at least
  one, accepted over plain HTTP (development, the bench, the test client).

The same holds for the signing form embedded in another site's frame: a form on our
page, even inside another site's frame, sends "same-origin" (a third-party frame gets no
SameSite=Lax cookie, so no CSRF token could work there). docs/architecture.md ("Forms on
cached pages") says why and what it costs.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
ACCEPTED_SITES = {"same-origin", "none"}


def _trusted(origin):
    return origin in settings.CSRF_TRUSTED_ORIGINS


def cross_origin_refusal(request):
    """Why this request must be refused as coming from another site, or None to accept it."""
    if request.method in SAFE_METHODS:
        return None
    site = request.headers.get("Sec-Fetch-Site", "").strip().lower()
    origin = request.headers.get("Origin", "").strip()
    if site:
        if site in ACCEPTED_SITES or (origin and _trusted(origin)):
            return None
        return f"Sec-Fetch-Site: {site}"
    if origin:
        if origin != "null" and (urlsplit(origin).netloc == request.get_host() or _trusted(origin)):
            return None
        return "Origin does not match the host"
    if request.is_secure():
        return "neither Sec-Fetch-Site nor Origin over HTTPS"
    return None


def is_same_origin_post(request):
    """True when this request may be taken as sent from one of our own pages."""
    return cross_origin_refusal(request) is None


def cross_origin_protected(view):
    """Accept a form's POST from our own pages only, without a CSRF token (Django's token
    check is switched off for the view: this replaces it). A refused request gets a
    translated page with a link back to the form, status 403."""

    @wraps(view)
    def protected(request, *args, **kwargs):
        if cross_origin_refusal(request) is not None:
            context = {"form_url": request.path}
            response = TemplateResponse(request, "403_cross_site.html", context, status=403)
            response["Cache-Control"] = "private, no-store"
            return response
        return view(request, *args, **kwargs)

    return csrf_exempt(protected)
