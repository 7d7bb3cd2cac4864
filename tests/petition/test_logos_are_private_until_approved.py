"""An organisation's logo is private until a moderator approves it.

Anyone can upload a logo when signing for an organisation; until a moderator has looked
at it, it is in private storage (never under MEDIA_ROOT, never served by the web server),
seen only through the moderators' preview. Approval moves it to public media under a new
name; taking the approval back, rejecting, withdrawing and erasing remove it from public.
"""

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import Client
from django.urls import reverse
from PIL import Image

from petition.models import Signature
from petition.retention import anonymise_petition, purge_unconfirmed
from petition.services import signature_withdraw
from tests.factories import ConfirmedSignatureFactory, PendingSignatureFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def png(colour="red"):
    data = io.BytesIO()
    Image.new("RGB", (40, 40), colour).save(data, format="PNG")
    return data.getvalue()


@pytest.fixture(autouse=True)
def _roots(settings, tmp_path):
    settings.AXES_ENABLED = False
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "core.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    yield


def media_files(settings):
    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


def organisation(**fields):
    signature = ConfirmedSignatureFactory(kind=Signature.Kind.ORGANISATION, name="Dockers' Union", **fields)
    signature.organisation_logo.save("logo.png", ContentFile(png()), save=True)
    return signature


@pytest.fixture
def moderator(db):
    user = StaffUserFactory(username="moderator")
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="petition", codename__in=["view_signature", "change_signature"]
        )
    )
    return user


def preview(signature):
    return reverse("admin:petition_signature_logo", args=[signature.pk])


def test_a_signer_uploads_a_logo_and_it_lands_in_private_storage_not_in_media(sign, settings):
    sign(kind="organisation", name="Dockers' Union", organisation_logo=io.BytesIO(png()) | _named("l.png"))
    signature = Signature.objects.get()
    assert signature.organisation_logo and not signature.published_logo
    stored = Path(settings.PRIVATE_ROOT) / signature.organisation_logo.name
    assert stored.is_file() and stored.stat().st_mode & 0o077 == 0
    assert media_files(settings) == []


class _named:
    """`BytesIO | _named("x.png")`: a file object with a name, as an upload has."""

    def __init__(self, name):
        self.name = name

    def __ror__(self, data):
        data.name = self.name
        return data


def test_the_wall_never_links_a_logo_awaiting_approval(client, petition):
    signature = organisation(petition=petition)
    page = client.get("/en/petition/signatures/").content.decode()
    assert "Dockers" in page
    assert signature.organisation_logo.name not in page
    assert "wall-logo" not in page


def test_approval_publishes_the_logo_under_a_new_name_and_the_wall_shows_it(client, petition, settings):
    signature = organisation(petition=petition)
    private_name = signature.organisation_logo.name
    assert signature.approve_logo()
    signature.refresh_from_db()
    assert signature.logo_approved and not signature.organisation_logo
    assert signature.published_logo.name != private_name
    assert not storages["private"].exists(private_name)
    assert media_files(settings) == [Path(settings.MEDIA_ROOT) / signature.published_logo.name]
    page = client.get("/en/petition/signatures/").content.decode()
    assert signature.published_logo.url in page


def test_taking_the_approval_back_removes_the_logo_from_public_media(settings, petition):
    signature = organisation(petition=petition)
    signature.approve_logo()
    assert signature.unapprove_logo()
    signature.refresh_from_db()
    assert not signature.logo_approved and not signature.published_logo
    assert storages["private"].exists(signature.organisation_logo.name)
    assert media_files(settings) == []


@pytest.mark.parametrize("approved", [False, True])
def test_rejecting_a_logo_deletes_its_file_wherever_it_is(settings, petition, approved):
    signature = organisation(petition=petition)
    if approved:
        signature.approve_logo()
    assert signature.reject_logo()
    signature.refresh_from_db()
    assert not signature.organisation_logo and not signature.published_logo and not signature.logo_approved
    assert media_files(settings) == []
    assert [p for p in Path(settings.PRIVATE_ROOT).rglob("*") if p.is_file()] == []


@pytest.mark.parametrize("approved", [False, True])
def test_withdrawing_deletes_the_logo_wherever_it_is(settings, petition, approved, commit):
    signature = organisation(petition=petition)
    if approved:
        signature.approve_logo()
    with commit():
        signature_withdraw(signature=signature)
    assert media_files(settings) == []
    assert [p for p in Path(settings.PRIVATE_ROOT).rglob("*") if p.is_file()] == []


def test_anonymising_and_purging_delete_both_kinds_of_logo(settings, petition, commit):
    from datetime import timedelta

    from django.utils import timezone

    published = organisation(petition=petition)
    published.approve_logo()
    waiting = organisation(petition=petition)
    stale = PendingSignatureFactory(
        petition=petition, kind=Signature.Kind.ORGANISATION, created_at=timezone.now() - timedelta(days=40)
    )
    stale.organisation_logo.save("logo.png", ContentFile(png()), save=True)
    with commit():
        assert purge_unconfirmed() == 1
        anonymise_petition(petition=petition, force=True)
    assert media_files(settings) == []
    assert [p for p in Path(settings.PRIVATE_ROOT).rglob("*") if p.is_file()] == []
    assert not Signature.objects.filter(pk__in=[published.pk, waiting.pk]).holding_personal_data().exists()


def test_moderators_preview_a_waiting_logo_privately(client, petition, moderator):
    signature = organisation(petition=petition)
    client.force_login(moderator)
    response = client.get(preview(signature))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == signature.organisation_logo.open("rb").read()
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    page = client.get(reverse("admin:petition_signature_change", args=[signature.pk])).content.decode()
    assert preview(signature) in page and signature.organisation_logo.name not in page


def test_nobody_else_sees_a_waiting_logo(petition):
    signature = organisation(petition=petition)
    assert Client().get(preview(signature)).status_code == 302  # to the admin's login
    viewer = StaffUserFactory(username="viewer")
    viewer.user_permissions.set(
        Permission.objects.filter(content_type__app_label="petition", codename="view_signature")
    )
    client = Client()
    client.force_login(viewer)
    assert client.get(preview(signature)).status_code == 403
    assert Client().get(f"/media/{signature.organisation_logo.name}").status_code == 404


def test_approving_in_the_change_form_moves_the_file(client, petition, moderator, settings):
    signature = organisation(petition=petition)
    client.force_login(moderator)
    url = reverse("admin:petition_signature_change", args=[signature.pk])
    response = client.post(url, {"logo_approved": "on", "comment_approved": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    signature.refresh_from_db()
    assert signature.logo_approved and signature.published_logo and not signature.organisation_logo
    assert len(media_files(settings)) == 1


def test_the_approve_and_reject_actions(client, petition, moderator, settings):
    first, second = organisation(petition=petition), organisation(petition=petition)
    client.force_login(moderator)
    changelist = reverse("admin:petition_signature_changelist")
    client.post(changelist, {"action": "approve_logos", "_selected_action": [first.pk]})
    client.post(changelist, {"action": "reject_logos", "_selected_action": [second.pk]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.logo_approved and first.published_logo
    assert not second.organisation_logo and not second.published_logo
    assert len(media_files(settings)) == 1
