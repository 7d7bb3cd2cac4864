"""A real browser against the live site: Debian's Chromium driven by Playwright.

One Chromium per test session (per xdist worker); each test gets a fresh context
(its own cookies) on the site served by pytest-django's live server.
"""

import io
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command

from core.rates import parse_rates
from tests.browser.chromium import PHONE, ChromiumMissing, launch, new_context

BROWSER_TESTS = Path(__file__).parent


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests run last in each worker: once Playwright has started, its event loop
    stays in the thread for the rest of the session (see _orm_beside_playwright)."""
    items.sort(key=lambda item: item.path.is_relative_to(BROWSER_TESTS))


@pytest.fixture(scope="session", autouse=True)
def _orm_beside_playwright():
    """Playwright's synchronous API keeps an event loop running in the test's thread, so
    Django takes the tests' plain ORM calls for calls from async code. They are not:
    allow them while the browser tests run (they come last; nothing else sees this)."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(_orm_beside_playwright):
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
