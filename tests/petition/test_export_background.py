"""Exports too large for one request: prepared by the task worker in private storage,
listed on the export page, downloaded only by the organiser who asked (or a superuser)."""

import csv
import io
import os
import time
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from petition.export_services import export_file_queue
from petition.exports.prepared import private_storage
from petition.exports.rows import Filters
from petition.models import AuditLog, ExportFile
from petition.tasks import prepare_export
from tests.factories import (
    ConfirmedSignatureFactory,
    StaffUserFactory,
    SuperUserFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://evil")', "+SUM(A1)", "-2+3", "@SUM(1)", " =1+1", "＝1+1"]


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path):
    settings.AXES_ENABLED = False  # a test login has no client address to record
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    # Anything above two rows is "large".
    settings.EXPORT_INLINE_MAX_ROWS = 2
    settings.EXPORT_XLSX_INLINE_MAX_ROWS = 2
    settings.EXPORT_RETENTION_DAYS = 7


@pytest.fixture
def private_root(tmp_path):
    return tmp_path / "private"


@pytest.fixture
def organiser(db):
    return StaffUserFactory(username="organiser", groups=["Organisers"])


@pytest.fixture
def other_organiser(db):
    return StaffUserFactory(username="other-organiser", groups=["Organisers"])


@pytest.fixture
def signatures(petition):
    ConfirmedSignatureFactory(petition=petition, name="陳大文", country="HK")
    for name in HOSTILE:
        ConfirmedSignatureFactory(petition=petition, name=name, title=name, country="TW")
    return petition


