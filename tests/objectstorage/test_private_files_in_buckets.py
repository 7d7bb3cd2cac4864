"""Private files in the private bucket: logos awaiting approval, prepared exports, delivery
packs. No object there is public: its plain URL is refused by the bucket, and the site hands
it out only through the views that check permission. Approval moves a logo to the public
bucket and back; the purges delete objects."""

import csv
import io
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from core.s3 import PrivateS3Storage
from core.storage import open_stream, private_storage
from petition.exports.prepared import export_files_purge
from petition.models import ExportFile, Signature
from petition.retention import purge_unconfirmed
from tests.factories import ConfirmedSignatureFactory, PendingSignatureFactory, StaffUserFactory
from tests.objectstorage.conftest import fetch
from tests.petition.conftest import form_data
from updates.models import DeliveryPack

pytestmark = [pytest.mark.s3, pytest.mark.django_db]


def png(colour="red"):
    data = io.BytesIO()
    Image.new("RGB", (40, 40), colour).save(data, format="PNG")
    return data.getvalue()


def body(response):
    return b"".join(response.streaming_content)


@pytest.fixture
def moderator(db):
    user = StaffUserFactory(username="moderator")
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="petition", codename__in=["view_signature", "change_signature"]
        )
    )
    return user


def organisation(petition):
    signature = ConfirmedSignatureFactory(petition=petition, kind=Signature.Kind.ORGANISATION, name="Dockers")
    signature.organisation_logo.save("logo.png", ContentFile(png()), save=True)
    return signature


def logo_preview(signature):
    return reverse("admin:petition_signature_logo", args=[signature.pk])


# --- Logos ---------------------------------------------------------------------------------


def test_a_signers_logo_lands_in_the_private_bucket_whose_plain_url_is_refused(client, petition, buckets):
    logo = SimpleUploadedFile("ours.png", png(), content_type="image/png")
    response = client.post(
        "/en/petition/", form_data(kind="organisation", name="Dockers' Union", organisation_logo=logo)
    )
    assert response.status_code == 302

    signature = Signature.objects.get()
    assert buckets.private_keys() == [signature.organisation_logo.name]
    assert buckets.public_keys() == []
    assert buckets.disk_files() == []
    status, _body = fetch(buckets.plain_url(buckets.private, signature.organisation_logo.name))
    assert status == 403


def test_only_a_moderator_sees_a_logo_awaiting_approval(client, petition, buckets, moderator):
    signature = organisation(petition)

    assert client.get(logo_preview(signature)).status_code == 302, "to the admin's login"
    client.force_login(StaffUserFactory(username="stranger"))
    assert client.get(logo_preview(signature)).status_code == 403
    client.force_login(moderator)
    response = client.get(logo_preview(signature))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private, no-store")
    assert body(response) == png()


def test_approval_moves_the_logo_to_the_public_bucket_and_taking_it_back_moves_it_back(
    client, petition, buckets
):
    signature = organisation(petition)
    waiting = signature.organisation_logo.name

    assert signature.approve_logo()
    signature.refresh_from_db()
    published = signature.published_logo.name
    assert buckets.public_keys() == [published] and published != waiting
    assert buckets.private_keys() == []
    assert signature.published_logo.url in client.get("/en/petition/signatures/").content.decode()
    assert fetch(signature.published_logo.url) == (200, png())

    assert signature.unapprove_logo()
    signature.refresh_from_db()
    assert buckets.public_keys() == []
    assert buckets.private_keys() == [signature.organisation_logo.name]
    assert fetch(buckets.plain_url(buckets.public, published))[0] in (403, 404)
    assert fetch(buckets.plain_url(buckets.private, signature.organisation_logo.name))[0] == 403
    assert storages["private"].open(signature.organisation_logo.name).read() == png()
    assert buckets.disk_files() == []


def test_rejecting_a_published_logo_deletes_its_object(petition, buckets):
    signature = organisation(petition)
    signature.approve_logo()
    signature.reject_logo()
    assert buckets.public_keys() == buckets.private_keys() == []


def test_purging_unconfirmed_signatures_deletes_their_logos_objects(
    petition, buckets, django_capture_on_commit_callbacks
):
    stale = PendingSignatureFactory(petition=petition, kind=Signature.Kind.ORGANISATION, name="Stale")
    stale.organisation_logo.save("logo.png", ContentFile(png()), save=True)
    Signature.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=60))
    assert buckets.private_keys() == [stale.organisation_logo.name]

    with django_capture_on_commit_callbacks(execute=True):
        purge_unconfirmed(days=30)

    assert not Signature.objects.filter(pk=stale.pk).exists()
    assert buckets.private_keys() == []


# --- Exports ---------------------------------------------------------------------------------


@pytest.fixture
def organiser(db):
    return StaffUserFactory(username="organiser", groups=["Organisers"])


