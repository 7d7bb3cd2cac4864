"""A supporter signs in a real browser: on a phone in Chinese, with the keyboard alone,
with mistakes in the form, and with JavaScript switched off."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.chromium import DESKTOP, new_context
from tests.browser.pages import axe_problems
from tests.factories import PetitionFactory
from tests.petition.conftest import link_path

pytestmark = pytest.mark.browser

AXE = Axe()


@pytest.fixture
def petition(live_server):
    return PetitionFactory(
        is_current=True, title_zh_hans="停止镇压香港", statement_zh_hans="我们与香港人站在一起。"
    )


def assert_accessible(page):
    problems = axe_problems(AXE.run(page))
    assert not problems, f"{page.url}:\n" + "\n".join(problems)


def focus_is_visible(page):
    """The focused element shows an outline or a focus ring (box shadow)."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          if (!el || el === document.body) return false;
          const style = getComputedStyle(el);
          const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
          return outline || style.boxShadow !== "none";
        }"""
    )


def press_confirm(page, how):
    """Press the confirmation page's one button (tap, or Enter); the signature must be accepted."""
    with page.expect_navigation() as navigation:
        how()
    response = navigation.value
    assert response.status != 403, f"the Confirm button was refused: {response.status} {response.url}"


def tab_to(page, selector, limit=80):
    """Press Tab until `selector` has the focus, checking that every stop shows where it is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
        assert focus_is_visible(page), f"focus is invisible on {stop}"
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} is not reachable with Tab")


def test_a_supporter_signs_on_a_phone_in_traditional_chinese_and_finds_their_name_on_the_wall(
    page, site, petition, mailoutbox
):
    page.goto(site("/zh-hant/"))
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    page.locator(".hero-actions a.btn-primary").tap()
    page.wait_for_url(re.compile(r"/zh-hant/petition/$"))

    page.locator("#id_name").fill("陳大文")
    page.locator("#id_email").fill("chan.tai.man@example.org")
    page.locator("#id_country").select_option("HK")
    page.locator("input[name=display][value=full]").check()
    page.locator(".sign-form button[type=submit]").tap()

    page.wait_for_url(re.compile(r"/zh-hant/petition/check-your-inbox/$"))
    assert "chan.tai.man@example.org" not in page.locator("main").inner_text(), "nothing the cookie carries"
    assert_accessible(page)

    assert len(mailoutbox) == 1
    confirm_path = link_path(mailoutbox[0])
    assert confirm_path.startswith("/zh-hant/petition/confirm/")
    page.goto(site(confirm_path))
    assert "陳大文" in page.locator("main").inner_text()
    assert_accessible(page)
    press_confirm(page, page.locator("main form button[type=submit]").tap)

    page.wait_for_url(re.compile(r"/zh-hant/petition/thank-you/\?confirmed="))
    page.locator("main a[href$='/zh-hant/petition/signatures/']").first.tap()
    page.wait_for_url(re.compile(r"/zh-hant/petition/signatures/$"))
    assert page.locator(".wall-list").get_by_text("陳大文").is_visible()
    assert "1" in page.locator(".signature-counter").inner_text()


def test_signing_works_with_the_keyboard_alone_and_focus_is_always_visible(
    browser, site, petition, mailoutbox
):
    context = new_context(browser, DESKTOP)
    page = context.new_page()
    page.goto(site("/en/petition/"))

    tab_to(page, "#id_name")
    page.keyboard.type("Lee Cheuk-yan")
    tab_to(page, "#id_email")
    page.keyboard.type("lee@example.org")
    tab_to(page, "#id_country")
    page.keyboard.type("Hong Kong")
    assert page.locator("#id_country").input_value() == "HK"
    tab_to(page, "input[name=display]")
    page.keyboard.press("Space")
    tab_to(page, ".sign-form button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/en/petition/check-your-inbox/$"))
    assert len(mailoutbox) == 1
    page.goto(site(link_path(mailoutbox[0])))
    tab_to(page, "main form button[type=submit]")
    context.close()


def test_form_errors_are_announced_and_lead_to_the_fields(page, site, petition, mailoutbox):
    page.goto(site("/zh-hans/petition/"))
    page.locator("#id_email").fill("not an address")
    page.locator(".sign-form button[type=submit]").tap()

    summary = page.locator(".error-summary")
    summary.wait_for()
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate("document.activeElement.classList.contains('error-summary')"), (
        "focus is on the summary"
    )
    for field in ("name", "email", "country"):
        control = page.locator(f"#id_{field}")
        assert control.get_attribute("aria-invalid") == "true", field
        described = (control.get_attribute("aria-describedby") or "").split()
        texts = [page.locator(f"#{ref}").inner_text().strip() for ref in described]
        assert any(texts), f"{field}: no error text is tied to the field ({described})"
    assert page.locator("#id_email").input_value() == "not an address", "what was typed is kept"
    assert_accessible(page)

    summary.locator("a[href='#id_name']").click()
    assert page.evaluate("document.activeElement.id") == "id_name"
    assert not mailoutbox


def test_signing_works_with_javascript_switched_off(browser, site, petition, mailoutbox):
    context = new_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(site("/en/"))
    assert page.locator(".site-header .nav-link[href='/en/petition/']").is_visible(), "the menu is open"
    page.locator(".hero-actions a.btn-primary").tap()

    page.locator("#id_name").fill("Ho Kwai-lam")
    page.locator("#id_email").fill("ho@example.org")
    page.locator("#id_country").select_option("GB")
    page.locator("input[name=display][value=full]").check()
    # The cached page carries no CSRF token and no script runs: one press signs (the POST
    # is checked by the headers the browser sends, core/origin.py).
    page.locator(".sign-form button[type=submit]").tap()
    page.wait_for_url(re.compile(r"/en/petition/check-your-inbox/$"))
    assert len(mailoutbox) == 1

    page.goto(site(link_path(mailoutbox[0])))
    press_confirm(page, page.locator("main form button[type=submit]").tap)
    page.wait_for_url(re.compile(r"/en/petition/thank-you/\?confirmed="))
    page.goto(site("/en/petition/signatures/"))
    assert page.locator(".wall-list").get_by_text("Ho Kwai-lam").is_visible()
    context.close()
