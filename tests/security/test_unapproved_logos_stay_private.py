"""A logo no moderator has approved is never public.

Before, an organisation's logo went to public media as it was uploaded: shown on the
wall only once approved, but anyone who had (or guessed) its address could fetch it
meanwhile. Now it waits in the private storage, outside MEDIA_ROOT, where the web
server serves nothing; moderators see it through a preview in the admin that only
they can open. Approval publishes it under a new random name; rejection, withdrawal,
anonymisation and the purge of unconfirmed signatures delete it wherever it is.
"""

import io
from importlib import import_module
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from petition import retention, services
from petition.models import AuditLog, Signature
from tests.factories import OrganisationSignatureFactory, StaffUserFactory
from tests.petition.conftest import form_data

pytestmark = pytest.mark.django_db

WALLS = ["/en/petition/signatures/", "/zh-hant/petition/signatures/", "/zh-hans/petition/signatures/"]


@pytest.fixture(autouse=True)
def _no_login_throttling(settings):
    settings.AXES_ENABLED = False  # a test login has no client address to record


@pytest.fixture
def organiser(db):
    return StaffUserFactory(username="organiser", groups=["Organisers"])


@pytest.fixture
def editor(db):
    return StaffUserFactory(username="editor", groups=["Editors"])


def png(colour="red", size=(80, 40)):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def files_under(root):
    return sorted(p for p in Path(root).rglob("*") if p.is_file())


@pytest.fixture
def signed_with_logo(client, petition, file_storages, django_capture_on_commit_callbacks):
    """An organisation signed through the form with a logo, then confirmed its address."""
    upload = io.BytesIO(png())
    upload.name = "our-members-list.png"
    fields = form_data(kind="organisation", name="Workers Union", email="union@example.org", display="full")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/petition/", {**fields, "organisation_logo": upload})
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert signature.confirm()
    return signature


def public_pages(client, signature):
    pages = [*WALLS, "/en/petition/", "/en/petition/embed/", "/en/petition/signatures/?q=Workers"]
    pages.append(f"/en/petition/signatures/?country={signature.country}")
    pages.append("/api/petition.json")
    return {page: client.get(page) for page in pages}


def approve(client, signature, action="approve_logo"):
    return client.post(
        reverse("admin:petition_signature_changelist"),
        {"action": action, "_selected_action": [signature.pk]},
    )


# --- Waiting for approval ---------------------------------------------------------------


def test_an_unapproved_logo_is_stored_outside_media_and_linked_from_no_public_page(
    client, signed_with_logo, file_storages
):
    media, private = file_storages
    signature = signed_with_logo

    assert files_under(media) == [], "nothing in public media before approval"
    stored = files_under(private)
    assert len(stored) == 1 and stored[0] == Path(signature.unapproved_logo.path)
    assert not Path(signature.unapproved_logo.path).resolve().is_relative_to(Path(media).resolve())
    assert stored[0].stat().st_mode & 0o077 == 0, "readable by the site's own user only"
    secret = Path(signature.unapproved_logo.name).stem
    for page, response in public_pages(client, signature).items():
        assert response.status_code == 200, page
        body = response.content.decode()
        assert secret not in body, page
        assert "signatures/logos/" not in body, page
    assert "Workers Union" in client.get(WALLS[0]).text, "the organisation is on the wall, without its logo"


def test_a_moderator_previews_the_unapproved_logo_as_a_private_png(client, organiser, signed_with_logo):
    client.force_login(organiser)
    change = client.get(reverse("admin:petition_signature_change", args=[signed_with_logo.pk]))
    preview = reverse("admin:petition_signature_logo_preview", args=[signed_with_logo.pk])
    assert preview in change.text

    response = client.get(preview)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert "sandbox" in response["Content-Security-Policy"]
    assert Image.open(io.BytesIO(response.content)).format == "PNG"


def test_staff_who_cannot_moderate_get_a_403_and_visitors_the_login(client, editor, signed_with_logo):
    preview = reverse("admin:petition_signature_logo_preview", args=[signed_with_logo.pk])

    anonymous = client.get(preview)
    assert anonymous.status_code == 302
    assert reverse("admin:login") in anonymous["Location"]

    client.force_login(editor)
    assert client.get(preview).status_code == 403


