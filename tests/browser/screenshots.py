"""Screenshots of every public page in each language, on a phone and on a desktop.

Run through bin/screenshots, which sets the environment: a throw-away SQLite
database and media folder, filled with the demo content, served on localhost and
photographed by the same Chromium the browser tests use. Files are written as
<out>/<language>/<phone|desktop>/<page>.png (whole pages, top to bottom).
"""

import argparse
import io
import sys
import time
from pathlib import Path

VIEWPORT_NAMES = ("phone", "desktop")

# A whole-page picture: load the lazy images further down too, and wait for them and the fonts.
SETTLE = """
async () => {
  const images = Array.from(document.images);
  images.forEach((img) => { img.loading = "eager"; });
  await Promise.all(images.map((img) => img.complete ? null : new Promise((done) => {
    img.addEventListener("load", done); img.addEventListener("error", done);
  })));
  await document.fonts.ready;
}
"""


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="bin/screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="screenshots", help="folder to write into (default: screenshots)")
    parser.add_argument("--pages", default="", help="only these pages, comma-separated (home,petition,…)")
    parser.add_argument("--languages", default="", help="only these languages, comma-separated")
    parser.add_argument("--sizes", default="", help="only these sizes: phone, desktop")
    return parser.parse_args(argv)


def wanted(value, choices):
    chosen = [item.strip() for item in value.split(",") if item.strip()]
    return [c for c in choices if c in chosen] if chosen else list(choices)


def prepare_database():
    from django.core.management import call_command

    from petition.models import Petition
    from tests.factories import ConfirmedSignatureFactory, PendingSignatureFactory

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", stdout=io.StringIO())
    petition = Petition.objects.current()
    PendingSignatureFactory(petition=petition, name="陳大文", email="pending@example.org")
    ConfirmedSignatureFactory(petition=petition, name="李小龍", email="confirmed@example.org")


def start_server():
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread

    server = LiveServerThread("localhost", static_handler=StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    return server


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    import django

    django.setup()
    from django.test.utils import override_settings
    from playwright.sync_api import sync_playwright

    from tests.browser.chromium import LANGUAGES, VIEWPORTS, launch, new_context
    from tests.browser.pages import public_pages, signer_pages

    out = Path(args.out)
    languages = wanted(args.languages, LANGUAGES)
    sizes = wanted(args.sizes, VIEWPORT_NAMES)
    started = time.monotonic()
    # Static files by their plain names, served by the server thread (as in the tests).
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**django.conf.settings.STORAGES, "staticfiles": static}):
        prepare_database()
        server = start_server()
        base = f"http://{server.host}:{server.port}"
        # Read from the database before the browser starts (its event loop forbids ORM calls).
        pages = {language: public_pages(language) + signer_pages(language) for language in languages}
        chosen = {name.strip() for name in args.pages.split(",") if name.strip()}
        if chosen:
            pages = {
                language: [(n, p) for n, p in listed if n in chosen] for language, listed in pages.items()
            }
        count = 0
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for size in sizes:
                for language in languages:
                    context = new_context(browser, VIEWPORTS[size])
                    page = context.new_page()
                    folder = out / language / size
                    folder.mkdir(parents=True, exist_ok=True)
                    for name, path in pages[language]:
                        page.goto(base + path, wait_until="load")
                        page.evaluate(SETTLE)
                        page.screenshot(path=folder / f"{name}.png", full_page=True)
                        count += 1
                    context.close()
            browser.close()
        server.terminate()
    print(f"{count} screenshots in {out}/ ({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
