"""The unsubscribe page of an update: no login, no cookie, one button.

The link in every update opens it in the recipient's language. A GET only shows the
button (mail scanners follow links); the POST, from the button or from a mail client's
one-click (RFC 8058: `List-Unsubscribe=One-Click` in the body), unsubscribes. The
signed token is the only authority needed, so the POST needs no CSRF cookie: a forged
request could only unsubscribe the holder of the link. Every answer has the same shape
whether the address was subscribed or not.
"""

from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from updates import services, tokens


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    try:
        recipient = tokens.read_token(token)
    except tokens.InvalidToken:
        return _private(render(request, "updates/unsubscribe_invalid.html", status=400))
    if request.method == "POST":
        services.recipient_unsubscribe(recipient=recipient)
        return _private(render(request, "updates/unsubscribed.html"))
    return _private(render(request, "updates/unsubscribe.html", {"token": token}))
