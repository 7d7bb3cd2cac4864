"""Who is asking, and how often: the client's address and rate limits.

Rate limits count in the cache (Redis in production, so every worker and host
shares them). Keys are keyed hashes: the cache never holds an IP address or an
email domain in clear.
"""

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache

from core.hashing import keyed_hash


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


def rate_limit_take(scope, value, rates):
    """Count one attempt against every window in `rates` (from core.rates.parse_rates).

    Returns whether the attempt is allowed: True while within all of them, False
    once over any. Fixed windows: one cache round trip each, shared by all workers
    and hosts through the cache.
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


def axes_client_ip(request):
    """Client address for django-axes' login records: a valid IP or None, never a placeholder."""
    ip = client_ip(request)
    return None if ip == "unknown" else ip
