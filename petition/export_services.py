"""Signature exports as the admin and the commands ask for them: how many rows one
request may send, and queueing a larger export for the task worker.

Above petition/exports/ because queueing imports the task module, which imports the
export package.
"""

from django.conf import settings

from petition.exports.prepared import export_file_create, export_file_failed
from petition.tasks import prepare_export


def inline_max_rows(format):
    """The most rows the admin sends within one request in this format."""
    limit = settings.EXPORT_INLINE_MAX_ROWS
    if format == "xlsx":
        limit = min(limit, settings.EXPORT_XLSX_INLINE_MAX_ROWS)
    return limit


def export_file_queue(*, filters, columns, format, user):
    """Record an export for the task worker to prepare, and queue the task.

    The header row will be in the language active now (the organiser's).
    """
    export_file = export_file_create(filters=filters, columns=columns, format=format, user=user)
    try:
        prepare_export.enqueue(export_file.pk)
    except Exception as exc:
        export_file_failed(export_file.pk, exc)
        raise
    return export_file
