"""The heavy reads go to a real streaming replica; a signer's own pages, and a replica
that is down or lagging, go to the primary.

The suite makes its own primary and replica (tests/pgcluster.py) and runs the site on
them with gunicorn, as in production (DATABASE_URL, DATABASE_REPLICA_URL). Routing is
shown by pausing the replica's replay: what the wall shows then is what the replica
holds, what a signer's own pages show is what the primary holds.
"""

import http.client
import os
import quopri
import re
import secrets
import subprocess
import sys
import time
from html import unescape
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from tests.pgcluster import Clusters, missing_reason
from tests.processes import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
MAX_LAG = 6

pytestmark = pytest.mark.replica


@pytest.fixture(scope="session")
def clusters():
    missing = missing_reason()
    if missing and os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but the suite cannot make a replica here: {missing}")
    if missing:
        pytest.skip(f"No replica tests: {missing}")
    with Clusters() as made:
        yield made


def _site_env(clusters, mail):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.update(
        {
            "ENV_FILE": "",
            "DEBUG": "off",
            "SECURE_SSL_REDIRECT": "off",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": clusters.primary_url("campaign"),
            "DATABASE_REPLICA_URL": clusters.replica_url("campaign"),
            "DATABASE_REPLICA_MAX_LAG": str(MAX_LAG),
            "DATABASE_REPLICA_CHECK_SECONDS": "0.2",
            "DATABASE_REPLICA_RETRY_SECONDS": "0.5",
            "CACHE_URL": "locmemcache://",
            "PAGE_CACHE": "off",
            "TASKS_BACKEND": "immediate",
            "EMAIL_URL": f"filemail://{mail}",
            "SIGN_MIN_SECONDS": "0",
            "COUNTS_REFRESH_SECONDS": "1",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


@pytest.fixture(scope="module")
def site(clusters, tmp_path_factory):
    """The site on the primary and its replica: one gunicorn worker (its own memory
    cache), emails written as files."""
    folder = tmp_path_factory.mktemp("replica-site")
    mail = folder / "mail"
    mail.mkdir()
    clusters.query(clusters.primary_port, "CREATE DATABASE campaign")
    port = free_port()
    env = _site_env(clusters, mail)
    env["SITE_URL"] = f"http://127.0.0.1:{port}"
    manage = [sys.executable, "manage.py"]
    subprocess.run(
        [*manage, "migrate", "--noinput", "--verbosity", "0"], cwd=ROOT, env=env, check=True, timeout=600
    )
    petition = (
        "from django.utils import timezone; from petition.models import Petition; "
        "Petition.objects.create(slug='free-them', title='Free them', statement='Free them all.', "
        "is_current=True, opens_at=timezone.now() - timezone.timedelta(days=1))"
    )
    subprocess.run([*manage, "shell", "-c", petition], cwd=ROOT, env=env, check=True, timeout=120)
    log = (folder / "gunicorn.log").open("ab")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--no-control-socket"],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(lambda: _answers(port), timeout=120, what="gunicorn to answer")
        yield Site(port=port, mail=mail, clusters=clusters)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _answers(port):
    try:
        return Browser(port).get("/healthz")[0] == 200
    except OSError:
        return False


class Browser:
    """A browser's cookies, kept between its requests."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            for value in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            return response.status, response.headers, response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields, **headers):
        headers = {"Content-Type": "application/x-www-form-urlencoded", **headers}
        return self.request("POST", path, urlencode(fields), headers)


def _hidden_fields(html, must_have):
    for form in re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", html, flags=re.S | re.I):
        if must_have in form:
            fields = {}
            for tag in re.findall(r"<input[^>]*type=\"hidden\"[^>]*>", form):
                name = re.search(r'name="([^"]+)"', tag)
                value = re.search(r'value="([^"]*)"', tag)
                if name:
                    fields[name.group(1)] = unescape(value.group(1)) if value else ""
            return fields
    raise AssertionError(f"no form with {must_have}")


class Site:
    def __init__(self, *, port, mail, clusters):
        self.port, self.mail, self.clusters = port, mail, clusters

    def sign(self, browser, name):
        """Sign as `name` (shown in full on the wall); the confirmation link emailed."""
        email = f"replica.{secrets.token_hex(6)}@example.net"
        before = set(self.mail.iterdir())
        _s, _h, html = browser.get("/en/petition/")
        fields = _hidden_fields(html, 'name="email"')
        fields.update({"name": name, "email": email, "country": "GB", "website": "", "display": "full"})
        origin = f"http://127.0.0.1:{self.port}"
        status, headers, _b = browser.post(
            "/en/petition/", fields, **{"Sec-Fetch-Site": "same-origin", "Origin": origin}
        )
        assert status in (302, 303), status
        for path in set(self.mail.iterdir()) - before:
            text = quopri.decodestring(path.read_bytes()).decode("utf-8", "replace")
            if email in text:
                return urlsplit(
                    re.search(r"https?://[^\s\"<>]*/petition/confirm/[^\s\"<>/]+/", text).group(0)
                ).path
        raise AssertionError("no confirmation email")

    def confirm(self, browser, path):
        """Open the emailed link and press Confirm: the thank-you page's address."""
        status, _h, html = browser.get(path)
        assert status == 200, status
        status, headers, _b = browser.post(path, _hidden_fields(html, "csrfmiddlewaretoken"))
        assert status in (302, 303), status
        return headers["Location"]

    def wall(self, browser=None):
        status, _h, html = (browser or Browser(self.port)).get("/en/petition/signatures/")
        assert status == 200, status
        return html

    def total(self):
        status, _h, body = Browser(self.port).get("/api/petition.json")
        assert status == 200, status
        return body


def test_the_wall_is_read_from_the_replica_and_a_signers_own_pages_from_the_primary(site):
    clusters = site.clusters
    signer = Browser(site.port)
    site.confirm(signer, site.sign(signer, "Ada Streaming"))
    wait_for(lambda: "Ada Streaming" in site.wall(), timeout=30, what="the replica to show the first signer")

    clusters.heartbeat()
    clusters.pause()
    try:
        # Fresh enough still (Ada's commit is the last it replayed): the replica serves.
        start = time.monotonic()
        signer = Browser(site.port)
        link = site.sign(signer, "Bo Paused")
        # The confirmation page reads the signature the signer has just written: on a
        # replica that has not replayed it, the link would be "invalid".
        thanks = site.confirm(signer, link)
        status, _h, html = signer.get(thanks)
        assert status == 200
        assert "Bo Paused" in site.wall(signer), "after their POST, the signer's pages read the primary"
        assert time.monotonic() - start < MAX_LAG - 1, "the machine was too slow to show the replica in time"
        assert "Ada Streaming" in site.wall()
        assert "Bo Paused" not in site.wall(), "another visitor's wall comes from the paused replica"

        # Once the replica is further behind than DATABASE_REPLICA_MAX_LAG: the primary.
        wait_for(
            lambda: "Bo Paused" in site.wall(),
            timeout=MAX_LAG + 30,
            what="the wall to leave the lagging replica",
        )
        assert time.monotonic() - start >= MAX_LAG - 2
    finally:
        clusters.resume()
    wait_for(clusters.caught_up, timeout=30, what="the replica to catch up")


def test_a_replica_that_is_down_leaves_the_reads_to_the_primary(site):
    clusters = site.clusters
    clusters.stop_replica()
    try:
        signer = Browser(site.port)
        site.confirm(signer, site.sign(signer, "Cy Fallback"))
        html = site.wall()
        assert "Cy Fallback" in html
        assert '"signatures"' in site.total()
    finally:
        clusters.start_replica()
    wait_for(clusters.caught_up, timeout=30, what="the replica to catch up")
    # Back: the replica serves the wall again (a paused replay shows it).
    clusters.heartbeat()
    clusters.pause()
    try:
        signer = Browser(site.port)
        site.confirm(signer, site.sign(signer, "Di Returned"))
        time.sleep(0.6)  # DATABASE_REPLICA_RETRY_SECONDS: the replica is tried again
        wall = site.wall()
        assert "Cy Fallback" in wall
        assert "Di Returned" not in wall
    finally:
        clusters.resume()
