"""Redis cache that fails open: when Redis is down the site keeps serving.

Reads miss, writes are dropped and a warning is logged; pages are then built from
the database as if the cache were empty. Counting for the rate limits is the one
thing that never fails open: `count_and_read` raises CacheUnavailable, and
core.limits then counts in the process, more strictly, instead of letting every
request through.
"""

import logging
import pickle
import time
from contextlib import contextmanager

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

# After a failure, skip Redis for this long instead of waiting on every call.
BACKOFF_SECONDS = 5


class CacheUnavailable(Exception):
    """The shared cache cannot be reached: whoever counts in it must count elsewhere."""


def count_and_read(cache, counted, read=()):
    """Add one to each key of `counted` (key → seconds it is kept at least, from its
    first count) and read the counts at the keys of `read`.

    Returns ({key: count after this one}, {key: count} for the keys of `read` that
    exist). Raises CacheUnavailable when the cache cannot be reached, whatever the
    backend: counting never fails open. FailOpenRedisCache does it all in one round trip.
    """
    counting = getattr(cache, "count_and_read", None)
    try:
        if counting is not None:
            return counting(counted, read)
        counts = {key: _count_one(cache, key, timeout) for key, timeout in counted.items()}
        return counts, cache.get_many(list(read)) if read else {}
    except Exception as exc:
        if not _is_redis_error(exc):
            raise
        raise CacheUnavailable(exc.__class__.__name__) from exc


def _count_one(cache, key, timeout):
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=timeout)
        return 1
    return count


class ReusedClientRedisCacheClient(RedisCacheClient):
    """One redis.Redis per connection pool, kept, instead of a new one for every call:
    building one sets up ~170 response callbacks, a third of a millisecond per cache
    call. The pool under it still hands out (and re-opens) the connections."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FailOpenRedisCache(RedisCache):
    _down_until = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def _guard(self, method, default, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return default
        try:
            return getattr(super(), method)(*args, **kwargs)
        except Exception as exc:
            if not _is_redis_error(exc):
                raise
            self._down_until = time.monotonic() + BACKOFF_SECONDS
            logger.warning("Cache unavailable (%s); serving without it", exc.__class__.__name__)
            return default

    def get(self, key, default=None, version=None):
        return self._guard("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._guard("get_many", {}, keys, version)

    def set(self, key, value, timeout=None, version=None):
        return self._guard("set", None, key, value, timeout, version)

    def add(self, key, value, timeout=None, version=None):
        return self._guard("add", False, key, value, timeout, version)

    def set_many(self, data, timeout=None, version=None):
        return self._guard("set_many", [], data, timeout, version)

    def delete(self, key, version=None):
        return self._guard("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._guard("delete_many", None, keys, version)

    def touch(self, key, timeout=None, version=None):
        return self._guard("touch", False, key, timeout, version)

    def has_key(self, key, version=None):
        return self._guard("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        if time.monotonic() < self._down_until:
            raise ValueError("cache unavailable")
        try:
            return super().incr(key, delta, version)
        except ValueError:
            raise
        except Exception as exc:
            if not _is_redis_error(exc):
                raise
            self._down_until = time.monotonic() + BACKOFF_SECONDS
            raise ValueError("cache unavailable") from exc

    def clear(self):
        return self._guard("clear", False)

    def count_and_read(self, counted, read=()):
        """core.cache.count_and_read in one round trip (INCR and EXPIRE each counted key,
        GET each read one), raising CacheUnavailable instead of failing open."""
        counted = {self.make_and_validate_key(key): (key, timeout) for key, timeout in counted.items()}
        read = {self.make_and_validate_key(key): key for key in read}
        with self._counting(), self._cache.get_client(write=True).pipeline(transaction=False) as pipe:
            for key, (_name, timeout) in counted.items():
                pipe.incr(key)
                pipe.expire(key, timeout)
            for key in read:
                pipe.get(key)
            replies = pipe.execute()
        counts = zip(counted.values(), replies[0 : 2 * len(counted) : 2], strict=True)
        values = zip(read.values(), replies[2 * len(counted) :], strict=True)
        return (
            {name: int(count) for (name, _timeout), count in counts},
            {name: int(value) for name, value in values if value is not None},
        )

    # One attempt at a guarded action (core.limits.admit), decided inside Redis: spend a
    # one-use value, count the windows of each limit in turn (stopping after the first
    # limit that refuses), and keep a value once everything allowed it.
    # KEYS: [the one-use key], then each window's key and the key of the window before
    #       it, then [the key to keep].
    # ARGV: the one-use key's seconds ("" without one), the number of windows, then per
    #       window its seconds, the weight of the window before, its limit and its limit's
    #       number; then the value to keep and its seconds (none without one).
    # Replies 0 (the one-use value was spent before), 1 (a limit refused), 2 (admitted).
    ADMIT_SCRIPT = """
