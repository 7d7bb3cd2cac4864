"""Site-wide HTTP behaviour: security headers, public caching, database outages, admin access."""

import ipaddress
import logging
import time

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseForbidden
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.middleware.gzip import GZipMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import get_cache_key, patch_cache_control
from django.utils.http import parse_http_date_safe
from django.utils.translation import gettext

from core.cache import KeptLonger, RecentlyRead
from core.limits import client_ip

logger = logging.getLogger(__name__)


class RequestSizeLimitMiddleware:
    """Refuse a request whose body would be larger than REQUEST_MAX_BODY_SIZE with a 413,
    from its Content-Length, before anything reads the body.

    Django keeps file uploads out of memory but still reads them whole (to temporary
    files) before a form can say a file is too big: a 100 MiB upload, or many at once,
    cost a worker and the disk that long. The limit is a few megabytes above the largest
    upload the site takes (a campaign material), so every allowed one passes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BODY_SIZE:
            language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
            with translation.override(language):
                text = gettext("This is too large to send to the site. Please choose a smaller file.")
            return HttpResponse(text, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set."""

    PERMISSIONS_POLICY = (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=(), interest-cohort=()"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        return response


def mark_public(response, max_age):
    """Cache-Control for a page anyone may keep for `max_age` seconds, then serve stale
    while it asks again, and keep serving for a day while the site is down."""
    patch_cache_control(
        response,
        public=True,
        max_age=max_age,
        stale_while_revalidate=settings.PUBLIC_CACHE_STALE_SECONDS,
        stale_if_error=settings.PUBLIC_CACHE_STALE_IF_ERROR_SECONDS,
    )
    return response


class PublicCacheMiddleware:
    """Let proxies and CDNs keep anonymous pages that carry nothing personal.

    A page qualifies when it was a GET or HEAD answered 200, sets no cookie, does
    not vary on the cookie (no form with a CSRF token, no session read) and set no
    Cache-Control of its own. "Refresh to watch the count" then costs the site one
    request per max-age, and stale copies are served while the site is down.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.cookies
            and "Cache-Control" not in response
            and "cookie" not in response.get("Vary", "").lower()
            and not request.path.startswith(f"/{settings.ADMIN_URL}")
        ):
            mark_public(response, settings.PUBLIC_CACHE_SECONDS)
        return response


class PublicGZipMiddleware(GZipMiddleware):
    """Compress the pages PublicCacheMiddleware marked public, once, before the page
    cache keeps them: a reader's copy then costs a fifth of the bytes to fetch from
    the cache and to send (the wall's map alone is 57 kB of SVG).

    Pages that are not public (a signer's address, a private link, a CSRF token) are
    left to the front proxy: compressing a secret beside reflected input is what
    BREACH-style attacks measure, and public pages carry no secret.
    """

    def process_response(self, request, response):
        if "public" not in response.get("Cache-Control", ""):
            return response
        return super().process_response(request, response)


def unavailable_response(request):
    """A translated 503 page that needs neither the database nor the cache."""
    language = translation.get_language_from_path(request.path_info) or translation.get_language()
    with translation.override(language or settings.LANGUAGE_CODE):
        html = render_to_string("503.html", {"LANGUAGE_CODE": translation.get_language()})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A database outage or a query stopped by the statement timeout shows a calm,
    translated 503 page (no traceback), and the site recovers by itself: Django
    opens a fresh connection on the next request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)) or (
            isinstance(exception, DatabaseError) and "statement timeout" in str(exception)
        ):
            logger.error("Database unavailable: %s", exception.__class__.__name__)
            return unavailable_response(request)
        return None


class AdminAccessMiddleware:
    """When ADMIN_ALLOWED_NETWORKS is set, the admin answers only from those networks."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.networks = [ipaddress.ip_network(n, strict=False) for n in settings.ADMIN_ALLOWED_NETWORKS]
        self.prefix = f"/{settings.ADMIN_URL}"

    def __call__(self, request):
        if self.networks and request.path.startswith(self.prefix):
            try:
                address = ipaddress.ip_address(client_ip(request))
            except ValueError:
                address = None
            if address is None or not any(address in network for network in self.networks):
                return HttpResponseForbidden()
        return self.get_response(request)


class PageCacheUpdateMiddleware(UpdateCacheMiddleware):
    """Keep a copy of public pages in the shared cache (Django's per-site cache).

    Only responses PublicCacheMiddleware marked public are kept: pages with a CSRF
    token or cookie, private links and the admin never are. A copy is fresh for its
    max-age, then kept PUBLIC_CACHE_STALE_SECONDS longer so that PageCacheFetch can
    serve it while one request renders the next copy. A burst of readers then costs
    one rendering per page and language every few seconds, nobody waits for it, and
    cached pages are served even while the database is away.
    """

    @property
    def cache(self):
        return KeptLonger(super().cache, settings.PUBLIC_CACHE_STALE_SECONDS)

    def _should_update_cache(self, request, response):
        return (
            settings.PAGE_CACHE
            and "public" in response.get("Cache-Control", "")
            and super()._should_update_cache(request, response)
        )


class PageCacheFetchMiddleware(FetchFromCacheMiddleware):
    # How long one request may take to render a fresh copy before another tries.
    REFRESH_LOCK_SECONDS = 15

    @property
    def cache(self):
        return RecentlyRead(super().cache, settings.PAGE_CACHE_LOCAL_SECONDS)

    def process_request(self, request):
        if not settings.PAGE_CACHE:
            request._cache_update_cache = False
            return None
        response = super().process_request(request)
        if response is None:
            return None
        expires = parse_http_date_safe(response.get("Expires", ""))
        if expires is not None and expires <= time.time():
            # Stale: the first request to see it renders a fresh copy; the others are
            # served this one meanwhile instead of all rendering the page at once.
            key = get_cache_key(request, self.key_prefix, "GET", cache=self.cache)
            if key and self.cache.add(f"{key}:refresh", 1, timeout=self.REFRESH_LOCK_SECONDS):
                request._cache_update_cache = True
                return None
        return response
