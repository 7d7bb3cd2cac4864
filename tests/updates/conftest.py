"""Helpers for the updates tests: signers who asked for news, an update ready to send."""

import re

import pytest
from django.utils import timezone

from tests.factories import ConfirmedSignatureFactory
from updates.models import Update

UNSUBSCRIBE_LINK = re.compile(r"https?://[^\s\"<>]+/updates/unsubscribe/[^\s\"<>/]+/")


def subscriber(petition, **kwargs):
    """A confirmed signer who agreed to campaign news."""
    kwargs.setdefault("consent_updates_at", timezone.now())
    kwargs.setdefault("consent_version", "2026-1")
    return ConfirmedSignatureFactory(petition=petition, **kwargs)


def ready_update(petition, **kwargs):
    fields = {
        "subject_en": "We delivered the petition",
        "subject_zh_hant": "我們遞交了聯署",
        "subject_zh_hans": "我们递交了联署",
        "body_en": "<p>English body <a href='https://example.org/x'>read more</a></p>",
        "body_zh_hant": "<p>繁體正文</p>",
        "body_zh_hans": "<p>简体正文</p>",
    }
    fields.update(kwargs)
    return Update.objects.create(petition=petition, **fields)


def unsubscribe_path(message):
    match = UNSUBSCRIBE_LINK.search(message.body)
    assert match, message.body
    return "/" + match.group(0).split("/", 3)[3]


@pytest.fixture
def no_pause(monkeypatch):
    """Sending paced without waiting: the pacer's sleeps are recorded, not slept."""
    slept = []
    monkeypatch.setattr("updates.sending.time.sleep", slept.append)
    return slept


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a block as if its transaction committed: the queued tasks run."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
