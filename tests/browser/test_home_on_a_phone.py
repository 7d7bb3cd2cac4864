"""The home page on a phone: short, every section one tap away, and a row that says it scrolls."""

import pytest

from tests.browser.chromium import PHONE, new_context

pytestmark = pytest.mark.browser

# The demo home page on a 390 px phone measured 9,033 px in English before its long lists
# became rows of cards that scroll sideways; in every language it stays under half of that.
HALF_OF_BEFORE = 4516


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_the_home_page_on_a_phone_is_under_half_its_old_length(browser, site, demo, language):
    context = new_context(browser, PHONE)
    page = context.new_page()
    page.goto(site(f"/{language}/"), wait_until="load")
    height = page.evaluate("document.documentElement.scrollHeight")
    context.close()
    assert height < HALF_OF_BEFORE, height


def test_every_section_is_reachable_from_the_chip_row_which_stays_in_sight(browser, site, demo):
    # A phone-sized window without Chromium's mobile emulation, which scrolls its visual
    # viewport while element positions stay measured against the layout one.
    context = new_context(browser, PHONE, is_mobile=False, has_touch=False)
    page = context.new_page()
    page.goto(site("/en/"), wait_until="load")
    chips = page.locator(".page-sections a")
    targets = [chips.nth(i).get_attribute("href") for i in range(chips.count())]
    assert len(targets) >= 6
    for target in targets:
        assert page.locator(target).count() == 1, target
        chip = page.locator(f'.page-sections a[href="{target}"]')
        chip.scroll_into_view_if_needed()
        chip.click()
        page.wait_for_timeout(1200)  # Bootstrap scrolls smoothly
        section_top = page.locator(target).evaluate("el => el.getBoundingClientRect().top")
        at_bottom = page.evaluate("scrollY + innerHeight >= document.documentElement.scrollHeight - 2")
        assert -5 < section_top < 120 or (at_bottom and section_top < 844), (target, section_top)
        assert page.locator(".page-sections").is_visible()
        assert page.locator(".page-sections").evaluate("el => el.getBoundingClientRect().top") >= 0
    context.close()


def test_the_chip_row_shows_a_cue_that_it_scrolls(browser, site, demo):
    context = new_context(browser, PHONE)
    page = context.new_page()
    page.goto(site("/en/"), wait_until="load")
    row = page.locator(".page-sections ul")
    assert row.evaluate("el => el.scrollWidth > el.clientWidth"), "the row is wider than the phone"
    cue = page.locator(".page-sections .container").evaluate("el => getComputedStyle(el, '::after').content")
    assert "›" in cue
    context.close()
