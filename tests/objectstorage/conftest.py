"""Every test here runs the site with its media in S3-compatible object storage: moto's
standalone S3 server, started once per test process, and two fresh buckets per test,
configured by the settings module itself from the variables a campaign sets."""

import runpy
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.s3server import S3Server

SETTINGS = Path(__file__).resolve().parents[2] / "campaign" / "settings.py"


@pytest.fixture(scope="session")
def s3_server():
    server = S3Server()
    yield server
    server.stop()


@dataclass
class Buckets:
    server: S3Server
    public: str
    private: str
    media_root: Path
    private_root: Path

    def public_keys(self):
        return self.server.keys(self.public)

    def private_keys(self):
        return self.server.keys(self.private)

    def plain_url(self, bucket, key):
        """The object's address without any signature: what a stranger could type."""
        return f"{self.server.endpoint}/{bucket}/{key}"

    def disk_files(self):
        return [p for root in (self.media_root, self.private_root) for p in root.rglob("*") if p.is_file()]


def fetch(url):
    """(status, body) of an anonymous GET: no credentials, no cookie."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (the loopback test server)
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@pytest.fixture
def buckets(s3_server, settings, monkeypatch, tmp_path):
    """The site configured from AWS_* variables, as in production, against fresh buckets.
    MEDIA_ROOT and PRIVATE_ROOT point to empty folders that must stay empty."""
    public, private = s3_server.make_buckets()
    for name, value in s3_server.environment(public, private).items():
        monkeypatch.setenv(name, value)
    configured = runpy.run_path(str(SETTINGS))
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.STORAGES = {**configured["STORAGES"], "staticfiles": settings.STORAGES["staticfiles"]}
    settings.SECURE_CSP = configured["SECURE_CSP"]
    settings.AXES_ENABLED = False  # test logins have no client address to record
    return Buckets(s3_server, public, private, tmp_path / "media", tmp_path / "private")
