"""Downloads and the staff's work in a real browser: a visitor takes a placard, an editor
publishes an article, an organiser exports the signatures."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from campaign.groups import EDITORS, ORGANISERS, ensure_groups
from tests.browser.chromium import DESKTOP, new_context
from tests.factories import ConfirmedSignatureFactory, MaterialFactory, PetitionFactory

pytestmark = pytest.mark.browser

PASSWORD = "a long password for the browser tests"


@pytest.fixture
def desktop(browser):
    context = new_context(browser, DESKTOP)
    yield context.new_page()
    context.close()


def staff_user(username, group):
    ensure_groups()
    user = User.objects.create_user(username, f"{username}@campaign.example", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def log_in(page, site, username):
    """Through the admin's own login form (django-axes sees the browser's address)."""
    page.goto(site("/admin/"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_a_visitor_downloads_a_placard_as_a_pdf(page, site, live_server):
    MaterialFactory(kind="placard", title_en="Free all political prisoners", title_zh_hant="釋放所有政治犯")
    page.goto(site("/zh-hant/materials/"))
    with page.expect_download() as download_info:
        page.locator(".material-card a.btn[download]").first.tap()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")


def test_an_editor_writes_and_publishes_an_article_and_sees_it_on_the_site(desktop, site, live_server):
    page = desktop
    staff_user("editor", EDITORS)
    log_in(page, site, "editor")

    page.goto(site("/admin/articles/article/add/"))
    # Every mark on the editor's toolbar is drawn: no character the fonts lack.
    heading_menu = page.locator(".field-body_en .prose-menubar__selected").first
    assert heading_menu.evaluate("el => getComputedStyle(el, '::after').content") in ('""', "none")
    page.locator("#id_status").select_option("published")
    page.locator("#id_title_en").fill("Solidarity rally outside the consulate")
    page.locator("#id_summary_en").fill("Hundreds gathered on Saturday.")
    editor = page.locator(".field-body_en [contenteditable=true]")
    editor.click()
    page.keyboard.type("Speakers from three trade unions called for the release of all political prisoners.")
    page.locator("#id_title_zh_hant").fill("領事館外的聲援集會")
    page.locator("[name=_save]").click()
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    assert page.locator(".messagelist .success").is_visible()

    page.goto(site("/en/articles/"))
    page.get_by_role("link", name="Solidarity rally outside the consulate").click()
    assert "Speakers from three trade unions" in page.locator("main").inner_text()
    page.goto(site("/zh-hant/articles/"))
    assert page.get_by_role("link", name="領事館外的聲援集會").is_visible()


def test_an_organiser_exports_signatures_as_csv_with_chinese_names_intact(desktop, site, live_server):
    page = desktop
    petition = PetitionFactory(is_current=True)
    names = ["陳大文", "李小龍", "黄之锋", "Nguyễn Văn An"]
    for name in names:
        ConfirmedSignatureFactory(petition=petition, name=name)
    staff_user("organiser", ORGANISERS)
    log_in(page, site, "organiser")

    page.goto(site("/admin/petition/signature/"))
    page.locator(".object-tools a[href*='/export/']").click()
    page.locator("input[name=format][value=csv]").check()
    with page.expect_download() as download_info:
        page.locator("#content-main form [type=submit]").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")

    raw = Path(download.path()).read_bytes()
    # utf-8-sig: a spreadsheet opening the file recognises UTF-8 by its byte order mark.
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    exported = {cell for row in rows[1:] for cell in row}
    for name in names:
        assert name in exported, f"{name} is missing or garbled in the CSV"
