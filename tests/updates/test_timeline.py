"""The petition's delivery and answer on its page, and the update about them prepared in one click."""

import pytest
from django.contrib.auth import get_user_model

from petition.models import TimelineEntry
from updates.models import Update

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(petition):
    return TimelineEntry.objects.create(
        petition=petition,
        title_en="Delivered to the Foreign Office",
        title_zh_hant="遞交外交部",
        recipient_en="The Foreign Secretary",
        place_en="London",
        description_en="Twelve of us handed over the signatures.",
        description_zh_hant="我們十二人遞交了聯署。",
    )


def test_the_petition_page_shows_the_timeline_in_each_language(
    client, petition, delivered, django_assert_max_num_queries
):
    TimelineEntry.objects.create(petition=petition, title_en="Not yet public", is_published=False)
    client.get("/zh-hans/petition/")  # the first view asks for the petition's tally to be made
    with django_assert_max_num_queries(12):
        response = client.get("/en/petition/")
    assert b"Delivered to the Foreign Office" in response.content
    assert b"London" in response.content
    assert b"Not yet public" not in response.content
    assert "遞交外交部" in client.get("/zh-hant/petition/").content.decode()
    assert "递交外交部" in client.get("/zh-hans/petition/").content.decode()  # converted


def test_an_organiser_prepares_the_update_about_an_entry_in_one_click(client, delivered):
    admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw-long-enough-1")
    client.force_login(admin)
    response = client.get(f"/admin/updates/update/from-timeline/{delivered.pk}/")
    update = Update.objects.get(timeline_entry=delivered.pk)
    assert response.status_code == 302 and response["Location"].endswith(f"/{update.pk}/change/")
    assert update.state == Update.State.DRAFT
    assert update.subject_en == "Delivered to the Foreign Office"
    assert update.subject_zh_hans == "递交外交部" and update.is_converted("zh-hans")
    assert "十二人" in update.body_zh_hant
    client.get(f"/admin/updates/update/from-timeline/{delivered.pk}/")
    assert Update.objects.count() == 1  # a second click opens the same draft
