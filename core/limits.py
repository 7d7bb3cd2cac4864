"""Who is asking, and how often: the client's address and rate limits.

Rate limits count in the cache (Redis in production, so every worker and host
shares them), in sliding windows. While the cache cannot be reached they count in
each process, against half the limit: they never switch off. Keys are keyed
hashes: the cache never holds an IP address or an email domain in clear.
"""

import ipaddress
import threading
import time

from django.conf import settings
from django.core.cache import cache

from core.cache import CacheUnavailable, count_and_read
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
    once over any. Refused attempts count too: a client that keeps trying stays
    refused. Each window slides: the count of the window before is weighed by how
    much of it still lies within one window's length, so no burst of twice the limit
    passes across the edge between two windows. One round trip to the cache (Redis)
    in all, shared by every worker and host. When the cache cannot be reached the
    attempt counts in this process instead, against a stricter limit (local_limit).
    """
    if not rates:
        return True
    now = time.time()
    digest = keyed_hash(value)[:32]
    windows = [_Window(scope, digest, rate, now) for rate in rates]
    counted = {window.key: window.kept_seconds for window in windows}
    earlier = [window.previous_key for window in windows]
    try:
        counts, previous = count_and_read(cache, counted, earlier)
        limits = [rate.limit for rate in rates]
    except CacheUnavailable:
        counts, previous = local_counts.count_and_read(counted, earlier, now)
        limits = [local_limit(rate.limit) for rate in rates]
    return all(
        window.estimate(counts, previous) <= limit for window, limit in zip(windows, limits, strict=True)
    )


def rate_limits_take(limits):
    """Count one attempt against each (scope, value, rates) in turn, stopping at the first
    that refuses it: an attempt over one limit (a client's address) counts against none
    after it (an email domain), so one client's flood cannot use up another's budget.

    Returns whether the attempt is allowed by all of them.
    """
    return all(rate_limit_take(scope, value, rates) for scope, value, rates in limits)


def first_use(scope, value, seconds):
    """True the first time `value` is presented in `scope` within `seconds`, False after
    (a form's single-use stamp). Counted where the rate limits count: in the shared
    cache, else in this process, so an outage neither refuses everyone nor lets a
    value be used twice in one process."""
    key = _once_key(scope, value)
    try:
        counts, _previous = count_and_read(cache, {key: seconds})
    except CacheUnavailable:
        counts, _previous = local_counts.count_and_read({key: seconds}, (), time.time())
    return counts[key] == 1


# What admit() answers.
STALE, LIMITED, ADMITTED = "stale", "limited", "admitted"


def admit(*, once=None, limits=(), keep=None):
    """One attempt at a guarded action, decided in one round trip to the cache (Redis):
    spend the one-use value `once` ((scope, value, seconds): a form's stamp), then count
    the attempt against each (scope, value, rates) of `limits` in turn as
    rate_limits_take does, then, once all allowed it, keep `keep` ((key, value,
    seconds): what the next page needs) in the cache.

    Returns STALE when `once` was spent before (nothing counted, nothing kept), LIMITED
    when a limit refused (the limits after it not counted, nothing kept), or ADMITTED.
    Where the cache counts in one round trip it does all of it at once; elsewhere, and
    while it cannot be reached, the same steps run one after the other (first_use,
    rate_limits_take, then a write that fails open).
    """
    admitting = getattr(cache, "admit", None)
    if admitting is not None:
        now = time.time()
        once_key = (_once_key(*once[:2]), once[2]) if once else None
        windows = []
        for number, (scope, value, rates) in enumerate(limits):
            digest = keyed_hash(value)[:32]
            for rate in rates:
                w = _Window(scope, digest, rate, now)
                windows.append((w.key, w.previous_key, w.kept_seconds, w.previous_weight, rate.limit, number))
        try:
            return (STALE, LIMITED, ADMITTED)[admitting(once_key, windows, keep)]
        except CacheUnavailable:
            pass
    if once and not first_use(*once):
        return STALE
    if not rate_limits_take(limits):
        return LIMITED
    if keep:
        cache.set(*keep)
    return ADMITTED


def _once_key(scope, value):
    return f"once:{scope}:{keyed_hash(value)[:32]}"


def local_limit(limit):
    """The limit while counting in one process: half, as each worker (and host) counts on
    its own, and at least one attempt."""
    return max(1, limit // 2)


class _Window:
    """One rate's current window for one client, and where it stands in it."""

    def __init__(self, scope, digest, rate, now):
        number, into = divmod(now, rate.seconds)
        self.key = f"rl:{scope}:{rate.seconds}:{digest}:{int(number)}"
        self.previous_key = f"rl:{scope}:{rate.seconds}:{digest}:{int(number) - 1}"
        # Kept through the next window, where it is the previous one.
        self.kept_seconds = 2 * rate.seconds + 1
        self.previous_weight = 1 - into / rate.seconds

    def estimate(self, counts, previous):
        """Attempts within the last window's length, this one included."""
        return previous.get(self.previous_key, 0) * self.previous_weight + counts[self.key]


class LocalCounts:
    """Counts kept in this process, for while the shared cache cannot be reached.

    The least recently counted keys are forgotten first once MAX_KEYS are held, so a
    flood from many addresses costs a bounded amount of memory.
    """

    MAX_KEYS = 50_000

    def __init__(self):
        self._counts = {}  # key → (count, expires at), least recently counted first
        self._lock = threading.Lock()

    def count_and_read(self, counted, read, now):
        """core.cache.count_and_read, in this process."""
        with self._lock:
            counts = {}
            for key, seconds in counted.items():
                count, expires = self._counts.pop(key, (0, now + seconds))
                if expires <= now:
                    count, expires = 0, now + seconds
                self._counts[key] = (count + 1, expires)
                counts[key] = count + 1
            while len(self._counts) > self.MAX_KEYS:
                del self._counts[next(iter(self._counts))]
            values = {}
            for key in read:
                count, expires = self._counts.get(key, (0, now))
                if expires > now:
                    values[key] = count
            return counts, values

    def clear(self):
        with self._lock:
            self._counts.clear()


local_counts = LocalCounts()


def axes_client_ip(request):
    """Client address for django-axes' login records: a valid IP or None, never a placeholder."""
    ip = client_ip(request)
    return None if ip == "unknown" else ip
