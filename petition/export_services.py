"""Signature exports as the admin and the commands ask for them: the one decision to
send an export now, refuse it or have the task worker prepare it; the export of a
selection in the admin's list; queueing.

Beside the export package, not in it: queueing imports the task module, which imports
the export package.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings

from petition.exports.columns import DEFAULT_COLUMNS
from petition.exports.prepared import export_file_create, export_file_failed
from petition.exports.run import Export
from petition.models import Petition, Signature
from petition.tasks import prepare_export


class Verdict(StrEnum):
    STREAM = "stream"
    QUEUE = "queue"
    TOO_MANY_FOR_A_REQUEST = "too many for a request"


@dataclass(frozen=True)
class ExportDecision:
    verdict: Verdict
    # The signatures counted (None when no limit applied, so none were counted), and
    # the limit they are over when the export is refused or queued.
    rows: int | None = None
    limit: int | None = None


def inline_max_rows(format):
    """The most rows the admin sends within one request in this format."""
    limit = settings.EXPORT_INLINE_MAX_ROWS
    if format == "xlsx":
        limit = min(limit, settings.EXPORT_XLSX_INLINE_MAX_ROWS)
    return limit


def export_decide(*, signatures, format, within_request, can_queue=False):
    """Whether an export of the queryset `signatures` in `format` is sent now
    (streamed), refused, or queued for the task worker.

    `within_request`: the export is the answer to a request (the admin), which must
    come in time; the command has no such limit. `can_queue`: the asker can have it
    prepared in the background instead (the export page, whose filters can be stored;
    not a selection in the list). The signatures are counted only where a limit applies.
    """
    request_limit = inline_max_rows(format) if within_request else None
    if request_limit is None:
        return ExportDecision(Verdict.STREAM)  # no limit applies: nothing to count
    rows = signatures.count()
    over_request_limit = rows > request_limit
    if over_request_limit and not can_queue:
        # Now or not at all: the advice is the export page, whatever the format.
        return ExportDecision(Verdict.TOO_MANY_FOR_A_REQUEST, rows, request_limit)
    if over_request_limit:
        return ExportDecision(Verdict.QUEUE, rows, request_limit)
    return ExportDecision(Verdict.STREAM, rows)


def export_selection(*, queryset, list_state, format, user, description):
    """The decision on exporting signatures picked in the admin's list (`queryset`), and
    the Export to send when it is sent now (None otherwise).

    Pending and confirmed signatures are exported; withdrawn or invalidated ones only
    when the list is filtered to that state (`list_state`). A selection cannot be
    prepared in the background, so one too large for a request is refused.
    `description` says how the rows were picked, for the audit log.
    """
    states = {Signature.State.PENDING, Signature.State.CONFIRMED}
    if list_state in Signature.State.values:
        states.add(list_state)
    queryset = queryset.filter(state__in=states)
    decision = export_decide(signatures=queryset, format=format, within_request=True)
    if decision.verdict is not Verdict.STREAM:
        return decision, None
    petition_ids = list(queryset.order_by().values_list("petition_id", flat=True).distinct()[:2])
    export = Export(
        queryset=queryset,
        columns=DEFAULT_COLUMNS,
        format=format,
        user=user,
        via="admin action",
        filters={"selection": description, "states": sorted(states)},
        petition=Petition.objects.get(pk=petition_ids[0]) if len(petition_ids) == 1 else None,
    )
    return decision, export


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
