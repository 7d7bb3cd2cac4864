"""A real browser against the live site: Debian's Chromium driven by Playwright.

One Chromium per test session (per xdist worker); each test gets a fresh context
(its own cookies) on the site served by pytest-django's live server.
"""

import io
import os
from dataclasses import dataclass

import pytest
from django.core.management import call_command

from campaign.rates import parse_rates
from tests.browser.chromium import PHONE, ChromiumMissing, launch, new_context

# Playwright's synchronous API runs an event loop in the test's thread; the ORM
# calls the tests make around it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            chromium = launch(playwright)
        except ChromiumMissing as exc:
            pytest.fail(str(exc))
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _browser_settings(settings, tmp_path):
    """The live site as the tests need it.

    The live server serves static files from the app folders by their plain names,
    so pages link them by those names instead of the manifest's hashed ones.
    Signing is neither slowed down nor rate-limited: the browser is fast and always
    at the same address.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SIGN_MIN_SECONDS = 0
    settings.FORM_MIN_SECONDS = 0
    settings.SIGN_RATE_PER_IP = parse_rates("0")
    settings.SIGN_RATE_PER_DOMAIN = parse_rates("0")
    settings.CONTACT_RATE_PER_IP = parse_rates("0")


@dataclass
class Site:
    """The live site: site("/en/") is the address of a path on it."""

    url: str

    def __call__(self, path):
        return self.url + path


@pytest.fixture
def site(live_server):
    return Site(live_server.url)


@pytest.fixture
def demo(live_server):
    """The demo content every page shows (demands, petition, articles, Q&A, materials)."""
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def context(browser):
    """A fresh browser profile at phone size (most supporters come on phones)."""
    context = new_context(browser, PHONE)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()
