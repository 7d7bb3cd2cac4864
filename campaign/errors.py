from django.http import HttpResponseForbidden
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve

from petition.views import sign_again

# Forms whose page is served from the cache without a CSRF token: a refused POST
# shows the form again, filled in, with a fresh token instead of an error page.
RETRY_VIEWS = {"petition:sign", "petition:sign_other"}


def csrf_failure(request, reason=""):
    """A translated page instead of Django's technical one; the reason is not shown."""
    if request.method == "POST":
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
        if match is not None and match.view_name in RETRY_VIEWS:
            return sign_again(request, slug=match.kwargs.get("slug"))
    return HttpResponseForbidden(render_to_string("403_csrf.html", request=None))
