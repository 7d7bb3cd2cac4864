"""Running one export: its rows read and written in the chosen format, by COPY on
PostgreSQL where it can, and its entry in the audit log from start to end."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.utils import timezone

from core.replica import read_alias, replica_reads
from petition.exports import writers
from petition.exports.columns import Column, ExportError, resolve_columns
from petition.exports.copy import can_copy, copy_csv_sql, copy_out, copy_xlsx_sql
from petition.exports.rows import iter_rows
from petition.exports.writers import FORMATS, copy_xlsx, csv_header, write_csv, write_json, write_xlsx
from petition.models import AuditLog, Petition

PROGRESS_EVERY = 100_000


@dataclass
class Export:
    """One export: what to read, how to write it, and its audit entry.

    `chunks()` yields the file's bytes; the caller writes them to a file, stdout
    or a StreamingHttpResponse.
    """

    queryset: object
    columns: list
    format: str = "csv"
    user: object = None
    via: str = "command"
    filters: dict = field(default_factory=dict)
    petition: Petition | None = None
    progress: Callable[[int], None] | None = None
    progress_every: int | None = None
    # Added to the audit log entry's details (e.g. the prepared export's id).
    audit_details: dict = field(default_factory=dict)
    rows: int = 0

    def __post_init__(self):
        if self.format not in FORMATS:
            raise ExportError(f"Unknown format: {self.format}")
        self.columns = resolve_columns([c.key if isinstance(c, Column) else c for c in self.columns])

    @property
    def content_type(self):
        return FORMATS[self.format][0]

    def filename(self):
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        slug = self.petition.slug if self.petition else "all"
        return f"signatures-{slug}-{stamp}.{FORMATS[self.format][1]}"

    def _counted(self, rows: Iterable) -> Iterator:
        for row in rows:
            self.rows += 1
            if self.progress and self.rows % (self.progress_every or PROGRESS_EVERY) == 0:
                self.progress(self.rows)
            yield row

    def _copied(self, rows):
        self.rows = rows

    def _copy_progress(self, blocks):
        """Progress while COPY streams: lines so far (a quoted line break may add one)."""
        every = self.progress_every or PROGRESS_EVERY
        lines = 0
        for block in blocks:
            before, lines = lines, lines + block.count(b"\n")
            if self.progress and lines // every > before // every:
                self.progress(lines)
            yield block

    def chunks(self):
        log = AuditLog.objects.create(
            action=AuditLog.Action.EXPORT,
            user=self.user if self.user is not None and self.user.is_authenticated else None,
            petition=self.petition,
            details={
                "via": self.via,
                "format": self.format,
                "filters": self.filters,
                "columns": [column.key for column in self.columns],
                **self.audit_details,
                "complete": False,
            },
        )
        complete = False
        rows = self._counted(iter_rows(self.queryset, self.columns))
        try:
            header = [str(column.label) for column in self.columns]
            # Read once, so the database numbers each sheet's rows as the writer splits them.
            sheet_rows = writers.XLSX_MAX_ROWS
            if can_copy(self.queryset, self.columns, self.format):
                if self.format == "xlsx":
                    sql = copy_xlsx_sql(self.queryset, self.columns, sheet_rows)
                else:
                    sql = copy_csv_sql(self.queryset, self.columns)
                blocks = self._copy_progress(copy_out(self.queryset, sql, self._copied))
                if self.format == "xlsx":
                    yield from copy_xlsx(header, blocks, sheet_rows)
                else:
                    yield csv_header(header)
                    yield from blocks
            elif self.format == "csv":
                yield from write_csv(header, rows)
            elif self.format == "xlsx":
                yield from write_xlsx(header, rows, sheet_rows)
            else:
                yield from write_json([column.key for column in self.columns], rows)
            complete = True
        finally:
            rows.close()
            log.rows = self.rows
            log.details = {**log.details, "complete": complete}
            log.save(update_fields=["rows", "details"])


def export_signatures(
    *, filters, columns=None, format="csv", user=None, via="command", progress=None, audit_details=None
):
    """An Export of the signatures `filters` selects, read from the read replica when
    there is one fresh enough (core/replica.py)."""
    with replica_reads():
        alias = read_alias()
    return Export(
        queryset=filters.signatures().using(alias),
        columns=resolve_columns(columns),
        format=format,
        user=user,
        via=via,
        filters=filters.as_details(),
        petition=filters.petition,
        progress=progress,
        audit_details=audit_details or {},
    )
