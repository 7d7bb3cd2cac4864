"""What the supporters' forms tests share: a form as a person sends it, and a way to
send it with the emails its transaction queues."""

import re
import time

import pytest
from django.urls import reverse
from django.utils import translation

from core.forms import form_stamp
from events import tasks


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def person(**fields):
    """A form filled in by a person, half a minute after the page was shown."""
    return {"website": "", "rendered": form_stamp(time.time() - 30), **fields}


def link_in(message, name):
    """The path of the first link in an email to the page `name` ("manage", "join")."""
    match = re.search(rf"http://testserver(/[^\s\"<]*/events/{name}/[^\s\"<]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """POST as a browser would, running what the transaction queued (the emails)."""

    def post(path, data, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data, **kwargs)

    return post


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """Run the periodic reminders job and the emails it queues."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return tasks.send_reminders.call()

    return run
