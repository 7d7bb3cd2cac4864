"""Heavy reads from a read replica (`DATABASE_REPLICA_URL`), everything else from the primary.

Only reads that ask for it go to the replica: views marked `@reads_replica` (the wall,
the counts API, the feeds) and code run inside `replica_reads()` (the counts' recount,
the exports). Even then a read goes to the primary

- inside a transaction on the primary (it must see what the transaction wrote);
- during a request that writes (any method but GET, HEAD, OPTIONS), and during the
  requests that follow one within DATABASE_REPLICA_STICKY_SECONDS (the `read_primary`
  cookie): a visitor reads their own writes;
- when the replica cannot be reached, or lags behind the primary by more than
  DATABASE_REPLICA_MAX_LAG seconds. Each process measures the lag at most every
  DATABASE_REPLICA_CHECK_SECONDS (one cheap query) and, after a failure, tries the
  replica again DATABASE_REPLICA_RETRY_SECONDS later. A replica that fails in the
  middle of a page view has the page read again from the primary.

Pages that follow a signer's own write (check your inbox, confirm, thank you, manage)
and the admin never ask for the replica: every other read goes to the primary.
"""

import functools
import logging
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.template.response import SimpleTemplateResponse

logger = logging.getLogger(__name__)

REPLICA = "replica"
STICKY_COOKIE = "read_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Seconds of replay the replica is behind: 0 when it has replayed all it received
# (an idle primary sends nothing, and the last replayed transaction may be old).
LAG_SQL = (
    "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0 "
    "WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0 "
    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
)

_allowed = ContextVar("replica_reads_allowed", default=False)
_primary_only = ContextVar("replica_primary_only", default=False)
_used = ContextVar("replica_used", default=None)


def replica_configured():
    return REPLICA in settings.DATABASES


class _Health:
    """What this process last measured of the replica."""

    def __init__(self):
        self.lock = threading.Lock()
        self.next_check = 0.0
        self.usable = False
        self.lag = None

    def reset(self):
        with self.lock:
            self.next_check, self.usable, self.lag = 0.0, False, None

    def mark_down(self):
        with self.lock:
            self.usable, self.lag = False, None
            self.next_check = time.monotonic() + settings.DATABASE_REPLICA_RETRY_SECONDS


health = _Health()


def replica_lag():
    """The replica's lag in seconds, measured now; None when it cannot be reached."""
    connection = connections[REPLICA]
    if connection.vendor != "postgresql":
        return 0.0
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            return float(cursor.fetchone()[0])
    except DatabaseError as exc:
        logger.warning("Read replica unavailable: %s", exc.__class__.__name__)
        close_replica()
        return None


def close_replica():
    """Drop this thread's connection to the replica: the next use opens a new one."""
    connection = connections[REPLICA]
    try:
        connection.close()
    except DatabaseError:
        connection.connection = None


def replica_usable():
    """Whether the replica answered and was fresh enough when last measured, measuring
    again when that is DATABASE_REPLICA_CHECK_SECONDS old. One thread measures; the
    others use the previous answer meanwhile."""
    now = time.monotonic()
    if now < health.next_check or not health.lock.acquire(blocking=False):
        return health.usable
    try:
        health.next_check = now + settings.DATABASE_REPLICA_CHECK_SECONDS
        lag = replica_lag()
        health.lag = lag
        health.usable = lag is not None and lag <= settings.DATABASE_REPLICA_MAX_LAG
        if lag is None:
            health.next_check = now + settings.DATABASE_REPLICA_RETRY_SECONDS
        elif not health.usable:
            logger.warning("Read replica %.1f s behind: reading from the primary", lag)
    finally:
        health.lock.release()
    return health.usable


def read_alias():
    """The database a heavy read goes to now: the replica when it may, else the primary."""
    if not _allowed.get() or _primary_only.get() or not replica_configured():
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block or not replica_usable():
        return DEFAULT_DB_ALIAS
    return REPLICA


def snapshot_time(alias):
    """About when the data read from `alias` was current: now, less the replica's lag."""
    now = datetime.now(UTC)
    if alias == REPLICA and health.lag:
        return now - timedelta(seconds=health.lag)
    return now


@contextmanager
def replica_reads():
    """Reads inside may go to the replica (see read_alias)."""
    token = _allowed.set(True)
    try:
        yield
    finally:
        _allowed.reset(token)


@contextmanager
def primary_reads():
    """Every read inside goes to the primary."""
    token = _primary_only.set(True)
    try:
        yield
    finally:
        _primary_only.reset(token)


def reads_replica(view):
    """A view whose reads may go to the replica: pages that may be a few seconds old."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        with replica_reads():
            response = view(*args, **kwargs)
            if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
                response.render()
            return response

    return wrapped


class ReplicaRouter:
    """Reads to read_alias(); writes, relations and migrations to the primary."""

    def db_for_read(self, model, **hints):
        alias = read_alias()
        if alias == REPLICA:
            used = _used.get()
            if used is not None:
                used.add(REPLICA)
        return alias

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA


class ReplicaMiddleware:
    """Reads a writing request and the few seconds after it from the primary, and reads
    a page again from the primary when the replica failed during it. Last in the list:
    its process_exception sees database errors first."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = replica_configured()

    def __call__(self, request):
        if not self.enabled:
            return self.get_response(request)
        writes = request.method not in SAFE_METHODS
        primary = _primary_only.set(writes or STICKY_COOKIE in request.COOKIES)
        used = _used.set(set())
        try:
            response = self.get_response(request)
        finally:
            _used.reset(used)
            _primary_only.reset(primary)
        if writes and settings.DATABASE_REPLICA_STICKY_SECONDS:
            response.set_cookie(
                STICKY_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA_STICKY_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request._replica_view = (view_func, view_args, view_kwargs)

    def process_exception(self, request, exception):
        used = _used.get()
        if (
            not self.enabled
            or not isinstance(exception, (OperationalError, InterfaceError))
            or request.method not in SAFE_METHODS
            or not used
            or not hasattr(request, "_replica_view")
        ):
            return None
        logger.warning("Read replica failed during a page view: reading it from the primary")
        health.mark_down()
        used.clear()
        close_replica()
        view_func, view_args, view_kwargs = request._replica_view
        with primary_reads():
            response = view_func(request, *view_args, **view_kwargs)
            if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
                response.render()
        return response
