"""A union's own website embeds the signing form: the page comes from another origin
(another loopback address and port), the form signs inside its frame, the signer
confirms from the email, and the union's count grows."""

import http.server
import re
import threading

import pytest

from petition.models import Signature
from tests.factories import PartnerFactory, PetitionFactory
from tests.petition.conftest import link_path

pytestmark = pytest.mark.browser


@pytest.fixture
def petition(live_server):
    return PetitionFactory(is_current=True)


@pytest.fixture
def union_site(site):
    """A page on 127.0.0.1 at a port of its own (the live site is on localhost): another
    origin and another site, which frames the embedded form as a union's page would."""
    pages = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield pages, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("javascript", [True, False])
def test_the_form_embedded_on_another_site_signs_and_confirms(
    browser, site, petition, union_site, mailoutbox, javascript
):
    partner = PartnerFactory(slug="unite-branch", name="Unite Branch 42")
    pages, origin = union_site
    assert not site("/").startswith(origin)
    form_url = site("/en/petition/embed/form/?partner=unite-branch")
    pages["/"] = (
        "<!doctype html><html><body><h1>Unite Branch 42</h1>"
        f'<iframe src="{form_url}" width="480" height="900"></iframe>'
        "</body></html>"
    )
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(origin + "/")
    frame = page.frame_locator("iframe")
    frame.locator("#id_name").fill("Jane Organiser")
    frame.locator("#id_email").fill("jane.organiser@example.org")
    frame.locator("#id_country").select_option("GB")
    frame.locator("input[name=display][value=full]").check()
    frame.locator("input[name=consent_partner]").check()
    frame.locator(".sign-form button[type=submit]").click()
    frame.locator("h1").filter(has_text="Check your inbox").wait_for()

    signature = Signature.objects.get()
    assert signature.partner == partner and signature.consent_partner_at is not None
    assert len(mailoutbox) == 1

    confirm = context.new_page()
    confirm.goto(site(link_path(mailoutbox[0])))
    with confirm.expect_navigation():
        confirm.locator("main form button[type=submit]").click()
    assert re.search(r"/thank-you/\?confirmed=", confirm.url)
    signature.refresh_from_db()
    assert signature.is_confirmed

    confirm.goto(site("/en/partners/unite-branch/"))
    assert "1 signature through this partner" in confirm.locator("main").inner_text()
    context.close()
