"""Scale-out on one machine: two gunicorn instances behind nginx, PgBouncer in front of one
PostgreSQL, one Redis, one task worker. Driven by bench/scaleout.sh (up | test | down); see
bench/README.md.

    up    recreate the scratch database, seed it, start PgBouncer (16432, transaction
          pooling), instance A (port 18001) and B (18002) through it, the task worker
          (straight to PostgreSQL) and nginx (18080, micro-cache) in the background;
          with --replica, on a primary and a streaming replica of their own
    test  the load through nginx (both instances must answer), page views/s through the
          micro-cache, then: a per-IP rate limit counted across A and B, a signature made
          on A and confirmed on B through the emailed link, the count seen by both
    down  stop everything `up` started and drop the scratch database

The instances run with production values except SECURE_SSL_REDIRECT (plain HTTP) and
SIGN_MIN_SECONDS=0; the rate limits keep their production defaults (10/m, 200/h per
IP): the load signs from random loopback source addresses (127.1.0.0/16) as a crowd
would, and nginx passes the address on (TRUSTED_PROXY_COUNT=1).
"""

import argparse
import contextlib
import http.client
import json
import os
import quopri
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from html import unescape
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from processes import (
    BENCH,
    CLIENT_PRIORITY,
    IDLE_PRIORITY,
    PYTHON,
    ROOT,
    port_free,
    render_nginx_conf,
    signer_keys,
    wait_http,
)
from report import MARK_BEGIN, MARK_END
from scenarios import SURGE_PAGES, SURGE_READER_PAGES
from stores import flush_redis, pg_connect, query, recreate_database

sys.path.insert(0, str(ROOT))
from tests.pgcluster import Clusters, missing_reason  # noqa: E402 - the suite's own primary + replica maker

STATE_DIR = Path(os.environ.get("SCALEOUT_DIR") or Path(tempfile.gettempdir()) / "campaign-scaleout")
STATE = STATE_DIR / "state.json"
DATABASE_URL = os.environ.get(
    "SCALEOUT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/campaign_bench_scaleout"
)
CACHE_URL = os.environ.get("SCALEOUT_CACHE_URL", "redis://127.0.0.1:6379/7")
PORTS = {"a": 18001, "b": 18002}
NGINX_PORT = 18080
PGBOUNCER_PORT = 16432
# What the site sets per session when it connects straight to PostgreSQL (campaign/settings.py),
# set by PgBouncer on each of its server connections instead.
PGBOUNCER_CONNECT_QUERY = "SET statement_timeout = 15000; SET max_parallel_workers_per_gather = 0"


