"""The campaign bench: seed, serve, load, measure, write RESULTS.md. See bench/README.md.

    bench/run.sh                                    # 1,000,000 signatures, full run
    bench/run.sh --signatures 1000 --duration 2 --surge-seconds 3 --output /tmp/r.md   # smoke

Every process it starts (gunicorn, the task worker, nginx, the load client) is
stopped in a `finally`, whatever happens. Traffic goes to 127.0.0.1 only.
"""

import argparse
import html
import json
import os
import platform
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = sys.executable
# The task worker's scheduling: it runs only when the site's processes leave a core idle
# (docs/deploy.md: CPUSchedulingPolicy=idle). Plain `nice` where chrt is missing.
IDLE_PRIORITY = ["chrt", "--idle", "0"] if shutil.which("chrt") else ["nice", "-n", "19"]
# The load client stands for visitors on other machines: it runs ahead of the site on
# these shared cores (where allowed: it takes root), so that the time a reader waits is
# the site's, not the client's own lateness in sending and reading. The site keeps the
# rest of the machine; the client's share is reported with each result.
CLIENT_PRIORITY = ["nice", "-n", "-5"] if os.geteuid() == 0 else []


def priority_text(prefix):
    return f"`{' '.join(prefix)}`" if prefix else "normal priority"


DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/campaign_bench"
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/5"

# The same readers without the sign page: what the micro-cache alone absorbs.
SURGE_READER_PAGES = (
    "/en/=30,/zh-hant/=10,/en/petition/signatures/=20,/en/petition/signatures/?country=HK=5,"
    "/api/petition.json=10,{article}=20,/en/articles/=5"
)

# bench/scaleout.sh test writes its section of RESULTS.md between these marks; a new
# bench run keeps it.
MARK_BEGIN = "<!-- scale-out: written by bench/scaleout.sh test -->"
MARK_END = "<!-- /scale-out -->"

# The surge's page views: what readers open while a petition goes viral.
SURGE_PAGES = (
    "/en/=25,/zh-hant/=10,/en/petition/=15,/en/petition/signatures/=15,"
    "/en/petition/signatures/?country=HK=5,/api/petition.json=10,{article}=15,/en/articles/=5"
)


def log(message):
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# --- Processes ---------------------------------------------------------------------


class Processes:
    """Every process the bench starts, each in its own process group, stopped at the end."""

    def __init__(self, logdir):
        self.logdir = logdir
        self.running = {}

    def start(self, name, argv, env, cwd=ROOT, stop_signal=signal.SIGTERM):
        out = open(self.logdir / f"{name}.log", "ab")  # noqa: SIM115 - closed in stop()
        process = subprocess.Popen(
            argv, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.running[name] = (process, out, stop_signal)
        return process

    def stop(self, name):
        process, out, stop_signal = self.running.pop(name, (None, None, None))
        if process is None:
            return
        if process.poll() is None:
            try:
                os.killpg(process.pid, stop_signal)
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
            except ProcessLookupError:
                pass
        out.close()

    def stop_all(self):
        for name in list(self.running):
            self.stop(name)


def wait_http(url, seconds=30, process=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"The server for {url} stopped while starting: see its log.")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds} s.")


