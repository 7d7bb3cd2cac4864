"""Protection for public forms: a honeypot, a minimum fill time and rate limits.

Rate limits count in the cache (Redis in production, so every worker and host
shares them). Keys are keyed hashes: the cache never holds an IP address or an
email domain in clear.
"""

import hashlib
import hmac
import ipaddress
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _


def keyed_hash(value):
    """HMAC of a value with the secret key: stable, not reversible, not guessable."""
    return hmac.new(settings.SECRET_KEY.encode(), str(value).encode(), hashlib.sha256).hexdigest()


def client_ip(request):
    """The client's address. Proxy headers count only when TRUSTED_PROXY_COUNT says
    how many proxies we stand behind: a client cannot spoof its way past a limit."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= proxies:
            remote = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return "unknown"


def ip_key(ip):
    """Group IPv6 clients by /64, as one household or phone gets a whole /64."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def hit(scope, value, rates):
    """Count one attempt against every window in `rates` (from campaign.rates.parse_rates).

    True while within all of them, False once over any. Fixed windows: one cache
    round trip each, shared by all workers and hosts through the cache.
    """
    allowed = True
    digest = keyed_hash(value)[:32]
    for rate in rates:
        window = int(time.time() // rate.seconds)
        key = f"rl:{scope}:{rate.seconds}:{digest}:{window}"
        if cache.add(key, 1, timeout=rate.seconds + 1):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, timeout=rate.seconds + 1)
                count = 1
        allowed = allowed and count <= rate.limit
    return allowed


class SpamProtectedForm(forms.Form):
    """A honeypot field people never see and a signed time stamp of when the form was shown.

    Subclasses (or a ModelForm mixing this in) get `is_probably_bot()` after validation.
    """

    honeypot_field = "website"
    min_seconds_setting = "FORM_MIN_SECONDS"

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1", "class": "hp-field"}),
    )
    rendered = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["rendered"] = signing.dumps(time.time(), salt="form-rendered")

    def seconds_to_fill(self):
        try:
            shown = signing.loads(self.data.get("rendered", ""), salt="form-rendered", max_age=86400)
        except signing.BadSignature:
            return None
        return time.time() - float(shown)

    def is_probably_bot(self):
        """True when the honeypot was filled or the form came back faster than a person types."""
        if self.data.get(self.honeypot_field):
            return True
        elapsed = self.seconds_to_fill()
        minimum = getattr(settings, self.min_seconds_setting, 3)
        return elapsed is None or elapsed < minimum


def axes_client_ip(request):
    """Client address for django-axes' login records: a valid IP or None, never a placeholder."""
    ip = client_ip(request)
    return None if ip == "unknown" else ip
