"""The events pages on a phone, in Traditional Chinese: a supporter finds the action in
their city, reads its time in their own zone, and nothing comes from another host."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.chromium import PHONE, new_context
from tests.browser.pages import axe_problems, is_same_host
from tests.events.factories import PublishedEventFactory

pytestmark = pytest.mark.browser

AXE = Axe()


def test_the_events_pages_on_a_phone_are_accessible_and_self_hosted(browser, site, demo):
    from events.models import Event, LocalGroup

    event = Event.objects.upcoming().exclude(kind="online").first()
    group = LocalGroup.objects.published().first()
    paths = [
        "/zh-hant/events/",
        "/zh-hant/events/?country=GB",
        f"/zh-hant/events/{event.slug}/",
        f"/zh-hant/events/{Event.objects.past().first().slug}/",
        "/zh-hant/groups/",
        f"/zh-hant/groups/{group.slug}/",
    ]
    context = new_context(browser, PHONE)
    requested = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    problems = []
    for path in paths:
        requested.clear()
        response = page.goto(site(path), wait_until="load")
        assert response.status == 200, path
        problems += [
            f"{path}: request to another host: {url}" for url in requested if not is_same_host(url, site.url)
        ]
        problems += [f"{path}: {line}" for line in axe_problems(AXE.run(page))]
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{path}: scrolls sideways ({width} px)")
    context.close()
    assert not problems, "\n".join(problems)


def test_a_supporter_finds_the_action_in_their_city_and_reads_it_in_their_own_time(browser, site, db):
    event = PublishedEventFactory(
        title_zh_hant="倫敦聲援香港集會",
        city="Hong Kong",
        country="HK",
        starts_at=datetime(2030, 6, 4, 20, 0, tzinfo=ZoneInfo("Asia/Hong_Kong")),
        ends_at=None,
    )
    PublishedEventFactory(title_zh_hant="柏林集會", city="Berlin", country="DE")
    context = new_context(browser, PHONE, timezone_id="Europe/London", locale="zh-HK")
    page = context.new_page()
    page.goto(site("/zh-hant/events/"), wait_until="load")
    page.select_option("#filter-country", "HK")
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    assert page.locator(".event-card").count() == 1
    page.click(f'a[href="/zh-hant/events/{event.slug}/"]')
    page.wait_for_load_state("load")
    assert "Asia/Hong_Kong, UTC+8" in page.locator(".event-zone").inner_text()
    reader = page.locator(".event-reader-time")
    assert reader.is_visible()
    text = reader.inner_text()
    assert "Europe/London" in text and "2030年6月4日" in text and "下午1:00" in text, text
    context.close()


def test_without_script_the_action_prints_its_zone_and_offset(browser, site, db):
    event = PublishedEventFactory(city="Hong Kong", country="HK")
    context = new_context(browser, PHONE, java_script_enabled=False, timezone_id="Europe/London")
    page = context.new_page()
    page.goto(site(f"/en/events/{event.slug}/"), wait_until="load")
    assert "Asia/Hong_Kong, UTC+8" in page.locator(".event-zone").inner_text()
    assert not page.locator(".event-reader-time").is_visible()
    context.close()
