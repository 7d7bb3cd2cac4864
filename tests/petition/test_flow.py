"""The whole journey: sign, confirm by email, appear on the wall, be counted."""

import pytest

from petition.models import Signature
from tests.petition.conftest import MANAGE_LINK, link_path

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_sign_confirm_by_email_then_appear_on_the_wall_and_in_the_count(client, sign, mailoutbox, language):
    before = client.get("/api/petition.json").json()["signatures"]

    assert sign(language=language, name="Lam Wing Kee").status_code == 302
    assert len(mailoutbox) == 1
    confirm_path = link_path(mailoutbox[0])
    assert confirm_path.startswith(f"/{language}/petition/confirm/")

    page = client.get(confirm_path)
    assert page.status_code == 200
    assert "Lam Wing Kee" in page.content.decode()
    assert 'method="post"' in page.content.decode()
    assert Signature.objects.get().state == Signature.State.PENDING, "a GET (a mail scanner) confirms nothing"
    assert "Lam Wing Kee" not in client.get(f"/{language}/petition/signatures/").content.decode()

    done = client.post(confirm_path)
    assert done.status_code == 302
    assert done["Location"].startswith(f"/{language}/petition/thank-you/?confirmed=")
    signature = Signature.objects.get()
    assert signature.state == Signature.State.CONFIRMED
    assert signature.confirmed_at is not None

    thanks = client.get(done["Location"]).content.decode()
    assert "share-links" in thanks
    assert "<svg" in thanks, "the WeChat QR code"
    assert "Lam Wing Kee" in client.get(f"/{language}/petition/signatures/").content.decode()
    assert client.get("/api/petition.json").json()["signatures"] == before + 1


def test_confirming_twice_is_harmless(client, sign, mailoutbox):
    sign()
    path = link_path(mailoutbox[0])
    client.post(path)
    first = Signature.objects.get().confirmed_at
    again = client.post(path)
    assert again.status_code == 302
    assert Signature.objects.get().confirmed_at == first
    assert client.get("/api/petition.json").json()["signatures"] == 1
    assert "already confirmed" in client.get(path).content.decode()


def test_a_script_as_a_name_is_escaped_on_every_page_and_in_every_email(client, sign, mailoutbox, commit):
    hostile = "<script>alert(1)</script>"
    sign(name=hostile, title="<b>boss</b>")
    confirm_path = link_path(mailoutbox[0])
    manage_path = link_path(mailoutbox[0], MANAGE_LINK)
    pages = [confirm_path, manage_path, manage_path + "withdraw/"]
    client.post(confirm_path)
    pages += ["/en/petition/signatures/", "/en/petition/signatures/?q=script", "/en/petition/thank-you/"]
    pages += ["/en/petition/", "/en/petition/embed/", "/api/petition.json"]
    for url in pages:
        body = client.get(url).content.decode()
        assert hostile not in body, url
        assert "<b>boss</b>" not in body, url
    assert "&lt;script&gt;" in client.get("/en/petition/signatures/").content.decode()
    assert hostile not in mailoutbox[0].body, "the confirmation does not repeat the name typed"
    sign(name=hostile, title="<b>boss</b>")  # again: "already signed", to a confirmed address
    already = mailoutbox[-1]
    assert hostile not in already.alternatives[0].content
    assert "&lt;script&gt;" in already.alternatives[0].content
    assert hostile in already.body, "the plain-text email shows the confirmed name as typed"
