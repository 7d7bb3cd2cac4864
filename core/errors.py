"""Error pages that Django would otherwise render in English with technical detail."""

from django.http import HttpResponseForbidden
from django.template.loader import render_to_string


def csrf_failure(request, reason=""):
    """A translated page instead of Django's technical one; the reason is not shown."""
    return HttpResponseForbidden(render_to_string("403_csrf.html", request=None))
