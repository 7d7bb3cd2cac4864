"""Helpers for the petition tests: a valid signing POST, links read back from emails."""

import re
import time
from urllib.parse import urlparse

import pytest

from core.forms import form_stamp

CONFIRM_LINK = re.compile(r"https?://[^\s\"<>]+/petition/confirm/[^\s\"<>/]+/")
MANAGE_LINK = re.compile(r"https?://[^\s\"<>]+/petition/manage/[^\s\"<>/]+/")


def rendered_seconds_ago(seconds):
    """A fresh, unspent stamp of the form, as if the page had been opened `seconds` ago."""
    return form_stamp(time.time() - seconds)


def form_data(**overrides):
    data = {
        "kind": "individual",
        "name": "Chan Tai Man",
        "email": "chan@example.org",
        "country": "HK",
        "display": "full",
        "rendered": rendered_seconds_ago(30),
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def link_path(message, pattern=CONFIRM_LINK):
    match = pattern.search(message.body)
    assert match, f"no link in {message.body!r}"
    return urlparse(match.group(0)).path


@pytest.fixture
def sign(client, petition, django_capture_on_commit_callbacks):
    """POST the signing form (valid unless told otherwise); queued emails are sent at commit."""

    def _sign(language="en", url=None, ip="203.0.113.7", **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url or f"/{language}/petition/", form_data(**fields), REMOTE_ADDR=ip)

    return _sign


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a block as if its transaction committed: on_commit callbacks (emails) run."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