def port_free(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def http_get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {"Accept-Language": "en"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 - loopback only
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8", "replace")


# --- Database and cache ------------------------------------------------------------


def with_path(url, path):
    return urlsplit(url)._replace(path=path).geturl()


def merge_parts(parts):
    """One figure from the parts of an endpoint's measurement: requests and errors
    added up, req/s over the whole time, the slowest part's percentiles (conservative)."""
    if len(parts) == 1:
        return parts[0]
    merged = dict(parts[0])
    for key in ("requests", "ok", "errors"):
        merged[key] = sum(p.get(key) or 0 for p in parts)
    merged["seconds"] = round(sum(p.get("seconds") or 0 for p in parts), 2)
    merged["rps"] = round(merged["ok"] / merged["seconds"], 1) if merged["seconds"] else 0.0
    merged["error_rate"] = round(merged["errors"] / merged["requests"], 5) if merged["requests"] else None
    for key in ("p50_ms", "p95_ms", "p99_ms", "max_ms"):
        values = [p[key] for p in parts if p.get(key) is not None]
        merged[key] = max(values) if values else None
    statuses = {}
    for p in parts:
        for status, count in (p.get("statuses") or {}).items():
            statuses[status] = statuses.get(status, 0) + count
    merged["statuses"] = statuses
    merged["parts_rps"] = [p.get("rps") for p in parts]
    return merged


def ceiling(*runs):
    """The hello-world figures, measured before and after the site's: their mean."""
    runs = [r for r in runs if r and r.get("rps")]
    mean = {"rps": round(sum(r["rps"] for r in runs) / len(runs), 1)}
    for key in ("p50_ms", "p95_ms", "p99_ms"):
        mean[key] = round(sum(r[key] for r in runs) / len(runs), 1)
    mean["errors"] = sum(r["errors"] for r in runs)
    mean["runs"] = [r["rps"] for r in runs]
    return mean


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


def flush_redis(url):
    import redis

    if urlsplit(url).path.strip("/") in ("", "0"):
        raise SystemExit("Refusing to empty Redis database 0: give the bench its own (redis://…/5).")
    redis.Redis.from_url(url).flushdb()


def redis_version(url):
    import redis

    try:
        return redis.Redis.from_url(url).info("server").get("redis_version", "?")
    except redis.RedisError:
        return "unreachable"


# --- Machine -----------------------------------------------------------------------


def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
    import django

    commit = os.environ.get("BENCH_COMMIT")
    if not commit:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        commit = done.stdout.strip() or "?"
    return {
        "commit": commit,
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": django.get_version(),
    }


# --- The bench ---------------------------------------------------------------------


class Bench:
    def __init__(self, args):
        self.args = args
        self.workdir = Path(tempfile.mkdtemp(prefix="campaign-bench-"))
        self.processes = Processes(self.workdir)
        self.results = {
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
            "args": {
                k: (os.path.relpath(v, ROOT) if k in ("output", "json") and v else v)
                for k, v in vars(args).items()
                if k not in ("database_url", "cache_url")
            },
            "commands": [],
            "notes": [],
        }
        self.site = f"http://127.0.0.1:{args.port}"
        self.hello = f"http://127.0.0.1:{args.hello_port}"
        self.env = self._site_env()
        # The same site over an empty copy of the database: the "0 signatures" side of each pair.
        self.zero_site = f"http://127.0.0.1:{args.zero_port}"
        self.zero_database_url = with_path(args.database_url, urlsplit(args.database_url).path + "_zero")
        self.zero_cache_url = with_path(
            args.cache_url, f"/{int(urlsplit(args.cache_url).path.strip('/') or 0) + 1}"
        )
        self.zero_env = {
            **self.env,
            "DATABASE_URL": self.zero_database_url,
            "CACHE_URL": self.zero_cache_url,
            "SITE_URL": self.zero_site,
        }

    def _site_env(self):
        a = self.args
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
        env.update(
            {
                # Production settings: DEBUG off, a real secret, Redis, PostgreSQL, queued emails.
                "ENV_FILE": "",
                "DEBUG": "off",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "SITE_URL": self.site,
                "DATABASE_URL": a.database_url,
                "CACHE_URL": a.cache_url,
                "EMAIL_URL": f"filemail://{self.workdir / 'mail'}",
                "TASKS_BACKEND": "database",
                "LOG_LEVEL": "WARNING",
                "PYTHONDONTWRITEBYTECODE": "1",
                # Bench-only values, each documented in bench/README.md:
                # plain HTTP on loopback (no TLS to redirect to),
                "SECURE_SSL_REDIRECT": "off",
                # the load client signs faster than a person types, from one address, one domain.
                "SIGN_MIN_SECONDS": "0",
                "SIGN_RATE_PER_IP": "0",
                "SIGN_RATE_PER_DOMAIN": "0",
                "GUNICORN_WORKERS": str(a.workers),
            }
        )
        return env

    def manage(self, *argv, env=None, timeout=900):
        command = [PYTHON, "manage.py", *argv]
        self.results["commands"].append(" ".join(["python", "manage.py", *argv]))
        return subprocess.run(
            command,
            cwd=ROOT,
            env=env or self.env,
            check=True,
            timeout=timeout,
            capture_output=True,
            text=True,
        )

    def seed(self, *argv, env=None):
        self.results["commands"].append(" ".join(["python bench/seed.py", *argv]))
        done = subprocess.run(
            [PYTHON, str(BENCH / "seed.py"), *argv],
            cwd=ROOT,
            env=env or self.env,
            check=True,
            timeout=1800,
            stdout=subprocess.PIPE,
            text=True,
        )
        return json.loads(done.stdout.strip().splitlines()[-1])

    # --- servers ---

    def start_site(self, name="site", port=None, env=None):
        port = port or self.args.port
        if not port_free(port):
            raise SystemExit(f"Port {port} is taken: choose another with --port / --zero-port.")
        env = {**(env or self.env), "GUNICORN_BIND": f"127.0.0.1:{port}"}
        argv = [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--no-control-socket"]
        # SIGINT: gunicorn's quick shutdown (the measurements are over when it is stopped).
        process = self.processes.start(name, argv, env, stop_signal=signal.SIGINT)
        wait_http(f"http://127.0.0.1:{port}/healthz", process=process)
        return process

    def start_worker(self):
        # At idle priority, as docs/deploy.md runs it on a shared host: the pages and the
        # signing go first in a surge and the emails wait in their queue.
        self.processes.start("worker", [*IDLE_PRIORITY, PYTHON, "manage.py", "db_worker"], self.env)

    def start_hello(self):
        port = self.args.hello_port
        if not port_free(port):
            raise SystemExit(f"Port {port} is taken: choose another with --hello-port.")
        env = {**self.env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
        argv = [
            PYTHON,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "--no-control-socket",
            "bench.hello.wsgi:application",
        ]
        process = self.processes.start("hello", argv, env, stop_signal=signal.SIGINT)
        wait_http(f"{self.hello}/", process=process)

    def start_nginx(self, upstream_ports):
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            return None
        prefix = self.workdir / "nginx"
        conf = render_nginx_conf(prefix, self.args.nginx_port, upstream_ports, self.args.micro_cache)
        self.results["commands"].append(f"nginx -c {conf.name} -p <temp dir>  (from bench/nginx.conf)")
        process = self.processes.start("nginx", [nginx, "-c", str(conf), "-p", str(prefix)], self.env)
        wait_http(f"http://127.0.0.1:{self.args.nginx_port}/healthz", process=process)
        return f"http://127.0.0.1:{self.args.nginx_port}"

    # --- load ---

    def load(self, *argv, timeout=None):
        command = [*CLIENT_PRIORITY, PYTHON, str(BENCH / "load.py"), *argv]
        self.results["commands"].append(" ".join(["python bench/load.py", *argv]))
        budget = timeout or (self.args.duration + self.args.warmup + 120)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(
            command, cwd=ROOT, check=True, timeout=budget, stdout=subprocess.PIPE, text=True
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = json.loads(done.stdout)
        # The client's own CPU, so a reader sees what of the two cores it took from the site.
        result["client_cpu_seconds"] = round(
            (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), 1
        )
        return result

    def get_load(self, url):
        a = self.args
        return self.load(
            "get",
            "--url",
            url,
            "--concurrency",
            str(a.concurrency),
            "--duration",
            str(a.duration),
            "--warmup",
            str(a.warmup),
        )

    # --- discovery ---

    def article_path(self, database_url):
        rows = query(
            database_url,
            "SELECT slug FROM articles_article WHERE slug LIKE 'bench-%%' ORDER BY slug LIMIT 1",
        )
        return f"/zh-hant/articles/{rows[0][0]}/"

    def deep_wall_path(self, site, steps):
        """Follow the wall's "earlier signatures" link `steps` times; the last page reached."""
        path = "/en/petition/signatures/"
        followed = 0
        started = time.monotonic()
        for _ in range(steps):
            status, _headers, body = http_get(site + path)
            match = re.search(r'<a[^>]*rel="next"[^>]*href="([^"]+)"', body) or re.search(
                r'<a[^>]*href="([^"]+)"[^>]*rel="next"', body
            )
            if status != 200 or not match:
                break
            path = urljoin(path, html.unescape(match.group(1)))
            followed += 1
        return path, followed, round(time.monotonic() - started, 1)

    def endpoints(self, site, database_url):
        deep, followed, seconds = self.deep_wall_path(site, self.args.wall_steps)
        self.results.setdefault("deep_wall", []).append(
            {"site": site, "path": deep, "pages_followed": followed, "seconds": seconds}
        )
        return {
            "home /en/": "/en/",
            "article /zh-hant/articles/<slug>/": self.article_path(database_url),
            "petition /en/petition/": "/en/petition/",
            "wall page 1": "/en/petition/signatures/",
            "wall deep page (keyset)": deep,
            "wall ?country=HK": "/en/petition/signatures/?country=HK",
            "api /api/petition.json": "/api/petition.json",
        }

    def measure_gets(self, paired):
        """Each endpoint at N signatures and at 0 (`paired`), in the order N, 0, 0, N, N, 0,
        0, N with a quarter of the duration each: the two figures of a pair are taken
        seconds apart and around the same midpoint, so a drift in the machine's
        background load affects both alike and the ratio stays meaningful (with halves,
        N, 0, 0, N, one dip of a few seconds on this shared VM still moved a ratio by
        0.2). One load-client process measures them all, one after the other."""
        a = self.args
        at_n, at_zero = {}, {}
        zero_endpoints = self.endpoints(self.zero_site, self.zero_database_url) if paired else {}
        runs = []
        for name, path in self.results["endpoints"].items():
            n = (at_n, name, self.site, path)
            if paired:
                zero = (at_zero, name, self.zero_site, zero_endpoints[name])
                runs += [n, zero, zero, n] * 2
            else:
                runs += [n]
        duration = a.duration / 4 if paired else a.duration
        log(f"GET {len(runs)} × ({a.warmup} s warm-up + {duration} s): N, 0, 0, N, N, 0, 0, N per endpoint")
        argv = ["get", "--concurrency", str(a.concurrency), "--duration", str(duration)]
        argv += ["--warmup", str(a.warmup)]
        for _target, _name, site, path in runs:
            argv += ["--url", site + path]
        measured = self.load(*argv, timeout=len(runs) * (duration + a.warmup + 60))
        results = measured.get("results", [measured])
        parts_of = {}
        for (target, name, _site, path), result in zip(runs, results, strict=True):
            result["path"] = path
            parts_of.setdefault((id(target), name), (target, []))[1].append(result)
        for (_key, name), (target, parts) in parts_of.items():
            target[name] = merge_parts(parts)
        return at_n, at_zero

    # --- checks ---

    def check_headers(self):
        """Anonymous GETs of pages without a form: no cookie, no Vary: Cookie, public Cache-Control."""
        checks = []
        paths = list(dict.fromkeys(self.results["endpoints"].values()))
        expected = re.compile(r"public.*max-age=\d+.*stale-while-revalidate=\d+.*stale-if-error=\d+")
        for path in paths:
            status, headers, body = http_get(self.site + path)
            cache_control = headers.get("Cache-Control", "")
            vary = headers.get("Vary", "")
            has_form = path.rstrip("/").endswith("/petition")
            row = {
                "path": path,
                "status": status,
                "set_cookie": headers.get("Set-Cookie") is not None,
                "vary": vary,
                "cache_control": cache_control,
                "has_form": has_form,
            }
            personal = row["set_cookie"] or "cookie" in vary.lower()
            row["ok"] = (
                status == 200 and not personal and bool(expected.search(cache_control.replace(" ", "")))
            )
            if has_form:
                # The signing page is public too: one copy for everyone, so it must not
                # carry anyone's CSRF token (its script fetches one from /form-token/).
                row["ok"] = row["ok"] and 'name="csrfmiddlewaretoken" value=""' in body
            checks.append(row)
        # The token the signing form's script fetches: private, never stored by a cache.
        status, headers, _ = http_get(self.site + "/form-token/")
        cache_control = headers.get("Cache-Control", "")
        checks.append(
            {
                "path": "/form-token/",
                "status": status,
                "set_cookie": headers.get("Set-Cookie") is not None,
                "vary": headers.get("Vary", ""),
                "cache_control": cache_control,
                "has_form": False,
                "private": True,
                "ok": status == 200 and "no-store" in cache_control and "public" not in cache_control,
            }
        )
        return checks

    def count_signatures(self, prefix):
        return query(
            self.args.database_url,
            "SELECT count(*) FROM petition_signature WHERE email LIKE %s",
            [f"{prefix}.%"],
        )[0][0]

    def tasks_table(self):
        """django-tasks-db's table (its name is the app's, not the bench's to assume)."""
        found = query(
            self.args.database_url,
            "SELECT tablename FROM pg_tables WHERE tablename LIKE 'django_tasks%%dbtaskresult'",
        )
        return found[0][0]

    def count_tasks(self, unsent_only=False):
        """Confirmation emails queued in django-tasks-db's table (sent or not yet)."""
        url = self.args.database_url
        statement = sql.SQL(
            "SELECT count(*) FROM {} WHERE task_path LIKE %s AND (NOT %s OR status IN ('READY', 'RUNNING'))"
        ).format(sql.Identifier(self.tasks_table()))
        conn = pg_connect(url)
        try:
            with conn.cursor() as cursor:
                cursor.execute(statement, ["%send_confirmation", unsent_only])
                return cursor.fetchone()[0]
        finally:
            conn.close()

    def vacuum_if_autovacuum_is_off(self):
        """What autovacuum does between the measurements on a production server (with the
        thresholds of the migrations) when this server has it turned off: without it the
        task queue's index fills with dead entries and its statistics go stale."""
        if self.results["machine"].get("autovacuum") != "off":
            return
        conn = pg_connect(self.args.database_url)
        conn.autocommit = True
        try:
            with conn.cursor() as cursor:
                for name in ("petition_signature", self.tasks_table()):
                    cursor.execute(sql.SQL("VACUUM (ANALYZE) {}").format(sql.Identifier(name)))
        finally:
            conn.close()
        self.results["vacuumed_by_the_bench"] = True

    def wait_for_emails(self, after, limit=600):
        """Let the task worker send what a load queued before the next measurement starts:
        each one then begins on a machine at rest, as the first did. Records how long the
        queue took to empty (the emails' own throughput, behind the signing)."""
        started = time.monotonic()
        unsent = first = self.count_tasks(unsent_only=True)
        while unsent and time.monotonic() - started < limit:
            time.sleep(1)
            unsent = self.count_tasks(unsent_only=True)
        seconds = round(time.monotonic() - started, 1)
        self.results.setdefault("email_queue", {})[after] = {
            "unsent_when_load_ended": first,
            "seconds_to_send": seconds,
            "left_unsent": unsent,
        }
        log(f"emails queued by {after}: {first} unsent at the end, sent in {seconds} s ({unsent} left)")
        self.vacuum_if_autovacuum_is_off()

    def measure_sign(self, reuse_form, worker=True):
        """Signing: the POST alone (each client's form fetched once, before the clock), or
        the whole visit (GET the form, POST it) when `reuse_form` is false. With `worker`
        false the task worker is stopped meanwhile: the emails wait in their queue (as
        with a worker on a host of its own) and are sent once it is started again."""
        prefix = f"{'post' if reuse_form else 'flow'}{int(time.time())}"
        tasks_before = self.count_tasks()
        if not worker:
            self.processes.stop("worker")
        try:
            result = self._sign_load(reuse_form, prefix)
        finally:
            if not worker:
                self.start_worker()
        stored = self.count_signatures(prefix)
        queued = self.count_tasks() - tasks_before
        answered = sum(n for status, n in result["post"]["statuses"].items() if 200 <= int(status) < 400)
        result.update(
            {
                "worker_running": worker,
                "stored": stored,
                "answered_2xx_3xx": answered,
                "tasks_queued": queued,
                "stored_equals_answered": stored == answered,
                "every_signature_has_its_task": queued == stored,
            }
        )
        return result

    def _sign_load(self, reuse_form, prefix):
        a = self.args
        return self.load(
            "sign",
            "--form-url",
            f"{self.site}/en/petition/",
            "--concurrency",
            str(a.concurrency),
            "--duration",
            str(a.duration),
            "--email-prefix",
            prefix,
            *(["--reuse-form"] if reuse_form else []),
        )

    def measure_surge(self, base, where):
        a = self.args
        prefix = f"surge{int(time.time())}"
        pages = SURGE_PAGES.format(article=self.results["endpoints"]["article /zh-hant/articles/<slug>/"])
        result = self.load(
            "surge",
            "--base",
            base,
            "--pages",
            pages,
            "--form-path",
            "/en/petition/",
            "--rate",
            str(a.surge_rate),
            "--views-per-signature",
            str(a.views_per_signature),
            "--duration",
            str(a.surge_seconds),
            "--email-prefix",
            prefix,
            timeout=a.surge_seconds + 180,
        )
        result["where"] = where
        result["stored"] = self.count_signatures(prefix)
        return result

    def export(self, fmt):
        time_bin = "/usr/bin/time"
        out = self.workdir / f"export.{fmt}"
        argv = [PYTHON, "manage.py", "export_signatures", "--format", fmt, "--output", str(out)]
        env = {**self.env, "DATABASE_STATEMENT_TIMEOUT": "0"}
        if not Path(time_bin).exists():
            return {"skipped": "GNU time (/usr/bin/time) is not installed: apt-get install time"}
        self.results["commands"].append(
            f"/usr/bin/time -v python manage.py export_signatures --format {fmt} --output FILE"
        )
        started = time.monotonic()
        done = subprocess.run(
            [time_bin, "-v", *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200
        )
        seconds = time.monotonic() - started
        if done.returncode != 0:
            return {"failed": done.stderr[-1500:]}
        rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))
        return {
            "seconds": round(seconds, 1),
            "peak_rss_mb": round(rss_kb / 1024, 1),
            "bytes": out.stat().st_size,
        }

    def idle_rss(self):
        """Peak RSS of a Django process that loads the same code and exports nothing."""
        code = "import django; django.setup(); import petition.export_services, petition.models"
        done = subprocess.run(
            ["/usr/bin/time", "-v", PYTHON, "-c", code],
            cwd=ROOT,
            env={**self.env, "DJANGO_SETTINGS_MODULE": "campaign.settings"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
        return round(int(match.group(1)) / 1024, 1) if match else None

    def measure_exports(self):
        check = subprocess.run(
            [PYTHON, "manage.py", "help", "export_signatures"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            timeout=120,
        )
        if check.returncode != 0:
            return {"skipped": "manage.py export_signatures is not available yet"}
        exports = {"idle_rss_mb": self.idle_rss()}
        for fmt in self.args.export_formats:
            log(f"export {fmt}")
            exports[fmt] = self.export(fmt)
        return exports

    # --- the run ---

    def run(self):
        a = self.args
        r = self.results
        r["machine"] = machine()
        r["machine"]["redis"] = redis_version(a.cache_url)
        log(f"work directory {self.workdir}; load average {r['machine']['load_average']}")
        try:
            log(f"database {urlsplit(a.database_url).path.lstrip('/')}: recreate, migrate, demo content")
            recreate_database(a.database_url)
            flush_redis(a.cache_url)
            self.manage("migrate", "--noinput")
            r["seed_base"] = self.seed("--base")["base"]
            if not a.skip_zero:
                # The empty twin: a copy of the database before any signature is added.
                recreate_database(self.zero_database_url, template=a.database_url)
                flush_redis(self.zero_cache_url)
            if a.collectstatic:
                self.manage("collectstatic", "--noinput", "--verbosity", "0")
            r["machine"]["postgresql"] = query(a.database_url, "SHOW server_version")[0][0]
            r["machine"]["autovacuum"] = query(a.database_url, "SHOW autovacuum")[0][0]

            log(f"seeding {a.signatures:,} signatures")
            r["seed"] = self.seed("--signatures", str(a.signatures))["signatures"]

            log(f"gunicorn with {a.workers} workers on {self.site}, task worker")
            self.start_site()
            self.start_worker()
            if not a.skip_zero:
                log(f"gunicorn with {a.workers} workers on {self.zero_site}: the same site with 0 signatures")
                self.start_site("site-zero", port=a.zero_port, env=self.zero_env)
            r["endpoints"] = self.endpoints(self.site, a.database_url)
            r["headers"] = self.check_headers()

            log("hello-world ceiling")
            self.start_hello()
            r["hello_before"] = self.get_load(f"{self.hello}/")
            self.processes.stop("hello")

            r["at_n"], r["at_zero"] = self.measure_gets(paired=not a.skip_zero)
            self.processes.stop("site-zero")

            log("sign POST, the task worker stopped meanwhile")
            r["sign"] = self.measure_sign(reuse_form=True, worker=False)
            self.wait_for_emails("the sign POST")
            log("sign POST, the task worker sending beside it")
            r["sign_beside_worker"] = self.measure_sign(reuse_form=True)
            self.wait_for_emails("the sign POST beside the worker")
            log("sign visit: GET the form, POST it")
            r["sign_flow"] = self.measure_sign(reuse_form=False)
            self.wait_for_emails("the sign visit")

            log("hello-world ceiling again")
            self.start_hello()
            r["hello_after"] = self.get_load(f"{self.hello}/")
            self.processes.stop("hello")
            r["hello"] = ceiling(r["hello_before"], r["hello_after"])

            if a.surge_seconds > 0:
                base, where = self.site, "gunicorn directly"
                if not a.surge_direct:
                    nginx_base = self.start_nginx([a.port])
                    if nginx_base:
                        base, where = nginx_base, f"nginx (micro-cache {a.micro_cache} s) → gunicorn"
                    else:
                        r["notes"].append("nginx is not installed: the surge ran against gunicorn directly.")
                log(f"surge for {a.surge_seconds} s through {where}")
                r["surge"] = self.measure_surge(base, where)
                self.processes.stop("nginx")
                self.wait_for_emails("the surge")

            self.processes.stop("site")
            if a.export_formats:
                r["exports"] = self.measure_exports()
            r["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
            r["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
        finally:
            self.processes.stop_all()
        return r


# --- nginx -------------------------------------------------------------------------


def render_nginx_conf(prefix, port, upstream_ports, micro_cache, media_root=None):
    """bench/nginx.conf with this run's ports and paths, written into `prefix`."""
    prefix = Path(prefix)
    for sub in ("logs", "cache", "tmp"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
        # Started as root, nginx's workers run as an unprivileged user: let them write here.
        (prefix / sub).chmod(0o777)
    for folder in (prefix, prefix.parent):
        folder.chmod(folder.stat().st_mode | 0o755)
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=0;" for p in upstream_ports)
    text = (BENCH / "nginx.conf").read_text()
    text = (
        text.replace("@PORT@", str(port))
        .replace("@UPSTREAMS@", servers.strip())
        .replace("@MICRO_CACHE@", str(micro_cache))
        .replace("@MEDIA_ROOT@", str(media_root or ROOT / "media"))
    )
    conf = prefix / "nginx.conf"
    conf.write_text(text)
    return conf


# --- RESULTS.md --------------------------------------------------------------------


def fmt(value, digits=0):
    if value is None:
        return "–"
    if isinstance(value, float) and digits:
        return f"{value:,.{digits}f}"
    if isinstance(value, (int, float)):
        return f"{value:,.0f}"
    return str(value)


def verdict(ok):
    return "met" if ok else "**not met**"


def write_results(r, path):
    a = r["args"]
    m = r["machine"]
    hello = r.get("hello", {})
    ceiling = hello.get("rps") or 0
    lines = [
        "# Bench results",
        "",
        f"Run {r['started']} → {r.get('finished', '(interrupted)')}, by `bench/run.sh` (bench/runner.py).",
        "",
        "## Machine",
        "",
        f"- code measured: commit {m.get('commit', '?')}",
        f"- {m['cpus']} CPUs ({m['cpu_model']}), {m['memory_gib']} GiB memory, Linux {m['kernel']}",
        f"- Python {m['python']}, Django {m['django']}, PostgreSQL {m.get('postgresql', '?')}, "
        f"Redis {m.get('redis', '?')} — all on this machine, traffic on 127.0.0.1",
        f"- load average before the run: {' '.join(str(x) for x in m['load_average'])}; "
        f"after: {' '.join(str(x) for x in r.get('load_average_after', []))}",
    ]
    if m.get("autovacuum") == "off":
        lines.append(
            "- PostgreSQL's autovacuum is **off** on this machine: after each load the bench runs "
            "`VACUUM (ANALYZE)` of the signature and task tables, as autovacuum would on a production "
            "server (docs/deploy.md)"
        )
    if m["load_average"][0] > 0.5 * (m["cpus"] or 1):
        lines.append(
            "- **The machine was busy before the run** (other work running): absolute figures are "
            "lower than on an idle machine; ratios to the ceiling, measured in the same run, hold better."
        )
    lines += [
        "",
        "## Settings",
        "",
        f"- gunicorn `gunicorn.conf.py`, gthread workers (keep-alive): GUNICORN_WORKERS={a['workers']}, "
        "1 thread; "
        "the hello-world ceiling with the same file and workers",
        "- DEBUG=off, PostgreSQL (persistent connections, health checks, statement_timeout), Redis cache, "
        "TASKS_BACKEND=database with `manage.py db_worker` at idle CPU priority "
        f"({priority_text(IDLE_PRIORITY)}, as in docs/deploy.md), "
        f"the load client at {priority_text(CLIENT_PRIORITY)}, "
        "emails to files (no network)",
        "- bench-only: SECURE_SSL_REDIRECT=off (plain HTTP on loopback), SIGN_MIN_SECONDS=0, "
        "SIGN_RATE_PER_IP=0, SIGN_RATE_PER_DOMAIN=0 (the client signs faster than a person, from one "
        "address); everything else as in production",
        f"- load: {a['concurrency']} concurrent clients (closed loop, aiohttp, a separate process), "
        f"{a['warmup']} s warm-up then {a['duration']} s per endpoint",
        "",
        "## Commands",
        "",
        "```sh",
        " ".join(["bench/run.sh", *r.get("argv", [])]),
        "```",
        "",
        "<details><summary>Every command the run executed</summary>",
        "",
        "```",
        *dict.fromkeys(c for c in r["commands"]),
        "```",
        "",
        "</details>",
        "",
    ]
    seed = r.get("seed", {})
    lines += [
        "## Seeding",
        "",
        f"- {fmt(seed.get('signatures'))} confirmed signatures over ~100 countries: "
        f"INSERT … SELECT generate_series {seed.get('insert_seconds')} s + VACUUM ANALYZE "
        f"{seed.get('vacuum_analyze_seconds')} s = **{seed.get('seconds')} s** "
        f"(target < 120 s: {verdict((seed.get('seconds') or 1e9) < 120)})",
        f"- base content (demo pages, petition, {r.get('seed_base', {}).get('articles')} published "
        f"articles): {r.get('seed_base', {}).get('seconds')} s",
        "",
        "## Requests per second, per endpoint",
        "",
        f"Hello-world Django ceiling: **{fmt(ceiling)} req/s**, p50 {hello.get('p50_ms')} ms, "
        f"p99 {hello.get('p99_ms')} ms, errors {hello.get('errors')} (mean of a run before the "
        f"endpoints and one after: {' and '.join(fmt(x) for x in hello.get('runs', []))} req/s).",
        "",
        "Each endpoint is measured at N signatures and at 0 back to back (the same site over an empty "
        "copy of the database on another port), so both figures of a pair see the same background load.",
        "",
        f"| endpoint | req/s at 0 | req/s at {fmt(seed.get('signatures'))} | flat (N/0 ≥ 0.9) "
        "| ratio to ceiling (≥ 0.5) | p50 ms | p95 ms | p99 ms (< 100) | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    at_zero, at_n = r.get("at_zero", {}), r.get("at_n", {})
    gets_ok = True
    for name, result in at_n.items():
        zero = at_zero.get(name)
        flat = result["rps"] / zero["rps"] if zero and zero.get("rps") else None
        ratio = result["rps"] / ceiling if ceiling else None
        ok = (
            (ratio or 0) >= 0.5
            and (result["p99_ms"] or 1e9) < 100
            and result["errors"] == 0
            and (flat is None or flat >= 0.9)
        )
        gets_ok = gets_ok and ok
        lines.append(
            f"| {name} `{result['path']}` | {fmt(zero['rps'] if zero else None)} | {fmt(result['rps'])} "
            f"| {fmt(flat, 2) if flat else '–'} | {fmt(ratio, 2) if ratio else '–'} | {result['p50_ms']} "
            f"| {result['p95_ms']} | {result['p99_ms']} | {result['errors']} |"
        )
    first = at_n.get("wall page 1")
    deep = at_n.get("wall deep page (keyset)")
    if first and deep:
        deep_ratio = deep["rps"] / first["rps"] if first["rps"] else 0
        lines += [
            "",
            f"Deepest wall page vs the first: {deep_ratio:.2f} (target ≥ 0.8: {verdict(deep_ratio >= 0.8)}). "
            "Reached by following the “earlier signatures” link: "
            + "; ".join(
                f"{d['pages_followed']} times in {d['seconds']} s (page {d['pages_followed'] + 1})"
                for d in r.get("deep_wall", [])[:1]
            )
            + ".",
        ]
    lines += ["", f"All GETs at ≥ 50% of the ceiling, p99 < 100 ms, flat with data: {verdict(gets_ok)}.", ""]
    if r.get("sign"):
        lines += ["## Signing (POST)", ""]
        for key, title in (
            (
                "sign",
                "The sign POST alone: each client GETs its form once (not timed), then POSTs it "
                "again and again with new names and distinct emails",
            ),
            (
                "sign_beside_worker",
                "The sign POST alone again, with the task worker sending the emails beside it on "
                "the same two cores (at idle CPU priority)",
            ),
            (
                "sign_flow",
                "A whole visit per signature: GET the form without cookies, read the CSRF "
                "cookie, csrfmiddlewaretoken and `rendered`, POST with a distinct email",
            ),
        ):
            sign = r.get(key)
            if not sign:
                continue
            post = sign["post"]
            ok = (
                (sign["signatures_per_second"] or 0) >= 300
                and post["errors"] == 0
                and sign["stored_equals_answered"]
                and sign["every_signature_has_its_task"]
            )
            lines += [
                f"**{title}** ({a['concurrency']} clients, {a['duration']} s):",
                "",
                f"- accepted (302/303): **{fmt(sign['accepted'])}** = **{sign['signatures_per_second']} "
                f"signatures/s**, POST p50 {post['p50_ms']} ms, p95 {post['p95_ms']} ms, "
                f"p99 {post['p99_ms']} ms"
                + (f"; form GET p50 {sign['form_get']['p50_ms']} ms" if sign["form_get"]["requests"] else ""),
                f"- answers: {post['statuses']}, errors {post['errors']} {post['exceptions'] or ''}",
                f"- rows stored afterwards: **{fmt(sign['stored'])}**; 2xx/3xx answers: "
                f"**{fmt(sign['answered_2xx_3xx'])}** → equal: **{sign['stored_equals_answered']}**",
                f"- confirmation tasks queued (django_tasks_db rows): **{fmt(sign['tasks_queued'])}** → "
                f"one per stored signature: **{sign['every_signature_has_its_task']}**",
            ]
            if key == "sign":
                lines.append(
                    "- the task worker was stopped during this measurement: the POST's own capacity, as "
                    "with the worker on a host of its own; its emails waited in the queue and were sent "
                    "when it started again (below)"
                )
                lines.append(f"- targets (≥ 300 signatures/s, 0 errors, 0 lost, task queued): {verdict(ok)}")
            lines.append("")
        lines += [
            "No network call inside the request: the confirmation email is a task row written in the "
            "signature's transaction and sent by `db_worker`.",
            "",
        ]
    queue = r.get("email_queue")
    if queue:
        lines += [
            "The emails behind the load: `db_worker` (idle priority) sends them while and after it runs; the "
            "next measurement waits until the queue is empty, so each one starts on a machine at rest.",
            "",
        ]
        for after, q in queue.items():
            left = f", **{q['left_unsent']:,} left unsent**" if q["left_unsent"] else ""
            lines.append(
                f"- after {after}: {q['unsent_when_load_ended']:,} emails still queued when the load "
                f"ended, all sent {q['seconds_to_send']} s later{left}"
            )
        lines.append("")
    surge = r.get("surge")
    if surge:
        views = surge["page_views"]
        everything = surge["all"]
        ok = (everything["p99_ms"] or 1e9) < 500 and (everything["error_rate"] or 0) < 0.001
        lines += [
            "## Surge (open loop)",
            "",
            f"{surge['target_signatures_per_second']} signatures/s and "
            f"{fmt(surge['target_page_views_per_second'])} page views/s "
            f"({a['views_per_signature']} per signature) for {surge['duration']} s, "
            f"through {surge['where']}.",
            "",
            f"- page views: {fmt(views['requests'])} sent, **{fmt(views['rps'])}/s** answered, "
            f"p50 {views['p50_ms']} ms, p95 {views['p95_ms']} ms, **p99 {views['p99_ms']} ms**, "
            f"errors {views['errors']} ({views['error_rate']:.3%})",
            f"- signatures: {fmt(surge['accepted'])} accepted ({fmt(surge['stored'])} stored), POST p99 "
            f"{surge['sign_post']['p99_ms']} ms, errors {surge['sign_post']['errors']}",
            f"- all requests: p99 **{everything['p99_ms']} ms**, "
            f"error rate **{everything['error_rate']:.3%}** (targets p99 < 500 ms, < 0.1%: {verdict(ok)}); "
            f"requests the client could not start in time (counted as errors): {surge['dropped_by_client']}",
        ]
        if views.get("cache"):
            lines.append(f"- nginx cache: {views['cache']}")
        if surge.get("client_cpu_seconds") and surge.get("seconds"):
            lines.append(
                f"- the load client took {surge['client_cpu_seconds'] / surge['seconds']:.2f} of the "
                f"machine's cores itself, at {priority_text(CLIENT_PRIORITY)}, so that its requests leave "
                "and are read on time "
                "(as from visitors' own machines); the site had the rest"
            )
        lines.append(
            "- requests the client starts late or not at all count as latency and errors: that is "
            "what an overloaded server means to its visitors"
        )
        lines += [
            "",
            "| page | share | req/s | p50 | p99 | errors |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for page, result in surge["pages"].items():
            lines.append(
                f"| `{page}` | {fmt(result['requests'])} | {fmt(result['rps'])} | {result['p50_ms']} "
                f"| {result['p99_ms']} | {result['errors']} |"
            )
        lines.append("")
    headers = r.get("headers")
    if headers:
        lines += [
            "## Response headers of anonymous GETs",
            "",
            "| path | Set-Cookie | Vary | Cache-Control | ok |",
            "| --- | --- | --- | --- | --- |",
        ]
        for h in headers:
            note = (
                " (signing page: public, no CSRF token in it)"
                if h["has_form"]
                else " (CSRF token for the form: private)"
                if h.get("private")
                else ""
            )
            lines.append(
                f"| `{h['path']}`{note} | {'yes' if h['set_cookie'] else 'no'} | {h['vary'] or '–'} "
                f"| `{h['cache_control'] or '–'}` | {'yes' if h['ok'] else '**no**'} |"
            )
        lines.append("")
    exports = r.get("exports")
    if exports:
        lines += ["## Export of every signature (`manage.py export_signatures`)", ""]
        if "skipped" in exports:
            lines.append(f"Skipped: {exports['skipped']}.")
        else:
            idle = exports.get("idle_rss_mb")
            lines.append(f"Peak RSS of an idle Django process with the same code loaded: {idle} MB.")
            lines.append("")
            for fmt_name, limit_s, limit_mb in (("csv", 10, 50), ("xlsx", 60, 200)):
                e = exports.get(fmt_name)
                if not e:
                    continue
                if "seconds" not in e:
                    lines.append(f"- {fmt_name.upper()}: {e}")
                    continue
                above = e["peak_rss_mb"] - (idle or 0)
                ok = e["seconds"] < limit_s and above <= limit_mb
                lines.append(
                    f"- {fmt_name.upper()}: **{e['seconds']} s**, peak RSS {e['peak_rss_mb']} MB "
                    f"({above:+.1f} MB over idle), {e['bytes'] / 1e6:.1f} MB written "
                    f"(targets < {limit_s} s, ≤ {limit_mb} MB over idle: {verdict(ok)})"
                )
        lines.append("")
    if r["notes"]:
        lines += ["## Notes", "", *[f"- {n}" for n in r["notes"]], ""]
    lines += [
        "What these figures point at, with profiles and query plans: bench/README.md, "
        "“What stands in the way, measured”.",
        "",
    ]
    text = "\n".join(lines)
    previous = Path(path).read_text() if Path(path).exists() else ""
    if MARK_BEGIN in previous and MARK_END in previous:
        kept = previous[previous.index(MARK_BEGIN) : previous.index(MARK_END) + len(MARK_END)]
        text = text.rstrip("\n") + "\n\n" + kept + "\n"
    Path(path).write_text(text)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description="Benchmark the campaign site. See bench/README.md.")
    parser.add_argument("--signatures", type=int, default=1_000_000)
    parser.add_argument("--duration", type=float, default=20, help="Seconds of load per endpoint.")
    parser.add_argument("--warmup", type=float, default=3, help="Unrecorded seconds before each.")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("GUNICORN_WORKERS", 0)) or None)
    parser.add_argument("--surge-seconds", type=float, default=300)
    parser.add_argument("--surge-rate", type=float, default=33, help="Signatures per second.")
    parser.add_argument("--views-per-signature", type=float, default=45)
    parser.add_argument("--surge-direct", action="store_true", help="Surge against gunicorn, not nginx.")
    parser.add_argument("--micro-cache", type=int, default=2, help="nginx micro-cache seconds.")
    parser.add_argument("--wall-steps", type=int, default=500, help="Wall pages to follow for the deep one.")
    parser.add_argument("--skip-zero", action="store_true", help="Do not measure at 0 signatures.")
    parser.add_argument("--export-formats", default="csv,xlsx", help="Comma-separated; empty to skip.")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--cache-url", default=os.environ.get("BENCH_CACHE_URL", DEFAULT_CACHE_URL))
    parser.add_argument("--port", type=int, default=18000)
    parser.add_argument("--hello-port", type=int, default=18009)
    parser.add_argument("--zero-port", type=int, default=18010, help="The site over 0 signatures.")
    parser.add_argument("--nginx-port", type=int, default=18080)
    parser.add_argument(
        "--no-collectstatic",
        dest="collectstatic",
        action="store_false",
        help="The static manifest is already built (the test suite does it).",
    )
    parser.add_argument("--output", default=str(BENCH / "RESULTS.md"))
    parser.add_argument("--json", help="Also write the raw results here (default: beside --output).")
    args = parser.parse_args(argv)
    args.workers = args.workers or (os.cpu_count() or 1) + 1
    args.export_formats = [f for f in args.export_formats.split(",") if f]
    for url in (args.database_url, args.cache_url):
        host = urlsplit(url).hostname
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit(f"The bench runs against local services only, not {host}.")
    bench = Bench(args)
    bench.results["argv"] = argv
    try:
        bench.run()
    finally:
        bench.processes.stop_all()
        # Whatever was measured is written, even when a step failed.
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        json_path = args.json or str(Path(args.output).with_suffix(".json"))
        Path(json_path).write_text(json.dumps(bench.results, indent=1, default=str))
        write_results(bench.results, args.output)
        log(f"results in {args.output} and {json_path}; logs in {bench.workdir}")


if __name__ == "__main__":
    main()
