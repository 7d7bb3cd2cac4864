"""The bench's measurements, each a method of `Bench`: seeding, the site and its empty
twin served, the header checks, the GET pairs at N and at 0 signatures interleaved in
parts, the hello-world ceiling, the sign POST and the whole visit, the surge (the
exports are in bench/exports.py). Each puts its figures into `Bench.results`;
bench/runner.py runs them in order and bench/report.py writes them out.
"""

import html
import json
import os
import platform
import re
import resource
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import django
from processes import BENCH, CLIENT_PRIORITY, PYTHON, ROOT, Processes, http_get, log, site_env, wait_port_free
from stores import (
    bench_article_slug,
    clear_tasks,
    count_signatures,
    count_tasks,
    flush_redis,
    recreate_database,
    server_settings,
    twin_cache_url,
    twin_database_url,
    vacuum_analyze,
)

# The surge's page views: what readers open while a petition goes viral.
SURGE_PAGES = (
    "/en/=25,/zh-hant/=10,/en/petition/=15,/en/petition/signatures/=15,"
    "/en/petition/signatures/?country=HK=5,/api/petition.json=10,{article}=15,/en/articles/=5"
)

# The same readers without the sign page: what the micro-cache alone absorbs.
SURGE_READER_PAGES = (
    "/en/=30,/zh-hant/=10,/en/petition/signatures/=20,/en/petition/signatures/?country=HK=5,"
    "/api/petition.json=10,{article}=20,/en/articles/=5"
)


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


# The signing ratios alternate their two sides in this many cycles of four parts (X, Y, Y,
# X): on these shared cores a neighbour may take a core for twenty seconds, and with more,
# shorter parts such a dip falls on both sides alike.
RATIO_CYCLES = 4


def summed_parts(runs):
    """One figure for the parts of a signing measurement taken in turns with another."""
    return {
        "signatures_per_second": round(sum(r["signatures_per_second"] for r in runs) / len(runs), 1),
        "parts": [r["signatures_per_second"] for r in runs],
        "accepted": sum(r["accepted"] for r in runs),
        "errors": sum(r["post"]["errors"] for r in runs),
        "post_p50_ms": max(r["post"]["p50_ms"] or 0 for r in runs),
        "post_p99_ms": max(r["post"]["p99_ms"] or 0 for r in runs),
        "stored_equals_answered": all(r["stored_equals_answered"] for r in runs),
        "every_signature_has_its_task": all(r["every_signature_has_its_task"] for r in runs),
        "samples": [s for r in runs for s in r["post"].get("samples", [])][:3],
    }


def machine():
    """The machine the bench runs on, and the commit it measures."""
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
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