def log(message):
    print(f"[scaleout {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def site_env(secret):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.update(
        {
            "ENV_FILE": "",
            "DEBUG": "off",
            "SECRET_KEY": secret,
            **signer_keys(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": f"http://127.0.0.1:{NGINX_PORT}",
            "DATABASE_URL": DATABASE_URL,
            "CACHE_URL": CACHE_URL,
            "EMAIL_URL": f"filemail://{STATE_DIR / 'mail'}",
            "TASKS_BACKEND": "database",
            "LOG_LEVEL": "WARNING",
            "SECURE_SSL_REDIRECT": "off",
            "SIGN_MIN_SECONDS": "0",
            "TRUSTED_PROXY_COUNT": "1",
            "COUNTS_REFRESH_SECONDS": "2",
            "MEDIA_ROOT": str(STATE_DIR / "media"),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def pooled_url(url):
    """`url` through PgBouncer: the same database and user, PgBouncer's port."""
    parts = urlsplit(url)
    user = f"{parts.username}@" if parts.username else ""
    return parts._replace(netloc=f"{user}127.0.0.1:{PGBOUNCER_PORT}").geturl()


def render_pgbouncer_conf(folder, database_url, replica_url=None):
    """A PgBouncer in transaction pooling mode for the scratch database (and its replica,
    as `<name>_replica`), in `folder`."""
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    user = parts.username or "postgres"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "userlist.txt").write_text(f'"{user}" "{parts.password or ""}"\n')
    conf = folder / "pgbouncer.ini"
    conf.write_text(
        "[databases]\n"
        f"{name} = host={parts.hostname or '127.0.0.1'} port={parts.port or 5432} dbname={name} "
        f"connect_query='{PGBOUNCER_CONNECT_QUERY}'\n"
        + (
            f"{name}_replica = host=127.0.0.1 port={urlsplit(replica_url).port} dbname={name} "
            f"connect_query='{PGBOUNCER_CONNECT_QUERY}'\n"
            if replica_url
            else ""
        )
        + "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {PGBOUNCER_PORT}\nunix_socket_dir =\n"
        f"auth_type = {'md5' if parts.password else 'trust'}\nauth_file = {folder / 'userlist.txt'}\n"
        "pool_mode = transaction\n"
        # Each instance's workers keep one client connection each; the server side
        # needs no more than the cores that can run queries.
        "max_client_conn = 500\ndefault_pool_size = 8\nreserve_pool_size = 2\n"
        "ignore_startup_parameters = extra_float_digits\n"
        "log_connections = 0\nlog_disconnections = 0\n"
        f"stats_users = {user}\n"
    )
    return conf


def pgbouncer_argv(conf):
    """PgBouncer refuses to run as root: as root it runs as the postgres user."""
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not Path(binary).exists():
        raise SystemExit("PgBouncer is not installed (apt-get install pgbouncer), or use --no-pooler.")
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return [*as_postgres, binary, str(conf)]


def wait_tcp(port, seconds=30):
    deadline = time.monotonic() + seconds
    while port_free(port):
        if time.monotonic() > deadline:
            raise SystemExit(f"Nothing answers on port {port}.")
        time.sleep(0.1)


def pooler_transactions():
    """{database: transactions} PgBouncer has passed on since it started (SHOW STATS)."""
    conn = pg_connect(f"postgres://postgres@127.0.0.1:{PGBOUNCER_PORT}/pgbouncer")
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute("SHOW STATS")
            names = [column.name for column in cursor.description]
            return {row[0]: int(row[names.index("total_xact_count")]) for row in cursor.fetchall()}
    finally:
        conn.close()


def start(name, argv, env):
    out = open(STATE_DIR / f"{name}.log", "ab")  # noqa: SIM115 - the child keeps it
    process = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )
    out.close()
    return process


def kill_group(pid):
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    for _ in range(150):
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reap it when this process started it
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def use_own_clusters(state):
    """Point DATABASE_URL at the primary `up --replica` made (its own, with a replica)."""
    global DATABASE_URL  # noqa: PLW0603 - every step reads the one scratch database
    own = state.get("clusters")
    if own:
        DATABASE_URL = Clusters(own["base"], own["primary_port"], own["replica_port"]).primary_url(
            urlsplit(DATABASE_URL).path.lstrip("/")
        )
        return Clusters(own["base"], own["primary_port"], own["replica_port"])
    return None


def replica_reads_of_signatures(clusters):
    """Scans of the signatures' table the replica has run (its own statistics)."""
    name = urlsplit(DATABASE_URL).path.lstrip("/")
    rows = clusters.query(
        clusters.replica_port,
        "SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0) FROM pg_stat_user_tables "
        "WHERE relname = 'petition_signature'",
        dbname=name,
    )
    return int(rows[0][0])


def up(args):
    if STATE.exists():
        raise SystemExit(f"Already up ({STATE}): run bench/scaleout.sh down first.")
    if args.replica and missing_reason():
        raise SystemExit(f"--replica: {missing_reason()}")
    for port in (*PORTS.values(), NGINX_PORT, *([PGBOUNCER_PORT] if args.pooler else [])):
        if not port_free(port):
            raise SystemExit(f"Port {port} is taken.")
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    (STATE_DIR / "mail").mkdir(exist_ok=True)
    state = {"secret": secrets.token_urlsafe(50), "pids": {}, "started": time.time(), "pooler": args.pooler}
    clusters = None
    if args.replica:
        log("a primary and its streaming replica of their own (initdb, pg_basebackup)")
        clusters = Clusters().__enter__()
        state["clusters"] = {
            "base": str(clusters.base),
            "primary_port": clusters.primary_port,
            "replica_port": clusters.replica_port,
        }
        STATE.write_text(json.dumps(state))
        use_own_clusters(state)
    env = site_env(state["secret"])
    name = urlsplit(DATABASE_URL).path.lstrip("/")
    if clusters:
        env["DATABASE_REPLICA_URL"] = clusters.replica_url(name)
    # The instances' many workers connect through the pooler; the task worker, migrate
    # and the seeding straight to PostgreSQL (long statements: an export, the seeding).
    web_env = dict(env)
    if args.pooler:
        web_env.update({"DATABASE_URL": pooled_url(DATABASE_URL), "DATABASE_POOLER": "pgbouncer"})
        if clusters:
            web_env["DATABASE_REPLICA_URL"] = pooled_url(DATABASE_URL) + "_replica"
    try:
        log("scratch database: recreate, migrate, seed")
        recreate_database(DATABASE_URL)
        flush_redis(CACHE_URL)
        for argv in (
            ["manage.py", "migrate", "--noinput", "--verbosity", "0"],
            ["manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            [str(BENCH / "seed.py"), "--base", "--signatures", str(args.signatures)],
        ):
            subprocess.run(
                [PYTHON, *argv], cwd=ROOT, env=env, check=True, timeout=900, stdout=subprocess.DEVNULL
            )
        if args.pooler:
            pooler_dir = STATE_DIR / "pgbouncer"
            conf = render_pgbouncer_conf(pooler_dir, DATABASE_URL, env.get("DATABASE_REPLICA_URL"))
            if os.geteuid() == 0:
                shutil.chown(pooler_dir, "postgres")
            state["pids"]["pgbouncer"] = start("pgbouncer", pgbouncer_argv(conf), env).pid
            wait_tcp(PGBOUNCER_PORT)
        for name, port in PORTS.items():
            instance_env = {
                **web_env,
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_WORKERS": str(args.workers),
                "GUNICORN_ACCESS_LOG": str(STATE_DIR / f"access-{name}.log"),
            }
            argv = [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--no-control-socket"]
            state["pids"][name] = start(f"gunicorn-{name}", argv, instance_env).pid
        state["pids"]["worker"] = start("worker", [*IDLE_PRIORITY, PYTHON, "manage.py", "db_worker"], env).pid
        conf = render_nginx_conf(
            STATE_DIR / "nginx", NGINX_PORT, list(PORTS.values()), args.micro_cache, STATE_DIR / "media"
        )
        nginx = "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "nginx"
        state["pids"]["nginx"] = start("nginx", [nginx, "-c", str(conf), "-p", str(conf.parent)], env).pid
        state["nginx_conf"] = str(conf)
        STATE.write_text(json.dumps(state))
        for port in (*PORTS.values(), NGINX_PORT):
            wait_http(f"http://127.0.0.1:{port}/healthz", seconds=60)
    except BaseException:
        STATE.write_text(json.dumps(state))
        down(args)
        raise
    pooler = f" → PgBouncer :{PGBOUNCER_PORT} (transaction pooling)" if args.pooler else ""
    if clusters:
        pooler += f" → own primary :{clusters.primary_port} + replica :{clusters.replica_port}"
    log(
        f"up: nginx http://127.0.0.1:{NGINX_PORT}/ → A :{PORTS['a']}, B :{PORTS['b']} "
        f"({args.workers} workers each){pooler} → PostgreSQL, task worker; logs in {STATE_DIR}"
    )


def down(args):
    if not STATE.exists():
        log("nothing is up")
        return
    state = json.loads(STATE.read_text())
    for name, pid in state["pids"].items():
        log(f"stopping {name}")
        kill_group(pid)
    STATE.unlink()
    clusters = use_own_clusters(state)
    if clusters is not None:
        log("stopping and removing the primary and its replica")
        clusters.__exit__(None, None, None)
    elif not getattr(args, "keep_database", False):
        conn_url = DATABASE_URL
        try:
            conn = pg_connect(conn_url, dbname="postgres")
            conn.autocommit = True
            with conn.cursor() as cursor:
                name = urlsplit(conn_url).path.lstrip("/")
                if "scaleout" in name:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.close()
        except Exception as exc:  # noqa: BLE001 - tearing down: report and go on
            log(f"could not drop the scratch database: {exc}")
    log("down")


# --- test ----------------------------------------------------------------------------


def request(port, method, path, *, body=None, headers=None, source="127.0.0.1"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15, source_address=(source, 0))
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def form_fields(html, must_have):
    """csrfmiddlewaretoken and the hidden inputs of the POST form containing `must_have`."""
    for form in re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", html, flags=re.S | re.I):
        if must_have in form:
            hidden = re.findall(r"<input[^>]*type=\"hidden\"[^>]*>", form)
            fields = {}
            for tag in hidden:
                name = re.search(r'name="([^"]+)"', tag)
                value = re.search(r'value="([^"]*)"', tag)
                if name:
                    fields[name.group(1)] = unescape(value.group(1)) if value else ""
            return fields
    return None


def csrf_cookie(headers):
    for value in headers.get_all("Set-Cookie") or []:
        match = re.match(r"csrftoken=([^;]+)", value)
        if match:
            return match.group(1)
    return None


def sign(port, email, source):
    """What a browser does: the (cached) page, then the POST with what a browser says of a
    form sent from our page (Fetch metadata: no token)."""
    status, _h, html = request(port, "GET", "/en/petition/", source=source)
    fields = form_fields(html, 'name="email"')
    if status != 200 or fields is None:
        return status
    fields.update({"name": "Scale Out", "email": email, "country": "HK", "website": "", "display": "full"})
    body = urlencode(fields)
    status, _h, _b = request(
        port,
        "POST",
        "/en/petition/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Sec-Fetch-Site": "same-origin",
            "Origin": f"http://127.0.0.1:{port}",
        },
        source=source,
    )
    return status


def total(port):
    _s, _h, body = request(port, "GET", "/api/petition.json")
    return json.loads(body)["signatures"]


def check_rate_limit():
    """Twelve signatures from one address, alternating A and B: the production limit of
    10 a minute per IP must stop the 11th and 12th, whichever instance answers."""
    source = f"127.0.{secrets.randbelow(200) + 20}.{secrets.randbelow(200) + 20}"
    answers = []
    for i in range(12):
        port = PORTS["a"] if i % 2 == 0 else PORTS["b"]
        answers.append((port, sign(port, f"limit.{secrets.token_hex(4)}.{i}@example.net", source)))
    accepted = [a for a in answers if a[1] in (302, 303)]
    limited = [a for a in answers if a[1] == 429]
    return {
        "source_address": source,
        "answers": [f":{port} → {status}" for port, status in answers],
        "accepted": len(accepted),
        "limited": len(limited),
        "accepted_on_both": {p for p, _s in accepted} == set(PORTS.values()),
        "ok": len(accepted) == 10 and len(limited) == 2,
    }


def check_confirmation_and_count():
    """Sign on A; the task worker emails the link; open and confirm it on B; both count it."""
    mail = STATE_DIR / "mail"
    # A domain of its own: the address is encrypted in the database, its domain is not.
    domain = f"confirm-{secrets.token_hex(4)}.example.net"
    email = f"confirm@{domain}"
    before_files = set(mail.glob("*"))
    before_a = total(PORTS["a"])
    status = sign(PORTS["a"], email, f"127.0.{secrets.randbelow(200) + 20}.7")
    link = None
    deadline = time.monotonic() + 60
    while link is None and time.monotonic() < deadline:
        for path in set(mail.glob("*")) - before_files:
            # The file backend writes the message as sent: quoted-printable bodies.
            text = quopri.decodestring(path.read_bytes()).decode("utf-8", "replace")
            # One file per connection to the mail server: the worker may send several
            # messages through one, each followed by a line of dashes.
            for message in text.split("\n" + "-" * 79 + "\n"):
                if email in message:
                    match = re.search(r"https?://[^\s\"<>]*/petition/confirm/[^\s\"<>/]+/", message)
                    if match:
                        link = match.group(0)
        time.sleep(0.5)
    result = {"signed_on": f":{PORTS['a']} → {status}", "email_link_found": link is not None}
    if link is None:
        result["ok"] = False
        return result
    path = urlsplit(link).path
    status, headers, html = request(PORTS["b"], "GET", path)
    fields = form_fields(html, "csrfmiddlewaretoken") or {}
    status, headers, _body = request(
        PORTS["b"],
        "POST",
        path,
        body=urlencode(fields),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie(headers) or ''}",
        },
    )
    state = query(DATABASE_URL, "SELECT state FROM petition_signature WHERE email_domain = %s", [domain])
    # Within seconds: the counts are refreshed every COUNTS_REFRESH_SECONDS (2 here) and
    # the API is a public page cached for its max-age (5 s).
    deadline = time.monotonic() + 20
    after_a = after_b = before_a
    while time.monotonic() < deadline and not after_a == after_b == before_a + 1:
        time.sleep(1)
        after_a, after_b = total(PORTS["a"]), total(PORTS["b"])
    result.update(
        {
            "confirmed_on": f":{PORTS['b']} → {status} {headers.get('Location', '')}",
            "state": state[0][0] if state else None,
            "count_before_on_a": before_a,
            "count_after_on_a": after_a,
            "count_after_on_b": after_b,
        }
    )
    result["ok"] = (
        status in (302, 303) and result["state"] == "confirmed" and after_a == after_b == before_a + 1
    )
    return result