@pytest.fixture
def prepared_export(client, petition, buckets, organiser, settings):
    """A large export asked for in the admin and prepared (at once: immediate tasks)."""
    settings.EXPORT_INLINE_MAX_ROWS = 2
    for name in ("陳大文", "Li Wei", "Ann Lee"):
        ConfirmedSignatureFactory(petition=petition, name=name, country="HK")
    client.force_login(organiser)
    response = client.post(
        reverse("admin:petition_signature_export"),
        {"petition": petition.pk, "format": "csv", "states": ["confirmed"], "columns": ["name", "country"]},
    )
    assert response.status_code == 302
    client.logout()
    export_file = ExportFile.objects.get()
    assert export_file.status == ExportFile.Status.READY, export_file.error
    return export_file


def download(export_file):
    return reverse("admin:petition_signature_export_download", args=[export_file.pk])


def test_a_prepared_export_is_in_the_private_bucket_only(prepared_export, buckets):
    assert buckets.private_keys() == [prepared_export.file]
    assert buckets.public_keys() == []
    assert buckets.disk_files() == []
    stored = buckets.server.client().head_object(Bucket=buckets.private, Key=prepared_export.file)
    assert stored["ContentLength"] == prepared_export.size


def test_the_organiser_who_asked_downloads_it_streamed_from_the_bucket(client, prepared_export, organiser):
    client.force_login(organiser)
    response = client.get(download(prepared_export))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert int(response["Content-Length"]) == prepared_export.size
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))
    assert sorted(row[0] for row in rows[1:]) == sorted(["陳大文", "Li Wei", "Ann Lee"])


def test_a_stranger_gets_nothing_of_a_prepared_export(client, prepared_export, buckets):
    assert client.get(download(prepared_export)).status_code == 302, "to the admin's login"
    client.force_login(StaffUserFactory(username="other", groups=["Organisers"]))
    assert client.get(download(prepared_export)).status_code == 404
    status, data = fetch(buckets.plain_url(buckets.private, prepared_export.file))
    assert status == 403 and "陳大文".encode() not in data


def test_a_private_objects_url_is_signed_and_short_lived_never_plain(prepared_export, buckets):
    address = private_storage().url(prepared_export.file)
    query = parse_qs(urlsplit(address).query)
    assert "X-Amz-Signature" in query
    assert int(query["X-Amz-Expires"][0]) <= 60
    assert fetch(address)[0] == 200, "the signature is what opens it"
    assert fetch(address.split("?")[0])[0] == 403


def test_purging_exports_deletes_their_objects_and_objects_no_export_names(prepared_export, buckets):
    orphan = private_storage().save("exports/left-behind.csv", ContentFile(b"x"))
    assert sorted(buckets.private_keys()) == sorted([prepared_export.file, orphan])

    purged = export_files_purge(days=7, now=timezone.now() + timedelta(days=8))

    assert purged == 1
    assert not ExportFile.objects.exists()
    assert buckets.private_keys() == []


def test_the_purge_command_keeps_recent_exports_objects(prepared_export, buckets):
    call_command("purge_exports", stdout=io.StringIO())
    assert buckets.private_keys() == [prepared_export.file]


# --- Delivery packs ---------------------------------------------------------------------------


def test_a_delivery_pack_is_downloaded_from_the_private_bucket_by_staff_who_may_see_it(
    client, petition, buckets
):
    name = private_storage().save(f"delivery-packs/{petition.slug}-1.pdf", ContentFile(b"%PDF-1.7 pack"))
    pack = DeliveryPack.objects.create(petition=petition, state=DeliveryPack.State.READY, file_name=name)
    address = reverse("admin:updates_deliverypack_download", args=[pack.pk])

    client.force_login(StaffUserFactory(username="nobody"))
    assert client.get(address).status_code in (403, 404)
    client.force_login(StaffUserFactory(username="organiser", groups=["Organisers"]))
    response = client.get(address)
    assert response.status_code == 200 and body(response) == b"%PDF-1.7 pack"
    assert fetch(buckets.plain_url(buckets.private, name))[0] == 403


# --- Reading back ---------------------------------------------------------------------------


def test_a_file_is_read_back_from_the_bucket_as_a_stream_from_any_position(buckets):
    data = bytes(range(256)) * 8192  # 2 MiB
    name = private_storage().save("exports/large.bin", ContentFile(data))

    with open_stream(private_storage(), name) as stream:
        assert stream.size == len(data)
        assert stream.seek(0, io.SEEK_END) == len(data) and stream.read(10) == b""
        stream.seek(1_000_003)
        assert stream.read(5) == data[1_000_003:1_000_008]
        assert stream.tell() == 1_000_008
        stream.seek(0)
        assert stream.read(3) + stream.read() == data


def test_a_missing_object_opens_as_file_not_found(buckets):
    with pytest.raises(FileNotFoundError):
        open_stream(private_storage(), "exports/none.csv")


@pytest.mark.parametrize(
    "options", [{"default_acl": "public-read"}, {"querystring_auth": False}, {"custom_domain": "cdn.example"}]
)
def test_the_private_storage_refuses_to_be_made_public(options):
    with pytest.raises(ImproperlyConfigured, match="never public"):
        PrivateS3Storage(bucket_name="campaign-private", **options)
