"""The motion tracker: an organisation reports the motion it passed, an Organiser
approves it, and "Motions passed" shows the list, the members represented and the map."""

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from campaign.models import PassedMotion
from core.forms import form_stamp
from tests.factories import StaffUserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("logins_unthrottled")]

REPORT = "/en/motions/report/"


def report(**overrides):
    data = {
        "organisation": "Northern Ireland Public Sector Alliance",
        "body": "Annual conference",
        "country": "GB",
        "passed_on": "2026-05-14",
        "members": "40000",
        "link": "https://union.example/motions/hong-kong",
        "summary": "Support for independent trade unions in Hong Kong and China.",
        "reporter_name": "Branch Secretary",
        "reporter_email": "secretary@union.example",
        "website": "",
        "rendered": form_stamp(time.time() - 30),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def approved(**fields):
    motion = PassedMotion.objects.create(
        **{
            "organisation": "Union",
            "country": "GB",
            "reporter_name": "A",
            "reporter_email": "a@union.example",
            **fields,
        }
    )
    motion.approve()
    return motion


def test_a_reported_motion_waits_for_moderation_and_is_not_shown(client):
    response = client.post(REPORT, report(), REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 302
    motion = PassedMotion.objects.get()
    assert motion.state == PassedMotion.State.PENDING
    assert motion.members == 40000
    assert "Northern Ireland Public Sector Alliance" not in client.get("/en/motions/").content.decode()


def test_approving_shows_the_motion_with_the_members_it_represents_and_hides_the_reporter(client):
    client.post(REPORT, report(), REMOTE_ADDR="203.0.113.5")
    motion = PassedMotion.objects.get()
    assert motion.approve()
    assert not motion.approve()  # twice changes nothing
    html = client.get("/en/motions/").content.decode()
    assert "Northern Ireland Public Sector Alliance" in html
    assert "40,000" in html
    assert "secretary@union.example" not in html and "Branch Secretary" not in html
    assert 'data-country="GB"' in html  # the map


def test_the_total_adds_the_members_of_approved_motions_only(client, django_assert_max_num_queries):
    approved(organisation="A", members=40000, country="GB")
    approved(organisation="B", members=2500, country="IE")
    approved(organisation="C", country="FR")  # members not given
    rejected = approved(organisation="D", members=1_000_000)
    rejected.reject()
    PassedMotion.objects.create(
        organisation="E", members=5, country="GB", reporter_name="x", reporter_email="x@e.example"
    )
    with django_assert_max_num_queries(6):
        response = client.get("/en/motions/")
    html = response.content.decode()
    assert "<strong>3</strong> motions passed" in html
    assert "<strong>42,500</strong> members" in html


def test_a_report_needs_a_link_or_a_photo_of_the_minute(client):
    response = client.post(REPORT, report(link=""), REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 200
    assert not PassedMotion.objects.exists()


def test_a_photo_of_the_minute_is_checked_and_stored_under_a_random_name(client, settings, tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "PNG")
    photo = SimpleUploadedFile("minute of secretary jane.png", buffer.getvalue(), content_type="image/png")
    client.post(REPORT, {**report(link=""), "minute": photo}, REMOTE_ADDR="203.0.113.5")
    motion = PassedMotion.objects.get()
    assert motion.minute.name.startswith("motions/") and "jane" not in motion.minute.name
    not_a_picture = SimpleUploadedFile("minute.png", b"<script>", content_type="image/png")
    response = client.post(REPORT, {**report(link=""), "minute": not_a_picture}, REMOTE_ADDR="203.0.113.6")
    assert response.status_code == 200 and PassedMotion.objects.count() == 1


@pytest.mark.parametrize("field,value", [("passed_on", "2999-01-01"), ("members", "0"), ("members", "-5")])
def test_impossible_dates_and_member_counts_are_refused(client, field, value):
    response = client.post(REPORT, report(**{field: value}), REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 200
    assert not PassedMotion.objects.exists()


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_the_pages_answer_in_every_language(client, language):
    approved(members=10)
    assert client.get(f"/{language}/motions/").status_code == 200
    assert client.get(f"/{language}/motions/report/").status_code == 200


def test_organisers_approve_in_the_admin(client):
    client.post(REPORT, report(), REMOTE_ADDR="203.0.113.5")
    motion = PassedMotion.objects.get()
    client.force_login(StaffUserFactory(groups=["Organisers"]))
    client.post(
        reverse("admin:campaign_passedmotion_changelist"),
        {"action": "approve", "_selected_action": [motion.pk]},
    )
    motion.refresh_from_db()
    assert motion.state == PassedMotion.State.APPROVED and motion.moderated_at


def test_editors_cannot_see_reports(client):
    client.force_login(StaffUserFactory(groups=["Editors"]))
    assert client.get(reverse("admin:campaign_passedmotion_changelist")).status_code == 403