def count_access_log(name):
    path = STATE_DIR / f"access-{name}.log"
    return sum(1 for _ in path.open()) if path.exists() else 0


def run_load(argv, timeout):
    done = subprocess.run(
        [*CLIENT_PRIORITY, PYTHON, str(BENCH / "load.py"), *argv],
        cwd=ROOT,
        check=True,
        timeout=timeout,
        stdout=subprocess.PIPE,
    )
    return json.loads(done.stdout)


def test(args):
    if not STATE.exists():
        raise SystemExit("Not up: run bench/scaleout.sh up first.")
    clusters = use_own_clusters(json.loads(STATE.read_text()))
    replica_before = replica_reads_of_signatures(clusters) if clusters else 0
    base = f"http://127.0.0.1:{NGINX_PORT}"
    article = query(DATABASE_URL, "SELECT slug FROM articles_article WHERE slug LIKE 'bench-%%' LIMIT 1")[0][
        0
    ]
    results = {"load_average_before": [round(x, 2) for x in os.getloadavg()]}
    before = {name: count_access_log(name) for name in PORTS}

    log(f"surge through nginx for {args.seconds} s: {args.rate} signatures/s, 45 page views each")
    article_path = f"/zh-hant/articles/{article}/"

    def surge(pages, *extra):
        argv = ["surge", "--base", base, "--pages", pages.format(article=article_path)]
        argv += ["--form-path", "/en/petition/", "--rate", str(args.rate), "--views-per-signature", "45"]
        return run_load([*argv, "--duration", str(args.seconds), *extra], timeout=args.seconds + 180)

    results["surge"] = surge(
        SURGE_PAGES, "--source-net", "127.1.0.0/16", "--email-prefix", f"scaleout{int(time.time())}"
    )
    results["served_by"] = {name: count_access_log(name) - before[name] for name in PORTS}

    log(f"readers only through nginx for {args.seconds} s: the same 1,485 page views/s, no sign page")
    results["readers"] = surge(SURGE_READER_PAGES, "--no-signers")

    results["closed"] = {}
    for path in ("/en/", "/en/petition/signatures/", "/api/petition.json"):
        log(f"page views/s through nginx: GET {path}, 16 clients, {args.seconds / 3:.0f} s")
        results["closed"][path] = run_load(
            ["get", "--url", base + path, "--concurrency", "16", "--duration", str(args.seconds / 3)],
            timeout=args.seconds + 120,
        )

    log("rate limit across instances")
    results["rate_limit"] = check_rate_limit()
    log("sign on A, confirm on B, count on both")
    results["confirmation"] = check_confirmation_and_count()
    results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    state = json.loads(STATE.read_text())
    if state.get("pooler"):
        results["pooler_transactions"] = pooler_transactions().get(urlsplit(DATABASE_URL).path.lstrip("/"), 0)
    if clusters:
        results["replica_scans"] = replica_reads_of_signatures(clusters) - replica_before

    surge = results["surge"]
    best = max(r["rps"] for r in results["closed"].values())
    checks = {
        "both instances served the load": all(n > 0 for n in results["served_by"].values()),
        "surge p99 < 500 ms and < 0.1% errors": (surge["all"]["p99_ms"] or 1e9) < 500
        and (surge["all"]["error_rate"] or 0) < 0.001,
        "≥ 1,500 page views/s through nginx": best >= 1500,
        "rate limit shared by A and B": results["rate_limit"]["ok"],
        "signed on A, confirmed on B, counted on both": results["confirmation"]["ok"],
    }
    if "replica_scans" in results:
        checks["the signatures were read from the replica"] = results["replica_scans"] > 0
    if "pooler_transactions" in results:
        checks["the instances' transactions went through PgBouncer"] = results["pooler_transactions"] > 0
    results["checks"] = checks
    (STATE_DIR / "scaleout.json").write_text(json.dumps(results, indent=1))
    section = scaleout_markdown(results, args)
    if args.output:
        write_section(Path(args.output), section)
    print(section)
    if not all(checks.values()):
        raise SystemExit("scale-out test: some checks failed (see above)")
    log("scale-out test: green")


