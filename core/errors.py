"""Error pages that Django would otherwise render in English with technical detail."""

from django.http import HttpResponseForbidden
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve


def retry_on_csrf_failure(handler):
    """Mark a view whose form is served from the cache without a CSRF token: a refused
    POST to it is answered by `handler(request, **kwargs)` (the form again, filled in,
    with a fresh token) instead of an error page."""

    def mark(view):
        view.csrf_failure_handler = handler
        return view

    return mark


def csrf_failure(request, reason=""):
    """A translated page instead of Django's technical one; the reason is not shown."""
    if request.method == "POST":
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
        handler = getattr(match.func, "csrf_failure_handler", None) if match else None
        if handler is not None:
            return handler(request, *match.args, **match.kwargs)
    return HttpResponseForbidden(render_to_string("403_csrf.html", request=None))
