"""The stores the bench sets up and reads: its PostgreSQL database (recreated, copied as
its empty twin, asked what a load stored and queued, vacuumed when autovacuum is off)
and its Redis database (emptied). The database's name must contain "bench"; Redis
database 0 is never emptied. Shared by bench/runner.py and bench/scaleout.py.
"""

from urllib.parse import urlsplit

import psycopg2
import redis
from psycopg2 import sql

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/campaign_bench"
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/5"


def with_path(url, path):
    return urlsplit(url)._replace(path=path).geturl()


def twin_database_url(url):
    """The database's empty twin: `<name>_zero`."""
    return with_path(url, urlsplit(url).path + "_zero")


def twin_cache_url(url):
    """The twin's Redis database: the next one after `url`'s."""
    return with_path(url, f"/{int(urlsplit(url).path.strip('/') or 0) + 1}")


def pg_connect(url, dbname=None):
    parts = urlsplit(url)
    return psycopg2.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname=dbname or parts.path.lstrip("/"),
        connect_timeout=5,
    )


def recreate_database(url, template=None):
    name = urlsplit(url).path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"Refusing to drop {name!r}: the bench database's name must contain 'bench'.")
    conn = pg_connect(url, dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if template:
            source = sql.Identifier(urlsplit(template).path.lstrip("/"))
            cursor.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), source))
        else:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    conn.close()


def query(url, statement, params=None):
    conn = pg_connect(url)
    try:
        with conn.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall()
    finally:
        conn.close()


def server_settings(url):
    """The PostgreSQL server's version, and whether its autovacuum is on."""
    return {
        "postgresql": query(url, "SHOW server_version")[0][0],
        "autovacuum": query(url, "SHOW autovacuum")[0][0],
    }


def bench_article_slug(url):
    """The first of the articles bench/seed.py publishes."""
    rows = query(url, "SELECT slug FROM articles_article WHERE slug LIKE 'bench-%%' ORDER BY slug LIMIT 1")
    return rows[0][0]


def count_signatures(url, prefix):
    """Signatures stored with the emails of one load (`…@s<n>.<prefix>.example.org`), by
    their domain: the addresses themselves are encrypted."""
    statement = "SELECT count(*) FROM petition_signature WHERE email_domain LIKE %s"
    return query(url, statement, [f"%.{prefix}.example.org"])[0][0]


def tasks_table(url):
    """django-tasks-db's table (its name is the app's, not the bench's to assume)."""
    found = query(url, "SELECT tablename FROM pg_tables WHERE tablename LIKE 'django_tasks%%dbtaskresult'")
    return found[0][0]


def count_tasks(url, unsent_only=False):
    """Confirmation emails queued in django-tasks-db's table (sent or not yet)."""
    statement = sql.SQL(
        "SELECT count(*) FROM {} WHERE task_path LIKE %s AND (NOT %s OR status IN ('READY', 'RUNNING'))"
    ).format(sql.Identifier(tasks_table(url)))
    conn = pg_connect(url)
    try:
        with conn.cursor() as cursor:
            cursor.execute(statement, ["%send_confirmation", unsent_only])
            return cursor.fetchone()[0]
    finally:
        conn.close()


def clear_tasks(url):
    """Empty the task queue's table (what an earlier run left queued or sent)."""
    conn = pg_connect(url)
    try:
        with conn, conn.cursor() as cursor:
            cursor.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(tasks_table(url))))
    finally:
        conn.close()


def vacuum_analyze(url):
    """`VACUUM (ANALYZE)` of the signature table and the task queue's table."""
    conn = pg_connect(url)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            for name in ("petition_signature", tasks_table(url)):
                cursor.execute(sql.SQL("VACUUM (ANALYZE) {}").format(sql.Identifier(name)))
    finally:
        conn.close()


def flush_redis(url):
    if urlsplit(url).path.strip("/") in ("", "0"):
        raise SystemExit("Refusing to empty Redis database 0: give the bench its own (redis://…/5).")
    redis.Redis.from_url(url).flushdb()


def redis_version(url):
    try:
        return redis.Redis.from_url(url).info("server").get("redis_version", "?")
    except redis.RedisError:
        return "unreachable"
