"""Exports prepared in the background: the `ExportFile` record, its file in the private
storage, and the purge of old ones. Queueing one is `export_file_queue` in
petition/export_services.py; the task worker runs `export_file_prepare`.
"""

import logging
import tempfile
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.utils import timezone, translation

from core.storage import open_stream
from petition.exports.columns import ExportError, resolve_columns
from petition.exports.rows import Filters
from petition.exports.run import export_signatures
from petition.exports.writers import FORMATS
from petition.models import AuditLog, ExportFile

logger = logging.getLogger(__name__)

EXPORTS_FOLDER = "exports"
# A prepared export still "running" this long after it started was interrupted (the
# worker stopped): the purge marks it failed so the organiser can ask again.
INTERRUPTED_AFTER = timedelta(hours=6)
INTERRUPTED = "Interrupted: the task worker stopped while preparing this export. Ask for it again."


def private_storage():
    """Where prepared exports are kept: never a public folder (see campaign/settings.py)."""
    return storages["private"]


def export_file_create(*, filters, columns, format, user):
    """Record an export for the task worker to prepare.

    The header row will be in the language active now (the organiser's).
    """
    if format not in FORMATS:
        raise ExportError(f"Unknown format: {format}")
    return ExportFile.objects.create(
        user=user,
        petition=filters.petition,
        format=format,
        filters=filters.to_json(),
        columns=[column.key for column in resolve_columns(columns)],
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )


def export_file_download(*, export_file, user):
    """A ready export's file, opened for `user` to download, and the download recorded in
    the audit log. FileNotFoundError when the file is gone from storage."""
    handle = open_stream(private_storage(), export_file.file)
    AuditLog.objects.create(
        action=AuditLog.Action.OTHER,
        user=user,
        petition_id=export_file.petition_id,
        rows=export_file.rows or 0,
        details={
            "via": "prepared export download",
            "export_file": export_file.pk,
            "format": export_file.format,
            "asked_by": export_file.user_id,
        },
    )
    return handle


def _describe(exc):
    return f"{type(exc).__name__}: {exc}"[:1000]


def export_file_failed(export_id, exc):
    """Record on the export that preparing it failed, and why."""
    ExportFile.objects.filter(pk=export_id).update(
        status=ExportFile.Status.FAILED, error=_describe(exc), finished_at=timezone.now()
    )


def export_file_prepare(export_id):
    """Write a queued ExportFile to private storage (what the `prepare_export` task runs).

    Only the run that moves the export from queued to running writes it: running
    the task again for an export that is running, ready or failed does nothing.
    A failure is recorded on the export (status failed, the error) and logged.
    Returns the outcome: "ready", "failed" or "skipped".
    """
    claimed = ExportFile.objects.filter(pk=export_id, status=ExportFile.Status.QUEUED).update(
        status=ExportFile.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    export_file = ExportFile.objects.select_related("user").get(pk=export_id)
    storage = private_storage()
    name = ""
    try:
        with translation.override(export_file.language):
            export = export_signatures(
                filters=Filters.from_json(export_file.filters),
                columns=export_file.columns,
                format=export_file.format,
                user=export_file.user,
                via="admin background",
                audit_details={"export_file": export_file.pk},
            )
            download_name = export.filename()
            with tempfile.TemporaryFile() as spool:
                for chunk in export.chunks():
                    spool.write(chunk)
                spool.seek(0)
                token = uuid.uuid4().hex[:12]
                name = storage.save(
                    f"{EXPORTS_FOLDER}/{export_file.pk}-{token}.{FORMATS[export.format][1]}",
                    File(spool, name=download_name),
                )
            size = storage.size(name)
    except Exception as exc:  # recorded on the export and logged, not hidden
        if name:
            storage.delete(name)
        export_file_failed(export_id, exc)
        logger.exception("Prepared export %s failed", export_id)
        return "failed"
    ExportFile.objects.filter(pk=export_id).update(
        status=ExportFile.Status.READY,
        file=name,
        download_name=download_name,
        rows=export.rows,
        size=size,
        finished_at=timezone.now(),
        error="",
    )
    return "ready"


def export_files_purge(*, days=None, now=None):
    """Delete prepared exports asked for more than `days` ago (EXPORT_RETENTION_DAYS), file
    and record, and files in the exports folder that no export names any more.
    Exports interrupted by a stopped worker are marked failed. Returns how many went."""
    now = now or timezone.now()
    days = settings.EXPORT_RETENTION_DAYS if days is None else days
    cutoff = now - timedelta(days=days)
    storage = private_storage()
    ExportFile.objects.filter(
        status=ExportFile.Status.RUNNING, started_at__lt=now - INTERRUPTED_AFTER
    ).update(status=ExportFile.Status.FAILED, error=INTERRUPTED, finished_at=now)
    purged = 0
    for export_file in ExportFile.objects.filter(created_at__lt=cutoff).only("pk", "file"):
        if export_file.file:
            storage.delete(export_file.file)
        export_file.delete()
        purged += 1
    # A file left behind by a crash between writing it and recording it.
    try:
        _folders, names = storage.listdir(EXPORTS_FOLDER)
    except FileNotFoundError:
        names = []
    known = set(ExportFile.objects.exclude(file="").values_list("file", flat=True))
    for filename in names:
        name = f"{EXPORTS_FOLDER}/{filename}"
        if name not in known and storage.get_modified_time(name) < cutoff:
            storage.delete(name)
    return purged
