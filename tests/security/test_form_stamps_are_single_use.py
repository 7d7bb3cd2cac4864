"""A form's time stamp is worth one sending, for two hours.

The attack: fetch a page once, keep its signed "shown at" stamp, and send the form
with it as often as you like, from as many machines as you like, for a day (the stamp
used to be valid 24 hours and reusable). Now the stamp carries a random nonce spent on
first use: a second sending with it gets the form back, stores and sends nothing.

The signing page is cached for everyone, so all its readers share one stamp: there it
is spent per address (a second sending for the same address gets the form back), and
what bounds a stamp sent with many addresses are the rate limits, as for a fresh copy
of the page fetched each time.
"""

import re
import time

import pytest
import time_machine

from campaign.models import ContactMessage
from core.forms import STAMP_MAX_AGE, form_stamp
from petition.models import Signature
from tests.factories import PetitionFactory
from tests.petition.conftest import form_data
from tests.security.conftest import Browser


def signing_fields(browser, **fields):
    return form_data(**fields)


@pytest.mark.django_db(transaction=True)
def test_a_stamp_sent_twice_signs_once_through_the_live_server(live_server, open_limits, mailoutbox):
    PetitionFactory(is_current=True)
    browser = Browser(live_server.url)
    stamp = form_stamp(time.time() - 30)

    first = browser.request("POST", "/en/petition/", signing_fields(browser, rendered=stamp))
    replays = [
        Browser(live_server.url).request(
            "POST", "/en/petition/", signing_fields(browser, rendered=stamp, email=address)
        )
        for address in ["chan@example.org", "CHAN@example.org", "chan+again@example.org"] * 2
    ]

    assert first[0] == 302
    for status, _headers, html in replays:
        assert status == 200, "the form comes back"
        assert "send it again" in html
    assert list(Signature.objects.values_list("email", flat=True)) == ["chan@example.org"]
    assert len(mailoutbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_stamp_older_than_its_lifetime_is_refused_through_the_live_server(live_server, open_limits):
    PetitionFactory(is_current=True)
    browser = Browser(live_server.url)
    with time_machine.travel(time.time() - STAMP_MAX_AGE - 60, tick=False):
        old = form_stamp()

    status, _headers, html = browser.request("POST", "/en/petition/", signing_fields(browser, rendered=old))

    assert status == 200 and "send it again" in html
    assert not Signature.objects.exists()
    fresh = re.search(r'name="rendered" value="([^"]+)"', html).group(1)
    status, _headers, _html = browser.request(
        "POST", "/en/petition/", signing_fields(browser, rendered=fresh)
    )
    assert status == 302, "the form shown again signs"
    assert Signature.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_contact_form_stamp_sent_twice_stores_one_message(live_server, open_limits, settings):
    settings.CAMPAIGN_EMAIL = "campaign@example.org"
    browser = Browser(live_server.url)
    fields = browser.form("/en/contact/")
    fields.update(
        {
            "name": "Chan Tai Man",
            "email": "chan@example.org",
            "subject": "speaker",
            "message": "A speaker for our branch, please.",
            "rendered": form_stamp(time.time() - 30),
        }
    )
    statuses = [browser.request("POST", "/en/contact/", fields)[0] for _ in range(3)]
    assert statuses == [302, 200, 200]
    assert ContactMessage.objects.count() == 1
