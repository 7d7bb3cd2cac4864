"""A supporter on a phone, in Traditional Chinese, finds the action in their city on the
map, says "I'll be there", confirms from the email, is counted (never named) and is
reminded the day before in their language, in the action's own time. Every page on the
way is accessible, speaks Traditional Chinese and asks nothing of another host."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe

from events import tasks
from events.models import Attendee
from tests.browser.chromium import PHONE, new_context
from tests.browser.pages import axe_problems, is_same_host
from tests.events.factories import PublishedEventFactory

pytestmark = pytest.mark.browser

AXE = Axe()
TORONTO = ZoneInfo("America/Toronto")
JOIN_LINK = re.compile(r"https?://[^\s\"<]+(/zh-hant/events/join/[^\s\"<]+/)")

# Visible text in Latin letters that is not inside an element marked with another
# language than the page's: English left where Traditional Chinese was due.
UNTRANSLATED_SCRIPT = """
() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    if (!/[A-Za-z]{2,}/.test(text)) continue;
    const el = node.parentElement;
    if (!el || el.closest("script, style, [aria-hidden=true], [hidden]")) continue;
    if (!el.checkVisibility() && !el.closest(".visually-hidden, .visually-hidden-focusable")) continue;
    const marked = el.closest("[lang]");
    if (marked && !marked.lang.toLowerCase().startsWith("zh")) continue;
    found.push(`${el.tagName.toLowerCase()}: ${text.slice(0, 60)}`);
  }
  // What a screen reader says for controls and images counts as well.
  for (const el of document.body.querySelectorAll("[aria-label], img[alt], [title]")) {
    const said = el.getAttribute("aria-label") || el.getAttribute("alt") || el.getAttribute("title");
    const marked = el.closest("[lang]");
    if (/[A-Za-z]{2,}/.test(said) && !(marked && !marked.lang.toLowerCase().startsWith("zh"))) {
      found.push(`${el.tagName.toLowerCase()}[label]: ${said.slice(0, 60)}`);
    }
  }
  return found;
}
"""


@pytest.fixture
def action(live_server):
    """An action in Toronto tomorrow evening, and one in Berlin the map also shows."""
    toronto = PublishedEventFactory(
        title_zh_hant="多倫多聲援香港政治犯集會",
        description_zh_hant="<p>請帶同標語。</p>",
        venue_en="Nathan Phillips Square",
        city="Toronto",
        country="CA",
        starts_at=datetime(2031, 6, 4, 19, 30, tzinfo=TORONTO),
        ends_at=None,
    )
    PublishedEventFactory(title_zh_hant="柏林集會", city="Berlin", country="DE")
    return toronto


def going(page):
    """The number of people the page says are coming."""
    (number,) = re.findall(r"\d+", page.locator(".event-attendees").inner_text())
    return int(number)


class Visit:
    """The supporter's browser, checking each page it lands on."""

    def __init__(self, page, site):
        self.page, self.site = page, site
        self.requested = []
        self.problems = []
        page.on("request", lambda request: self.requested.append(request.url))

    def check(self):
        page, path = self.page, self.page.url.removeprefix(self.site.url)
        page.wait_for_load_state("load")
        assert page.locator("html").get_attribute("lang") == "zh-Hant", path
        self.problems += [
            f"{path}: request to another host: {url}"
            for url in self.requested
            if not is_same_host(url, self.site.url)
        ]
        self.requested.clear()
        self.problems += [f"{path}: {line}" for line in axe_problems(AXE.run(page))]
        self.problems += [f"{path}: not in Chinese: {text}" for text in page.evaluate(UNTRANSLATED_SCRIPT)]
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            self.problems.append(f"{path}: scrolls sideways ({width} px)")


def test_a_supporter_joins_an_action_in_their_city_from_a_phone_in_traditional_chinese(
    browser, site, action, mailoutbox, django_capture_on_commit_callbacks
):
    context = new_context(browser, PHONE, locale="zh-HK", timezone_id="America/Toronto")
    page = context.new_page()
    visit = Visit(page, site)

    page.goto(site("/zh-hant/events/"))
    visit.check()
    # Each marker is a link named by its city's entry in the list beside the map.
    markers = page.locator(".action-map-marker")
    assert markers.count() == 2
    named = {}
    for i in range(markers.count()):
        ids = markers.nth(i).get_attribute("aria-labelledby").split()
        named[" ".join(page.locator(f"#{ref}").inner_text() for ref in ids)] = markers.nth(i)
    toronto = next(marker for name, marker in named.items() if "Toronto" in name)
    toronto.tap()
    page.wait_for_url(re.compile(r"/zh-hant/events/\?.*city=Toronto"))
    visit.check()
    assert page.locator(".event-card").count() == 1

    page.locator(f'.event-card a[href="/zh-hant/events/{action.slug}/"]').first.tap()
    page.wait_for_url(re.compile(rf"/zh-hant/events/{action.slug}/$"))
    visit.check()
    assert going(page) == 0

    page.locator(f'a[href="/zh-hant/events/{action.slug}/join/"]').first.tap()
    page.wait_for_url(re.compile(rf"/zh-hant/events/{action.slug}/join/$"))
    visit.check()
    page.locator("#id_name").fill("陳大文")
    page.locator("#id_email").fill("chan.tai.man@example.org")
    page.locator("main form button[type=submit]").tap()

    page.wait_for_url(re.compile(rf"/zh-hant/events/{action.slug}/join/sent/$"))
    visit.check()
    assert "chan.tai.man@example.org" not in page.locator("main").inner_text()

    (confirmation,) = mailoutbox
    assert confirmation.to == ["chan.tai.man@example.org"]
    assert confirmation.extra_headers["Content-Language"] == "zh-hant"
    page.goto(site(JOIN_LINK.search(confirmation.body).group(1)))
    visit.check()
    with page.expect_navigation():
        page.locator("main button[name=action][value=confirm]").tap()
    visit.check()
    assert page.locator("main [role=status], main .alert").count() >= 1, "the confirmation is said"
    assert Attendee.objects.get().status == Attendee.Status.CONFIRMED
    # The private page counts them at once; the browser may keep its copy of the public
    # page for PUBLIC_CACHE_SECONDS, and shows the new count when it is reloaded.
    assert going(page) == 1

    page.locator(f'main a[href="/zh-hant/events/{action.slug}/"]').first.tap()
    page.wait_for_url(re.compile(rf"/zh-hant/events/{action.slug}/$"))
    page.reload()
    visit.check()
    assert going(page) == 1
    assert "陳大文" not in page.locator("body").inner_text(), "counted, never named"
    context.close()
    assert not visit.problems, "\n".join(visit.problems)

    # The day before, in Toronto's evening: one reminder, in Traditional Chinese,
    # with the action's local time and zone.
    mailoutbox.clear()
    day_before = action.starts_at - timedelta(hours=20)
    with time_machine.travel(day_before, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_reminders.call() == 1
        assert tasks.send_reminders.call() == 0
    (reminder,) = mailoutbox
    assert reminder.to == ["chan.tai.man@example.org"]
    assert reminder.extra_headers["Content-Language"] == "zh-hant"
    assert "明天" in reminder.subject
    assert "(America/Toronto, UTC−4)" in reminder.body, "the zone and its offset, with a minus sign"
    assert "2031年6月4日 19:30" in reminder.body, reminder.body
    assert "多倫多聲援香港政治犯集會" in reminder.body
