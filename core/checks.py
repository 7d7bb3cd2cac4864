"""System checks of how the site is deployed (`manage.py check --deploy`), and of the
glossary the Chinese fill-in reads (every `manage.py check`, so a broken row stops a deploy)."""

from django.conf import settings
from django.core.checks import Error, Warning

from core.i18n import glossary_path, parse_glossary

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


def glossary_is_readable(app_configs, **kwargs):
    """The fill-in converts between the Chinese scripts with the glossary's words: a
    glossary missing or with a broken row would fail every converted page."""
    path = glossary_path()
    try:
        entries = parse_glossary(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [
            Error(f"The glossary cannot be read: {exc}", hint=f"Restore or correct {path}.", id="core.E001")
        ]
    if not entries:
        return [Error("The glossary has no rows.", hint=f"Restore {path}.", id="core.E001")]
    return []