local k, a = 1, 1
if ARGV[1] ~= "" then
  local used = redis.call("INCR", KEYS[1])
  redis.call("EXPIRE", KEYS[1], ARGV[1])
  if used > 1 then return 0 end
  k = 2
end
local windows = tonumber(ARGV[2])
a = 3
local limit_number, refused = nil, false
for _ = 1, windows do
  if ARGV[a + 3] ~= limit_number then
    if refused then return 1 end
    limit_number = ARGV[a + 3]
  end
  local count = redis.call("INCR", KEYS[k])
  redis.call("EXPIRE", KEYS[k], ARGV[a])
  local earlier = tonumber(redis.call("GET", KEYS[k + 1]) or "0")
  if earlier * tonumber(ARGV[a + 1]) + count > tonumber(ARGV[a + 2]) then refused = true end
  k = k + 2
  a = a + 4
end
if refused then return 1 end
if ARGV[a] ~= nil then
  redis.call("SET", KEYS[k], ARGV[a], "EX", ARGV[a + 1])
end
return 2
"""

    def admit(self, once, windows, keep):
        """core.limits.admit in one round trip (ADMIT_SCRIPT). `once` is (key, seconds) or
        None; `windows` (key, key before, seconds, weight of the one before, limit, limit's
        number) in the order they count; `keep` (key, value, seconds) or None. Returns 0, 1
        or 2 as the script; raises CacheUnavailable instead of failing open."""
        keys, argv = [], []
        if once:
            keys.append(self.make_and_validate_key(once[0]))
            argv.append(int(once[1]))
        else:
            argv.append("")
        argv.append(len(windows))
        for key, before, seconds, weight, limit, number in windows:
            keys += [self.make_and_validate_key(key), self.make_and_validate_key(before)]
            argv += [int(seconds), repr(float(weight)), limit, number]
        if keep:
            key, value, seconds = keep
            keys.append(self.make_and_validate_key(key))
            argv += [self._cache._serializer.dumps(value), int(seconds)]
        with self._counting():
            client = self._cache.get_client(write=True)
            script = self.__dict__.get("_admit_script")
            if script is None:
                script = self._admit_script = client.register_script(self.ADMIT_SCRIPT)
            return int(script(keys=keys, args=argv, client=client))

    @contextmanager
    def _counting(self):
        """Around a call that counts: CacheUnavailable instead of failing open, at once
        while backing off after a failure (BACKOFF_SECONDS)."""
        if time.monotonic() < self._down_until:
            raise CacheUnavailable("backing off")
        try:
            yield
        except Exception as exc:
            if not _is_redis_error(exc):
                raise
            self._down_until = time.monotonic() + BACKOFF_SECONDS
            logger.warning("Cache unavailable (%s); limits count in each process", exc.__class__.__name__)
            raise CacheUnavailable(exc.__class__.__name__) from exc


class KeptLonger:
    """The cache, with every timeout set through it lengthened by `extra` seconds."""

    def __init__(self, cache, extra):
        self._cache = cache
        self._extra = extra

    def set(self, key, value, timeout=None, version=None):
        return self._cache.set(key, value, timeout + self._extra, version=version)

    def __getattr__(self, name):
        return getattr(self._cache, name)


class RecentlyRead:
    """The shared cache, with what this process read from it in the last `seconds`
    remembered: a page read a thousand times a second then costs one round trip to
    Redis per second and worker instead of two per view. Values are kept pickled, so
    every reader gets its own copy."""

    MAX_ENTRIES = 512
    memo = {}

    def __init__(self, cache, seconds):
        self._cache = cache
        self._seconds = seconds

    def get(self, key, default=None, version=None):
        now = time.monotonic()
        remembered = self.memo.get(key)
        if remembered is not None and remembered[0] > now:
            return pickle.loads(remembered[1])  # noqa: S301 - our own cache's values
        value = self._cache.get(key, version=version)
        if value is None:
            return default
        if len(self.memo) >= self.MAX_ENTRIES:
            self.memo.clear()
        self.memo[key] = (now + self._seconds, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
        return value

    @classmethod
    def forget(cls, key):
        cls.memo.pop(key, None)

    def __getattr__(self, name):
        return getattr(self._cache, name)


def forget_recently_read():
    """Drop this process's memory of recent reads (tests clear the cache with it)."""
    RecentlyRead.memo.clear()


def _is_redis_error(exc):
    return isinstance(exc, (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError))