def scaleout_markdown(r, args):
    surge = r["surge"]
    views = surge["page_views"]
    c = r["confirmation"]
    readers = r["readers"]
    lines = [
        MARK_BEGIN,
        "## Scale-out on one machine (`bench/scaleout.sh up && bench/scaleout.sh test`)",
        "",
        f"nginx (1 worker, micro-cache {args.micro_cache} s for pages the site marks public) → gunicorn A "
        f":{PORTS['a']} and B :{PORTS['b']} ({args.workers} gthread workers each), "
        + (
            f"PgBouncer (transaction pooling: {r['pooler_transactions']:,} transactions), "
            if "pooler_transactions" in r
            else ""
        )
        + (
            f"a primary and a streaming replica ({r['replica_scans']:,} scans of the signatures there), "
            if "replica_scans" in r
            else "one PostgreSQL, "
        )
        + "one Redis, one `db_worker`; production rate limits (10/m, 200/h per IP), TRUSTED_PROXY_COUNT=1, "
        f"signers from random 127.1.x.x addresses. Load average before: {r['load_average_before']}, "
        f"after: {r['load_average_after']}.",
        "",
        f"- surge {surge['target_signatures_per_second']} signatures/s + "
        f"{surge['target_page_views_per_second']:,.0f} page views/s for {surge['duration']} s: page views "
        f"**{views['rps']:,.0f}/s**, p50 {views['p50_ms']} ms, p99 {views['p99_ms']} ms; all requests p99 "
        f"**{surge['all']['p99_ms']} ms**, errors **{surge['all']['error_rate']:.3%}**; "
        f"{surge['accepted']} signatures accepted; nginx cache {views.get('cache', {})}",
        f"- the same {readers['target_page_views_per_second']:,.0f} page views/s without the sign page "
        f"and without signers (what the micro-cache alone absorbs): **{readers['page_views']['rps']:,.0f}"
        f"/s**, p50 {readers['page_views']['p50_ms']} ms, p99 **{readers['all']['p99_ms']} ms**, "
        f"errors **{readers['all']['error_rate']:.3%}**; "
        f"nginx cache {readers['page_views'].get('cache', {})}",
        f"- answered by each instance during the surge (gunicorn access logs): A {r['served_by']['a']:,}, "
        f"B {r['served_by']['b']:,}; X-Upstream seen by the client: {views.get('upstreams', {})}",
        "- page views/s through nginx, 16 clients, closed loop: "
        + ", ".join(
            f"`{path}` **{res['rps']:,.0f}/s** (p99 {res['p99_ms']} ms)" for path, res in r["closed"].items()
        ),
        f"- rate limit across instances: {' · '.join(r['rate_limit']['answers'])} → "
        f"{r['rate_limit']['accepted']} accepted, {r['rate_limit']['limited']} refused (429)",
        f"- confirmation: signed on {c.get('signed_on')}, link from the emailed file opened "
        f"and confirmed on {c.get('confirmed_on')}; state {c.get('state')}; "
        f"count {c.get('count_before_on_a')} → A {c.get('count_after_on_a')}, B {c.get('count_after_on_b')}",
        "",
        "| check | result |",
        "| --- | --- |",
        *[f"| {name} | {'yes' if ok else '**no**'} |" for name, ok in r["checks"].items()],
        MARK_END,
    ]
    return "\n".join(lines) + "\n"