class Bench:
    """One run: its options, its work directory, the processes it started, its results."""

    def __init__(self, args):
        self.args = args
        if getattr(args, "workdir", None):
            self.workdir = Path(args.workdir)
            self.workdir.mkdir(parents=True, exist_ok=True)
        else:
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
        self.env = site_env(args, self.site, self.workdir / "mail")
        # The same site over an empty copy of the database: the "0 signatures" side of each pair.
        self.zero_site = f"http://127.0.0.1:{args.zero_port}"
        self.zero_database_url = twin_database_url(args.database_url)
        self.zero_cache_url = twin_cache_url(args.cache_url)
        self.zero_env = {
            **self.env,
            "DATABASE_URL": self.zero_database_url,
            "CACHE_URL": self.zero_cache_url,
            "SITE_URL": self.zero_site,
        }

    def manage(self, *argv):
        return self.manage_on(self.env, *argv)

    def manage_on(self, env, *argv):
        self.results["commands"].append(" ".join(["python", "manage.py", *argv]))
        return subprocess.run(
            [PYTHON, "manage.py", *argv],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=900,
            capture_output=True,
            text=True,
        )

    def seed(self, *argv):
        return self.script("seed.py", *argv)

    def script(self, name, *argv):
        """bench/`name` with `argv` in the site's environment: the JSON of its last line."""
        self.results["commands"].append(" ".join([f"python bench/{name}", *argv]))
        done = subprocess.run(
            [PYTHON, str(BENCH / name), *argv],
            cwd=ROOT,
            env=self.env,
            check=True,
            timeout=1800,
            stdout=subprocess.PIPE,
            text=True,
        )
        return json.loads(done.stdout.strip().splitlines()[-1])

    def load(self, *argv, timeout=None):
        """bench/load.py with `argv`, at the client's priority: its figures, with its CPU."""
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

    # --- seeding and serving ---

    def seed_databases(self):
        """The bench database with the demo content, its empty twin, then N signatures."""
        a, r = self.args, self.results
        if a.reuse_database:
            # Seeded by an earlier run (its seeding figures are in that run's results):
            # migrated for this commit, its counts recounted, its caches and its task
            # queue emptied (the signatures earlier runs added stay).
            log(f"database {urlsplit(a.database_url).path.lstrip('/')}: reused as seeded")
            flush_redis(a.cache_url)
            self.manage("migrate", "--noinput")
            clear_tasks(a.database_url)
            if not a.skip_zero:
                flush_redis(self.zero_cache_url)
                self.manage_on(self.zero_env, "migrate", "--noinput")
            if a.collectstatic:
                self.manage("collectstatic", "--noinput", "--verbosity", "0")
            r["machine"].update(server_settings(a.database_url))
            self.manage("refresh_counts")
            r["seed"] = {"signatures": a.signatures, "reused": True}
            return
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
        r["machine"].update(server_settings(a.database_url))

        log(f"seeding {a.signatures:,} signatures")
        r["seed"] = self.seed("--signatures", str(a.signatures))["signatures"]

    def measure_tally(self):
        """bench/tally.py: a count refresh (what is new) against a full recount (everything)."""
        return self.script("tally.py")

    def serve(self):
        """The site and the task worker; the same site over the empty twin, unless skipped."""
        a = self.args
        log(f"gunicorn with {a.workers} workers on {self.site}, task worker")
        self.processes.start_gunicorn("site", a.port, self.env)
        self.processes.start_worker(self.env)
        if not a.skip_zero:
            log(f"gunicorn with {a.workers} workers on {self.zero_site}: the same site with 0 signatures")
            self.processes.start_gunicorn("site-zero", a.zero_port, self.zero_env)

    # --- the GETs ---

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
            "article /zh-hant/articles/<slug>/": f"/zh-hant/articles/{bench_article_slug(database_url)}/",
            "petition /en/petition/": "/en/petition/",
            "wall page 1": "/en/petition/signatures/",
            "wall deep page (keyset)": deep,
            "wall ?country=HK": "/en/petition/signatures/?country=HK",
            "api /api/petition.json": "/api/petition.json",
        }

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
                # carry anyone's CSRF token (its POST is checked by Fetch metadata).
                row["ok"] = row["ok"] and "csrfmiddlewaretoken" not in body
            checks.append(row)
        return checks

    def measure_hello(self):
        """The hello-world ceiling: bench/hello under the same gunicorn settings, one GET load."""
        a = self.args
        self.processes.start_gunicorn(
            "hello",
            a.hello_port,
            self.env,
            app="bench.hello.wsgi:application",
            ready="/",
            option="--hello-port",
        )
        try:
            argv = ["get", "--url", f"{self.hello}/", "--concurrency", str(a.concurrency)]
            return self.load(*argv, "--duration", str(a.duration), "--warmup", str(a.warmup))
        finally:
            self.processes.stop("hello")

    def measure_gets(self, paired):
        """Each endpoint at N signatures and at 0 (`paired`), in the order N, 0, 0, N, N, 0,
        0, N with a quarter of the duration each: the two figures of a pair are taken
        seconds apart and around the same midpoint, so a drift in the machine's
        background load affects both alike and the ratio stays meaningful (bench/README.md,
        step 8). One load-client process measures them all, one after the other."""
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

    # --- signing and the emails behind it ---

    def wait_for_emails(self, after, limit=600):
        """Let the task worker send what a load queued before the next measurement starts:
        each one then begins on a machine at rest, as the first did. Records how long the
        queue took to empty (the emails' own throughput, behind the signing)."""
        url = self.args.database_url
        started = time.monotonic()
        unsent = first = count_tasks(url, unsent_only=True)
        while unsent and time.monotonic() - started < limit:
            time.sleep(1)
            unsent = count_tasks(url, unsent_only=True)
        seconds = round(time.monotonic() - started, 1)
        self.results.setdefault("email_queue", {})[after] = {
            "unsent_when_load_ended": first,
            "seconds_to_send": seconds,
            "left_unsent": unsent,
        }
        log(f"emails queued by {after}: {first} unsent at the end, sent in {seconds} s ({unsent} left)")
        # What autovacuum does between the measurements on a production server (with the
        # thresholds of the migrations) when this server has it turned off: without it the
        # task queue's index fills with dead entries and its statistics go stale.
        if self.results["machine"].get("autovacuum") == "off":
            vacuum_analyze(url)
            self.results["vacuumed_by_the_bench"] = True

    def measure_sign(self, reuse_form, worker=True, site=None, duration=None, form_path="/en/petition/"):
        """Signing: the POST alone (each client's form fetched once, before the clock), or
        the whole visit (GET the form, POST it) when `reuse_form` is false. With `worker`
        false the task worker is stopped meanwhile: the emails wait in their queue (as
        with a worker on a host of its own) and are sent once it is started again (by
        the caller, if the caller stopped it). `site` and `duration` default to the run's."""
        a = self.args
        prefix = f"{'post' if reuse_form else 'flow'}{int(time.time() * 1000)}"
        tasks_before = count_tasks(a.database_url)
        stop_worker = not worker and "worker" in self.processes.running
        if stop_worker:
            self.processes.stop("worker")
        try:
            form_url = f"{site or self.site}{form_path}"
            argv = ["sign", "--form-url", form_url, "--concurrency", str(a.concurrency)]
            argv += ["--duration", str(duration or a.duration), "--email-prefix", prefix]
            result = self.load(*argv, *(["--reuse-form"] if reuse_form else []))
        finally:
            if stop_worker:
                self.processes.start_worker(self.env)
        stored = count_signatures(a.database_url, prefix)
        queued = count_tasks(a.database_url) - tasks_before
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

    def in_turns(self, first, second, measure, ratio=None):
        """`measure(kind, duration)` for the two kinds in sixteen parts, in the order first,
        second, second, first, RATIO_CYCLES times: each kind's parts summed up and, with
        `ratio` (numerator, denominator), the ratio of their rates."""
        parts = {first: [], second: []}
        for kind in (first, second, second, first) * RATIO_CYCLES:
            parts[kind].append(measure(kind, self.args.duration / (2 * RATIO_CYCLES)))
        compared = {kind: summed_parts(runs) for kind, runs in parts.items()}
        if ratio:
            over, under = (compared[kind]["signatures_per_second"] for kind in ratio)
            compared["ratio"] = round(over / under, 3) if under else None
        return compared, parts

    def measure_insert_ratio(self):
        """The sign POST against a bare insert (bench/bare: a ModelForm that saves the row
        and redirects, in a project with the middleware `startproject` writes, no check, no
        email task) on the same database and gunicorn settings, the task worker stopped, in
        turns (in_turns): the POST's ratio to what a bare Django project needs to insert
        the row (bench/README.md, step 9)."""
        a = self.args
        bare_site = f"http://127.0.0.1:{a.bare_port}"
        self.processes.start_gunicorn(
            "bare", a.bare_port, self.env, app="bench.bare.wsgi:application", ready="/", option="--bare-port"
        )
        self.processes.stop("worker")

        def measure(kind, duration):
            site, form_path = (bare_site, "/") if kind == "bare" else (self.site, "/en/petition/")
            return self.measure_sign(
                reuse_form=True, worker=False, site=site, duration=duration, form_path=form_path
            )

        try:
            compared, _parts = self.in_turns("sign", "bare", measure, ratio=("sign", "bare"))
        finally:
            self.processes.stop("bare")
            self.processes.start_worker(self.env)
        return compared

    def measure_worker_cost(self):
        """The sign POST with the task worker stopped and with it sending beside it on the
        same cores, in turns (in_turns; stopped: the emails wait; sending: with a queue to
        work through): the POST's rate beside the worker as a share of its own."""

        def measure(kind, duration):
            worker = kind == "beside_worker"
            if worker and "worker" not in self.processes.running:
                self.processes.start_worker(self.env)
            part = self.measure_sign(reuse_form=True, worker=worker, duration=duration)
            part["unsent_after"] = count_tasks(self.args.database_url, unsent_only=True)
            return part

        # Alone first: the parts beside the worker find the queue the parts alone filled.
        compared, parts = self.in_turns("alone", "beside_worker", measure, ratio=("beside_worker", "alone"))
        compared["unsent_after_parts"] = [p["unsent_after"] for p in parts["beside_worker"]]
        return compared

    def measure_sign_in_clear(self):
        """What encryption costs the sign POST: the POST alone (worker stopped) on the site
        as it is and on the site storing signers' data in clear as before encryption
        (bench/clear_wsgi.py, served beside it on the port of the empty twin, idle by
        now), in turns (in_turns), so a drift of the machine's load touches both alike.
        Then the cost per signature timed in one process (bench/crypto_cost.py)."""
        a = self.args
        clear_site = f"http://127.0.0.1:{a.zero_port}"
        wait_port_free(a.zero_port)  # the empty twin's workers may still be leaving
        self.processes.start_gunicorn("site-clear", a.zero_port, self.env, app="bench.clear_wsgi:application")
        self.processes.stop("worker")

        def measure(kind, duration):
            site = clear_site if kind == "clear" else self.site
            return self.measure_sign(reuse_form=True, worker=False, site=site, duration=duration)

        try:
            compared, _parts = self.in_turns("encrypted", "clear", measure)
        finally:
            self.processes.stop("site-clear")
            self.processes.start_worker(self.env)
        self.wait_for_emails("the sign POST encrypted and in clear")
        compared["per_signature"] = self.script("crypto_cost.py")
        return compared

    # --- the surge ---

    def measure_surge(self):
        """The surge, open loop, through nginx with its micro-cache (gunicorn alone with
        --surge-direct, or when nginx is not installed)."""
        a = self.args
        base, where = self.site, "gunicorn directly"
        if not a.surge_direct:
            nginx_base = self.processes.start_nginx(
                a.nginx_port, [a.port], a.micro_cache, self.env, self.results["commands"]
            )
            if nginx_base:
                base, where = nginx_base, f"nginx (micro-cache {a.micro_cache} s) → gunicorn"
            else:
                self.results["notes"].append(
                    "nginx is not installed: the surge ran against gunicorn directly."
                )
        log(f"surge for {a.surge_seconds} s through {where}")
        prefix = f"surge{int(time.time())}"
        pages = SURGE_PAGES.format(article=self.results["endpoints"]["article /zh-hant/articles/<slug>/"])
        argv = ["surge", "--base", base, "--pages", pages, "--form-path", "/en/petition/"]
        argv += ["--rate", str(a.surge_rate), "--views-per-signature", str(a.views_per_signature)]
        argv += ["--duration", str(a.surge_seconds), "--email-prefix", prefix]
        result = self.load(*argv, timeout=a.surge_seconds + 180)
        result["where"] = where
        result["stored"] = count_signatures(a.database_url, prefix)
        self.processes.stop("nginx")
        return result