@pytest.fixture
def not_run(settings):
    """A task backend that records tasks and runs none, like a stopped worker."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def export_url():
    return reverse("admin:petition_signature_export")


def download_url(export_file):
    return reverse("admin:petition_signature_export_download", args=[export_file.pk])


def ask(client, petition, **data):
    form = {
        "petition": petition.pk,
        "format": "csv",
        "states": ["confirmed"],
        "columns": ["name", "title", "country"],
    }
    return client.post(export_url(), {**form, **data})


def files_under(path):
    return [p for p in Path(path).rglob("*") if p.is_file()]


def body(response):
    return b"".join(response.streaming_content)


def read_csv(data):
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def read_xlsx(data):
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


# --- queued, prepared, stored privately ------------------------------------------------


def test_a_large_export_is_queued_and_prepared_in_private_storage_not_under_media(
    client, organiser, signatures, private_root
):
    client.force_login(organiser)

    response = ask(client, signatures)

    assert response.status_code == 302
    assert response["Location"] == export_url()
    export_file = ExportFile.objects.get()
    assert (export_file.user, export_file.petition, export_file.format) == (organiser, signatures, "csv")
    assert export_file.status == ExportFile.Status.READY
    assert export_file.rows == 1 + len(HOSTILE)
    stored = private_root / export_file.file
    assert stored.is_file() and stored.stat().st_size == export_file.size
    assert files_under(private_root) == [stored]
    assert not files_under(django_settings.MEDIA_ROOT)
    assert export_file.download_name.startswith(f"signatures-{signatures.slug}-")
    assert export_file.download_name.endswith(".csv")


def test_the_private_storage_is_outside_media_root():
    from django.core.files.storage import storages

    private = Path(storages["private"].location).resolve()
    assert not private.is_relative_to(Path(django_settings.MEDIA_ROOT).resolve())


def test_the_prepared_csv_keeps_chinese_and_neutralises_every_formula(client, organiser, signatures):
    client.force_login(organiser)
    ask(client, signatures)
    export_file = ExportFile.objects.get()

    rows = read_csv(body(client.get(download_url(export_file))))

    assert rows[0] == ["name", "title or organisation", "country code"]
    assert rows[1] == ["陳大文", "", "HK"]
    assert rows[2:] == [["'" + name, "'" + name, "TW"] for name in HOSTILE]


def test_an_excel_export_above_its_own_lower_limit_is_prepared_and_neutralised(
    client, organiser, signatures, settings
):
    settings.EXPORT_INLINE_MAX_ROWS = 1000  # CSV would still be sent at once
    client.force_login(organiser)

    response = ask(client, signatures, format="xlsx")

    assert response.status_code == 302
    export_file = ExportFile.objects.get(format="xlsx")
    assert export_file.download_name.endswith(".xlsx")
    rows = read_xlsx(body(client.get(download_url(export_file))))
    assert rows[1] == ["陳大文", None, "HK"]
    assert rows[2:] == [["'" + name, "'" + name, "TW"] for name in HOSTILE]


def test_a_small_export_is_still_sent_at_once(client, organiser, petition):
    ConfirmedSignatureFactory(petition=petition)
    client.force_login(organiser)

    response = ask(client, petition, format="xlsx")

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert not ExportFile.objects.exists()


def test_the_export_is_logged_when_it_runs_and_each_download_too(client, organiser, signatures):
    client.force_login(organiser)
    ask(client, signatures, country="TW")
    export_file = ExportFile.objects.get()

    log = AuditLog.objects.get(action=AuditLog.Action.EXPORT)
    assert (log.user, log.petition, log.rows) == (organiser, signatures, len(HOSTILE))
    assert log.details["via"] == "admin background"
    assert log.details["export_file"] == export_file.pk
    assert log.details["filters"]["country"] == "TW"
    assert log.details["complete"] is True

    body(client.get(download_url(export_file)))
    download = AuditLog.objects.get(action=AuditLog.Action.OTHER)
    assert (download.user, download.details["export_file"]) == (organiser, export_file.pk)


def test_the_header_row_is_in_the_language_the_organiser_used(client, organiser, signatures):
    client.force_login(organiser)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
    ask(client, signatures)
    export_file = ExportFile.objects.get()
    assert export_file.language == "zh-hant"


# --- who may download --------------------------------------------------------------------


def test_only_the_organiser_who_asked_and_superusers_can_download(
    client, organiser, other_organiser, signatures
):
    client.force_login(organiser)
    ask(client, signatures)
    export_file = ExportFile.objects.get()

    response = client.get(download_url(export_file))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment")
    assert export_file.download_name in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    body(response)

    client.force_login(other_organiser)
    assert client.get(download_url(export_file)).status_code == 404
    assert export_file.download_name not in client.get(export_url()).content.decode()

    client.force_login(SuperUserFactory())
    response = client.get(download_url(export_file))
    assert response.status_code == 200
    body(response)


def test_staff_without_the_export_permission_are_refused(client, organiser, signatures):
    client.force_login(organiser)
    ask(client, signatures)
    export_file = ExportFile.objects.get()

    client.force_login(StaffUserFactory(username="editor", groups=["Editors"]))
    assert client.get(download_url(export_file)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, organiser, signatures):
    client.force_login(organiser)
    ask(client, signatures)
    export_file = ExportFile.objects.get()
    client.logout()

    response = client.get(download_url(export_file))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_an_unknown_export_is_not_found(client, organiser):
    client.force_login(organiser)
    assert client.get(reverse("admin:petition_signature_export_download", args=[999999])).status_code == 404


def test_a_file_gone_from_storage_is_not_found(client, organiser, signatures, private_root):
    client.force_login(organiser)
    ask(client, signatures)
    export_file = ExportFile.objects.get()
    (private_root / export_file.file).unlink()

    assert client.get(download_url(export_file)).status_code == 404


# --- statuses ----------------------------------------------------------------------------


def test_the_export_page_lists_the_organisers_exports_with_status_and_link(
    client, organiser, signatures, not_run
):
    client.force_login(organiser)
    ask(client, signatures)
    export_file = ExportFile.objects.get()
    assert export_file.status == ExportFile.Status.QUEUED

    page = client.get(export_url())
    assert list(page.context["recent_exports"]) == [export_file]
    assert "export-status-queued" in page.content.decode()
    assert download_url(export_file) not in page.content.decode()
    assert client.get(download_url(export_file)).status_code == 404

    assert prepare_export.call(export_file.pk) == "ready"

    page = client.get(export_url()).content.decode()
    assert "export-status-ready" in page
    assert download_url(export_file) in page


def test_running_the_task_again_changes_nothing(client, organiser, signatures, private_root):
    client.force_login(organiser)
    ask(client, signatures)
    export_file = ExportFile.objects.get()
    before = files_under(private_root)

    assert prepare_export.call(export_file.pk) == "skipped"

    assert files_under(private_root) == before
    assert ExportFile.objects.get().file == export_file.file
    assert AuditLog.objects.filter(action=AuditLog.Action.EXPORT).count() == 1


def test_a_running_export_is_not_started_twice(signatures, organiser, not_run):
    export_file = export_file_queue(
        filters=Filters(petition=signatures), columns=None, format="csv", user=organiser
    )
    ExportFile.objects.filter(pk=export_file.pk).update(status=ExportFile.Status.RUNNING)

    assert prepare_export.call(export_file.pk) == "skipped"
    assert not AuditLog.objects.exists()


def test_a_failing_export_records_the_error_and_leaves_no_file(
    client, organiser, signatures, private_root, monkeypatch
):
    def broken(keys, rows):
        yield b"["
        next(iter(rows))
        raise OSError("No space left on device")

    monkeypatch.setattr("petition.exports.run.write_json", broken)
    client.force_login(organiser)

    ask(client, signatures, format="json")

    export_file = ExportFile.objects.get()
    assert export_file.status == ExportFile.Status.FAILED
    assert "No space left on device" in export_file.error
    assert export_file.finished_at is not None
    assert not export_file.file
    assert not files_under(private_root)
    assert AuditLog.objects.get(action=AuditLog.Action.EXPORT).details["complete"] is False
    page = client.get(export_url()).content.decode()
    assert "export-status-failed" in page and "No space left on device" in page
    assert client.get(download_url(export_file)).status_code == 404
    # Failed stays failed: the task does not try again by itself.
    assert prepare_export.call(export_file.pk) == "skipped"


def test_an_excel_export_larger_than_a_sheet_is_prepared_on_several(
    client, organiser, signatures, monkeypatch, private_root
):
    monkeypatch.setattr("petition.exports.writers.XLSX_MAX_ROWS", 3)
    client.force_login(organiser)

    ask(client, signatures, format="xlsx")

    export_file = ExportFile.objects.get()
    assert (export_file.status, export_file.rows) == (ExportFile.Status.READY, 1 + len(HOSTILE))
    data = (private_root / export_file.file).read_bytes()
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    # Seven rows, three to a sheet, each sheet with the header.
    assert workbook.sheetnames == ["Signatures", "Signatures 2", "Signatures 3"]
    sheets = [list(workbook[name].iter_rows(values_only=True)) for name in workbook.sheetnames]
    assert [len(rows) for rows in sheets] == [4, 4, 2]
    assert all(rows[0] == sheets[0][0] for rows in sheets)


def test_the_list_action_sends_a_large_selection_to_the_export_page(client, organiser, signatures):
    client.force_login(organiser)
    ids = list(signatures.signatures.values_list("pk", flat=True))

    response = client.post(
        reverse("admin:petition_signature_changelist"),
        {"action": "export_csv", "_selected_action": ids},
        follow=True,
    )

    assert not hasattr(response, "streaming_content")
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]
    assert not AuditLog.objects.exists()


# --- retention ---------------------------------------------------------------------------


def prepared(user, petition, *, days_ago, content=b"data"):
    storage = private_storage()
    export_file = ExportFile.objects.create(
        user=user,
        petition=petition,
        format="csv",
        status=ExportFile.Status.READY,
        created_at=timezone.now() - timedelta(days=days_ago),
    )
    name = storage.save(f"exports/{export_file.pk}-test.csv", ContentFile(content))
    ExportFile.objects.filter(pk=export_file.pk).update(file=name, download_name="x.csv")
    export_file.refresh_from_db()
    return export_file


def test_purge_exports_deletes_old_files_and_records_and_keeps_recent_ones(organiser, petition, private_root):
    old = prepared(organiser, petition, days_ago=8)
    recent = prepared(organiser, petition, days_ago=1)
    out = io.StringIO()

    call_command("purge_exports", "--days", "7", stdout=out)

    assert "Deleted 1 prepared export" in out.getvalue()
    assert not ExportFile.objects.filter(pk=old.pk).exists()
    assert not (private_root / old.file).exists()
    assert ExportFile.objects.filter(pk=recent.pk).exists()
    assert (private_root / recent.file).is_file()


def test_purge_exports_defaults_to_the_retention_setting(organiser, petition, settings):
    settings.EXPORT_RETENTION_DAYS = 2
    prepared(organiser, petition, days_ago=3)
    call_command("purge_exports", stdout=io.StringIO())
    assert not ExportFile.objects.exists()


def test_purge_exports_removes_old_files_no_export_names(organiser, petition, private_root):
    orphan = private_root / "exports" / "left-behind.csv"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"x")
    young_orphan = private_root / "exports" / "being-written.csv"
    young_orphan.write_bytes(b"x")
    ten_days_ago = time.time() - 10 * 86400
    os.utime(orphan, (ten_days_ago, ten_days_ago))

    call_command("purge_exports", stdout=io.StringIO())

    assert not orphan.exists()
    assert young_orphan.exists()


def test_purge_marks_an_export_interrupted_by_a_stopped_worker_as_failed(organiser, signatures, not_run):
    export_file = export_file_queue(
        filters=Filters(petition=signatures), columns=None, format="csv", user=organiser
    )
    ExportFile.objects.filter(pk=export_file.pk).update(
        status=ExportFile.Status.RUNNING, started_at=timezone.now() - timedelta(hours=7)
    )

    call_command("purge_exports", stdout=io.StringIO())

    export_file.refresh_from_db()
    assert export_file.status == ExportFile.Status.FAILED
    assert export_file.error


def test_each_prepared_export_purges_expired_ones(client, organiser, signatures, private_root):
    old = prepared(organiser, signatures, days_ago=30)
    client.force_login(organiser)

    ask(client, signatures)

    assert not ExportFile.objects.filter(pk=old.pk).exists()
    assert not (private_root / old.file).exists()
    assert ExportFile.objects.get().status == ExportFile.Status.READY


def test_superusers_see_every_prepared_export_in_the_admin_and_organisers_do_not(
    client, organiser, signatures
):
    client.force_login(organiser)
    ask(client, signatures)
    changelist = reverse("admin:petition_exportfile_changelist")
    assert client.get(changelist).status_code == 403

    client.force_login(SuperUserFactory())
    page = client.get(changelist)
    assert page.status_code == 200
    assert "organiser" in page.content.decode()
