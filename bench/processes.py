"""Process control for the bench: the processes it starts (gunicorn for the site and the
hello-world, the task worker, nginx), each in its own process group and stopped at the
end, the environment the site runs with, and waiting for a port to answer. Shared by
bench/runner.py and bench/scaleout.py.
"""

import base64
import hashlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

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

# The bench's signing limits: two windows each, as production's, too high to be reached.
BENCH_SIGN_RATES = "1000000/m,60000000/h"


def log(message):
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


class Processes:
    """Every process the bench starts, each in its own process group, stopped at the end."""

    def __init__(self, logdir):
        self.logdir = logdir
        self.running = {}

    def start(self, name, argv, env, stop_signal=signal.SIGTERM):
        out = open(self.logdir / f"{name}.log", "ab")  # noqa: SIM115 - closed in stop()
        process = subprocess.Popen(
            argv, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
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

    def start_gunicorn(self, name, port, env, app=None, ready="/healthz", option="--port / --zero-port"):
        """gunicorn with the site's gunicorn.conf.py on 127.0.0.1:`port`, serving the site
        (or `app`), once `ready` answers. `option` names the flag that chooses the port."""
        if not port_free(port):
            raise SystemExit(f"Port {port} is taken: choose another with {option}.")
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
        argv = [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--no-control-socket"]
        if app:
            argv.append(app)
        # SIGINT: gunicorn's quick shutdown (the measurements are over when it is stopped).
        process = self.start(name, argv, env, stop_signal=signal.SIGINT)
        wait_http(f"http://127.0.0.1:{port}{ready}", process=process)
        return process

    def start_worker(self, env):
        # At idle priority, as docs/deploy.md runs it on a shared host: the pages and the
        # signing go first in a surge and the emails wait in their queue.
        self.start("worker", [*IDLE_PRIORITY, PYTHON, "manage.py", "db_worker"], env)

    def start_nginx(self, port, upstream_ports, micro_cache, env, commands):
        """nginx in the foreground from a prefix in the log folder, with bench/nginx.conf
        rendered for this run (its command line added to `commands`): its base URL, or
        None when nginx is not installed."""
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            return None
        prefix = self.logdir / "nginx"
        conf = render_nginx_conf(prefix, port, upstream_ports, micro_cache)
        commands.append(f"nginx -c {conf.name} -p <temp dir>  (from bench/nginx.conf)")
        process = self.start("nginx", [nginx, "-c", str(conf), "-p", str(prefix)], env)
        wait_http(f"http://127.0.0.1:{port}/healthz", process=process)
        return f"http://127.0.0.1:{port}"


def signer_keys(database_url=None):
    """SIGNER_DATA_KEY (a Fernet key) and SIGNER_HASH_KEY for a bench run: fresh ones, or
    with `database_url`, the ones its data was written with (derived from its name, for
    synthetic data only), so that a run reusing a seeded database can read it."""
    if database_url is None:
        data, hashing = secrets.token_bytes(32), secrets.token_urlsafe(32)
    else:
        name = urlsplit(database_url).path.lstrip("/").encode()
        data = hashlib.sha256(b"bench signer data " + name).digest()
        hashing = hashlib.sha256(b"bench signer hash " + name).hexdigest()
    return {"SIGNER_DATA_KEY": base64.urlsafe_b64encode(data).decode(), "SIGNER_HASH_KEY": hashing}


def site_env(args, site, mail_dir):
    """The site's environment: its production settings, with the bench-only values
    bench/README.md lists ("Bench-only settings")."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.update(
        {
            # Production settings: DEBUG off, a real secret, Redis, PostgreSQL, queued emails.
            "ENV_FILE": "",
            "DEBUG": "off",
            "SECRET_KEY": secrets.token_urlsafe(50),
            **signer_keys(args.database_url),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": site,
            "DATABASE_URL": args.database_url,
            "CACHE_URL": args.cache_url,
            "EMAIL_URL": f"filemail://{mail_dir}",
            "TASKS_BACKEND": "database",
            "LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
            # Bench-only values, each documented in bench/README.md:
            # plain HTTP on loopback (no TLS to redirect to),
            "SECURE_SSL_REDIRECT": "off",
            # the load client signs faster than a person types, from one address, one domain.
            "SIGN_MIN_SECONDS": "0",
            # Both limits count in Redis as in production (the same windows), too high to refuse.
            "SIGN_RATE_PER_IP": BENCH_SIGN_RATES,
            "SIGN_RATE_PER_DOMAIN": BENCH_SIGN_RATES,
            "GUNICORN_WORKERS": str(args.workers),
        }
    )
    return env


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


def http_get(url):
    """A GET on loopback: its status, headers and body, whatever the status."""
    request = urllib.request.Request(url, headers={"Accept-Language": "en"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 - loopback only
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8", "replace")


def port_free(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def wait_port_free(port, seconds=20):
    """After a server was stopped: its workers may hold the port a moment longer."""
    deadline = time.monotonic() + seconds
    while not port_free(port) and time.monotonic() < deadline:
        time.sleep(0.2)


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
