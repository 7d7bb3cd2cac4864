"""An Organiser writes an update, previews it in each language, tests it, sends it, pauses it."""

import pytest

from tests.factories import StaffUserFactory
from tests.updates.conftest import ready_update, subscriber
from updates.models import Recipient, Update

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(client):
    user = StaffUserFactory(groups=["Organisers"], email="organiser@campaign.example")
    client.force_login(user)
    return user


def test_an_organiser_previews_the_update_in_each_language_as_sent(client, organiser, petition):
    update = ready_update(petition, subject_zh_hans="", body_zh_hans="")
    page = client.get(f"/admin/updates/update/{update.pk}/preview/zh-hans/").content.decode()
    assert "我们递交了联署" in page and "繁体正文" in page
    html = client.get(f"/admin/updates/update/{update.pk}/preview/zh-hans/?part=html").content.decode()
    assert 'lang="zh-Hans"' in html and "繁体正文" in html
    assert client.get(f"/admin/updates/update/{update.pk}/preview/xx/").status_code == 404


def test_a_test_goes_to_the_organiser_in_the_three_languages(client, organiser, petition, mailoutbox, commit):
    update = ready_update(petition)
    subscriber(petition)
    with commit():
        client.post("/admin/updates/update/", {"action": "send_test_to_me", "_selected_action": [update.pk]})
    assert [m.to for m in mailoutbox] == [["organiser@campaign.example"]] * 3
    assert {m.extra_headers["Content-Language"] for m in mailoutbox} == {"en", "zh-hant", "zh-hans"}
    assert "List-Unsubscribe" not in mailoutbox[0].extra_headers
    assert not Recipient.objects.exists()


def test_an_organiser_sends_and_the_list_shows_progress_without_addresses(
    client, organiser, petition, mailoutbox, commit, no_pause
):
    subscriber(petition, email="private-person@example.org")
    update = ready_update(petition)
    with commit():
        client.post("/admin/updates/update/", {"action": "send_now", "_selected_action": [update.pk]})
    assert len(mailoutbox) == 1
    assert Update.objects.get().state == Update.State.SENT
    listing = client.get("/admin/updates/update/").content.decode()
    assert "1 of 1 sent" in listing
    recipients = client.get("/admin/updates/recipient/").content.decode()
    assert "private-person" not in recipients and "2026-1" in recipients


def test_an_update_that_went_out_cannot_be_edited(client, organiser, petition, commit, no_pause):
    update = ready_update(petition)
    with commit():
        client.post("/admin/updates/update/", {"action": "send_now", "_selected_action": [update.pk]})
    response = client.post(f"/admin/updates/update/{update.pk}/change/", {"subject_en": "Changed"})
    assert response.status_code == 403
    assert Update.objects.get().subject_en == "We delivered the petition"


def test_what_a_killed_worker_left_unknown_is_shown_and_sent_again_only_when_chosen(
    client, organiser, petition, mailoutbox, commit, no_pause
):
    for n in range(3):
        subscriber(petition, email=f"s{n}@example.org")
    update = ready_update(petition)
    with commit():
        client.post("/admin/updates/update/", {"action": "send_now", "_selected_action": [update.pk]})
    # As if the worker had been killed while handing the last one to the mail server.
    last = update.recipients.order_by("pk").last()
    Recipient.objects.filter(pk=last.pk).update(state=Recipient.State.UNKNOWN, email="s2@example.org")
    page = client.get(f"/admin/updates/update/{update.pk}/change/").content.decode()
    assert "2 of 3 sent" in page and "1 may not have been delivered" in page
    assert (
        "may not have been delivered"
        in client.get("/admin/updates/recipient/?state=unknown").content.decode()
    )
    with commit():
        client.post("/admin/updates/update/", {"action": "resend_unknown", "_selected_action": [update.pk]})
    assert [m.to for m in mailoutbox[3:]] == [["s2@example.org"]]
    assert update.progress()[Recipient.State.SENT] == 3
