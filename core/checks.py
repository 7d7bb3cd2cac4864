"""System checks of how the site is deployed (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Warning

# Backends whose entries live in one process: each gunicorn worker has its own.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def cache_is_shared(app_configs, **kwargs):
    """Rate limits and the shown counts live in the cache: in production it must be one
    that every worker and host shares, or a client gets each limit once per worker."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if settings.DEBUG or backend not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            f"The cache ({backend.rsplit('.', 1)[-1]}) is kept in each process: rate limits "
            "and counts then count per worker, so a client gets every limit once per worker.",
            hint="Set CACHE_URL to a Redis that every worker and host shares, e.g. redis://127.0.0.1:6379/0.",
            id="core.W001",
        )
    ]