def test_a_stored_svg_is_previewed_only_sanitised(client, organiser, petition, file_storages):
    signature = OrganisationSignatureFactory(petition=petition)
    hostile = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect onload="x()"/></svg>'
    signature.unapproved_logo.save("logo.svg", ContentFile(hostile), save=True)
    client.force_login(organiser)

    response = client.get(reverse("admin:petition_signature_logo_preview", args=[signature.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<script" not in response.content and b"onload" not in response.content


def test_a_stored_file_that_is_no_picture_is_not_served(client, organiser, petition, file_storages):
    signature = OrganisationSignatureFactory(petition=petition)
    signature.unapproved_logo.save("logo.png", ContentFile(b"<html><script>alert(1)</script>"), save=True)
    client.force_login(organiser)

    response = client.get(reverse("admin:petition_signature_logo_preview", args=[signature.pk]))

    assert response.status_code == 404


# --- Approval -----------------------------------------------------------------------------


def test_approval_publishes_the_logo_under_a_new_name_and_the_wall_shows_it(
    client, organiser, signed_with_logo, file_storages, django_capture_on_commit_callbacks
):
    media, private = file_storages
    waiting = signed_with_logo.unapproved_logo.name
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        assert approve(client, signed_with_logo).status_code == 302

    signature = Signature.objects.get()
    assert signature.logo_approved and not signature.unapproved_logo
    assert files_under(private) == [], "the private copy is gone"
    assert files_under(media) == [Path(signature.organisation_logo.path)]
    assert Path(signature.organisation_logo.name).stem != Path(waiting).stem, "a new random name"
    client.logout()
    wall = client.get(WALLS[0]).text
    assert f'src="{signature.organisation_logo.url}"' in wall
    assert AuditLog.objects.filter(details__operation="approve logo").exists()


def test_approval_of_a_withdrawn_signature_publishes_nothing(
    client, organiser, signed_with_logo, file_storages, django_capture_on_commit_callbacks
):
    media, private = file_storages
    with django_capture_on_commit_callbacks(execute=True):
        services.signature_withdraw(signature=signed_with_logo)
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        approve(client, signed_with_logo)

    assert files_under(media) == [] and files_under(private) == []


# --- Deleted wherever it is ---------------------------------------------------------------


def test_rejection_deletes_the_unapproved_logo(
    client, organiser, signed_with_logo, file_storages, django_capture_on_commit_callbacks
):
    media, private = file_storages
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        assert approve(client, signed_with_logo, "reject_logo").status_code == 302

    signature = Signature.objects.get()
    assert not signature.unapproved_logo and not signature.organisation_logo and not signature.logo_approved
    assert signature.is_confirmed, "the signature stays; only its logo goes"
    assert files_under(private) == [] and files_under(media) == []


def test_rejecting_an_approved_logo_takes_it_off_public_media(
    client, organiser, signed_with_logo, file_storages, django_capture_on_commit_callbacks
):
    media, _private = file_storages
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        approve(client, signed_with_logo)
    assert files_under(media)

    with django_capture_on_commit_callbacks(execute=True):
        approve(client, signed_with_logo, "reject_logo")

    assert files_under(media) == []
    assert "signatures/logos/" not in client.get(WALLS[0]).text


def test_withdrawal_deletes_the_unapproved_logo(
    signed_with_logo, file_storages, django_capture_on_commit_callbacks
):
    _media, private = file_storages

    with django_capture_on_commit_callbacks(execute=True):
        services.signature_withdraw(signature=signed_with_logo)

    assert files_under(private) == []
    assert not Signature.objects.get().unapproved_logo


def test_anonymisation_deletes_the_unapproved_logo(
    signed_with_logo, file_storages, django_capture_on_commit_callbacks
):
    _media, private = file_storages
    with django_capture_on_commit_callbacks(execute=True):
        retention.anonymise_petition(petition=signed_with_logo.petition, force=True)

    assert files_under(private) == []
    assert not Signature.objects.get().unapproved_logo


def test_the_purge_of_unconfirmed_signatures_deletes_their_unapproved_logos(
    petition, file_storages, django_capture_on_commit_callbacks
):
    _media, private = file_storages
    stale = OrganisationSignatureFactory(
        petition=petition, state=Signature.State.PENDING, confirmed_at=None, created_at=timezone.now()
    )
    stale.unapproved_logo.save("logo.png", ContentFile(png()), save=True)
    Signature.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timezone.timedelta(days=31))

    with django_capture_on_commit_callbacks(execute=True):
        assert retention.purge_unconfirmed() == 1

    assert files_under(private) == []


# --- The logos from before ----------------------------------------------------------------


def test_the_migration_moves_unapproved_logos_to_private_storage_and_keeps_the_rows(petition, file_storages):
    move = import_module("petition.migrations.0015_move_unapproved_logos").move_unapproved_logos
    media, private = file_storages
    waiting = OrganisationSignatureFactory(petition=petition, logo_approved=False)
    waiting.organisation_logo.save("logo.png", ContentFile(png("blue")), save=True)
    shown = OrganisationSignatureFactory(petition=petition, logo_approved=True)
    shown.organisation_logo.save("logo.png", ContentFile(png("green")), save=True)
    lost = OrganisationSignatureFactory(petition=petition, logo_approved=False, organisation_logo="gone.png")

    move(apps, SimpleNamespace(connection=connection))

    waiting.refresh_from_db()
    shown.refresh_from_db()
    lost.refresh_from_db()
    assert not waiting.organisation_logo and waiting.unapproved_logo
    assert Image.open(waiting.unapproved_logo.path).getpixel((0, 0)) == (0, 0, 255)
    assert files_under(media) == [Path(shown.organisation_logo.path)], "approved logos stay public"
    assert files_under(private) == [Path(waiting.unapproved_logo.path)]
    assert not lost.organisation_logo and not lost.unapproved_logo, "a missing file leaves no dangling name"
    assert Signature.objects.count() == 3
