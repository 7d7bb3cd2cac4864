"""The signing form is accepted from our own pages only, without a per-visitor token.

The signing page is cached for everyone, so it carries no CSRF token; its POST is
checked by what the browser says about where it comes from (Sec-Fetch-Site, then
Origin). A person signs in one press, with or without script; another site cannot
make its visitors' browsers sign for it.
"""

import re
import time

import pytest
import time_machine
from django.test import Client

from core.origin import cross_origin_refusal
from petition.models import Signature
from tests.petition.conftest import form_data, rendered_seconds_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser():
    """A browser: Django's CSRF check enforced as on the real site."""
    return Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.7")


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_a_browser_without_script_signs_the_cached_page_in_one_press(
    browser, petition, language, django_capture_on_commit_callbacks, mailoutbox
):
    page = browser.get(f"/{language}/petition/")
    html = page.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert "public" in page["Cache-Control"], "one copy of the page serves everyone"
    stamp = re.search(r'name="rendered" value="([^"]+)"', html).group(1)

    with time_machine.travel(time.time() + 30), django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            f"/{language}/petition/",
            {**form_data(name="陳大文"), "rendered": stamp},
            HTTP_SEC_FETCH_SITE="same-origin",
            HTTP_ORIGIN="http://testserver",
        )

    assert response.status_code == 302
    assert response["Location"].endswith("/petition/check-your-inbox/")
    assert Signature.objects.get().name == "陳大文"
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "https://sub.testserver"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
    ],
    ids=["cross-site", "same-site", "foreign-origin", "opaque-origin"],
)
@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_a_post_from_another_site_is_refused_and_stores_nothing(
    browser, petition, headers, language, mailoutbox
):
    response = browser.post(f"/{language}/petition/", form_data(), **headers)

    assert response.status_code == 403
    assert "no-store" in response["Cache-Control"]
    assert not Signature.objects.exists()
    assert mailoutbox == []
    html = response.content.decode()
    assert f'href="/{language}/petition/"' in html, "a link back to the form on our site"
    assert "chan@example.org" not in html and "Chan Tai Man" not in html


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "another website"), ("zh-hant", "其他網站"), ("zh-hans", "其他网站")],
)
def test_the_refusal_is_in_the_signers_language(browser, petition, language, words):
    response = browser.post(f"/{language}/petition/", form_data(), HTTP_SEC_FETCH_SITE="cross-site")
    assert words in response.content.decode()


def test_a_post_the_person_typed_or_bookmarked_is_accepted(
    browser, petition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post("/en/petition/", form_data(), HTTP_SEC_FETCH_SITE="none")
    assert response.status_code == 302


def test_without_fetch_metadata_the_origin_must_be_this_host(
    browser, petition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ours = browser.post("/en/petition/", form_data(), HTTP_ORIGIN="http://testserver")
    assert ours.status_code == 302
    theirs = browser.post(
        "/en/petition/", form_data(email="other@example.org"), HTTP_ORIGIN="http://testserver.evil.example"
    )
    assert theirs.status_code == 403


def test_over_https_a_post_with_neither_header_is_refused(browser, petition, settings):
    settings.SECURE_SSL_REDIRECT = False
    response = browser.post("/en/petition/", form_data(), secure=True)
    assert response.status_code == 403
    assert not Signature.objects.exists()


def test_a_trusted_origin_may_post_from_another_host(
    browser, petition, settings, django_capture_on_commit_callbacks
):
    settings.CSRF_TRUSTED_ORIGINS = ["https://www.example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            "/en/petition/",
            form_data(),
            HTTP_SEC_FETCH_SITE="same-site",
            HTTP_ORIGIN="https://www.example.org",
        )
    assert response.status_code == 302


def test_every_other_check_still_holds_for_a_same_origin_post(browser, petition, mailoutbox):
    """The honeypot and the fill time: answered as if all went well, nothing stored or sent."""
    same_origin = {"HTTP_SEC_FETCH_SITE": "same-origin"}
    assert browser.post("/en/petition/", form_data(website="http://spam"), **same_origin).status_code == 302
    too_fast = form_data(rendered=rendered_seconds_ago(0))
    assert browser.post("/en/petition/", too_fast, **same_origin).status_code == 302
    assert not Signature.objects.exists()
    assert mailoutbox == []


def test_the_cached_pages_readers_share_its_stamp_and_each_signs_once(
    browser, petition, django_capture_on_commit_callbacks
):
    stamp = rendered_seconds_ago(30)
    same_origin = {"HTTP_SEC_FETCH_SITE": "same-origin"}
    with django_capture_on_commit_callbacks(execute=True):
        first = browser.post("/en/petition/", form_data(rendered=stamp), **same_origin)
        second = browser.post(
            "/en/petition/", form_data(rendered=stamp, email="lee@example.org"), **same_origin
        )
        again = browser.post("/en/petition/", form_data(rendered=stamp), **same_origin)

    assert (first.status_code, second.status_code) == (302, 302)
    assert again.status_code == 200 and "send it again" in again.content.decode(), (
        "the same sending counts once"
    )
    assert Signature.objects.count() == 2


def test_the_form_token_address_is_gone(client, petition):
    assert client.get("/form-token/").status_code == 404


def test_safe_methods_are_never_refused(rf):
    assert cross_origin_refusal(rf.get("/en/petition/", HTTP_SEC_FETCH_SITE="cross-site")) is None


def test_other_forms_keep_the_csrf_token(browser, petition):
    response = browser.post("/en/contact/", {"message": "hello"}, HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 403
