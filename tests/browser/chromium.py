"""Debian's Chromium as the browser tests and bin/screenshots start it.

Never a browser download: the `chromium` on PATH (bin/test and bin/screenshots
install Debian's chromium, chromium-driver and fonts-noto-cjk when missing).
"""

import shutil

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
NARROW = {"width": 360, "height": 740}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
LANGUAGES = ["en", "zh-hant", "zh-hans"]
TIMEOUT_MS = 15_000


class ChromiumMissing(RuntimeError):
    pass


def chromium_path():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise ChromiumMissing(
            "Chromium is not installed: the browser tests need Debian's chromium, chromium-driver "
            "and fonts-noto-cjk (bin/test installs them with apt-get)."
        )
    return path


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)


def new_context(browser, viewport=PHONE, **options):
    """A fresh profile; phone-sized ones behave as a phone (touch, mobile viewport)."""
    phone = viewport["width"] < 768
    options = {"is_mobile": phone, "has_touch": phone, **options}
    context = browser.new_context(viewport=viewport, accept_downloads=True, **options)
    context.set_default_timeout(TIMEOUT_MS)
    return context