def write_section(path, section):
    text = path.read_text() if path.exists() else "# Bench results\n"
    if MARK_BEGIN in text and MARK_END in text:
        head, rest = text.split(MARK_BEGIN, 1)
        _old, tail = rest.split(MARK_END, 1)
        text = head + section.rstrip("\n") + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["up", "test", "down"])
    parser.add_argument("--signatures", type=int, default=100_000, help="Seeded by up.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance.")
    parser.add_argument("--micro-cache", type=int, default=2, help="nginx micro-cache seconds.")
    parser.add_argument("--seconds", type=float, default=30, help="Seconds of load in test.")
    parser.add_argument("--rate", type=float, default=33, help="Signatures per second in test.")
    parser.add_argument(
        "--no-pooler",
        dest="pooler",
        action="store_false",
        help="up: the instances connect straight to PostgreSQL, without PgBouncer.",
    )
    parser.add_argument(
        "--replica",
        action="store_true",
        help="up: a primary and a streaming replica of their own instead of the local PostgreSQL.",
    )
    parser.add_argument("--keep-database", action="store_true", help="down: keep the scratch database.")
    parser.add_argument(
        "--output",
        default=str(BENCH / "RESULTS.md"),
        help="test: the file its section goes into ('' for none).",
    )
    args = parser.parse_args()
    {"up": up, "test": test, "down": down}[args.command](args)


if __name__ == "__main__":
    main()
