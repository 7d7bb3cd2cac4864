"""Signature exports: CSV, XLSX and JSON, streamed in constant memory.

One implementation behind three doors: `manage.py export_signatures`, the
"Export" admin action on selected signatures, and the admin download page
(`/admin/petition/signature/export/`, for users with `petition.export_signature`).

What is exported
----------------
* Rows: by default the **confirmed** signatures of one petition. Pending ones are
  exported only when asked for by state; withdrawn and invalidated ones only when
  asked for by name (a withdrawn signature has no personal data left anyway).
  Filters: state(s), country, kind, signed since a date.
* Columns: the organiser picks among `COLUMNS`. Everything a signer typed into
  the form (name, country, city, title or organisation, organisation contact,
  comment) was given to be put on the petition, so it may be exported. The
  **email** address was given to confirm the signature; it is exported only for
  signers who agreed to hear from the campaign (`consent_updates_at` set) and the
  cell is left **blank** for everyone else. The row stays, so counts and the
  list still add up; the `consent_updates` column says when consent was given.
  `shown_as` is the name as the signer chose to appear publicly (initials, or
  blank when unlisted): use it for anything that leaves the organisers' hands.
  The IP hash and the canonical email are never exported.
* Times are UTC, `YYYY-MM-DD HH:MM:SS` (real date cells in XLSX, ISO 8601 in JSON).

Spreadsheet formulas
--------------------
Every text cell whose first non-blank character could start a formula or a DDE
payload in Excel, LibreOffice or Google Sheets (`=`, `+`, `-`, `@`, tab, CR, LF and
their full-width forms `＝＋－＠`) is prefixed with an apostrophe: `=HYPERLINK(...)`
is exported as `'=HYPERLINK(...)`, shown as text, never evaluated. The same
rule applies to every format, JSON included, so a file converted from one
format to another stays safe. Numbers (the id) are written as numbers.

Formats
-------
* CSV: UTF-8 with a byte-order mark, so Excel shows Chinese names, CRLF line ends.
* XLSX: one sheet, text as inline strings (never turned into a formula, a number or
  a link), dates as dates in a date format, a bold header row; characters XML
  cannot hold are dropped. On PostgreSQL the database writes each row's XML
  (`_copy_xlsx_sql`, a COPY like the CSV's) and Python only zips it around the
  workbook's fixed parts (`copy_xlsx`): 1,000,000 rows in about 11 s. Elsewhere,
  and for the "shown publicly as" column, XlsxWriter in `constant_memory` mode
  (about 100 s for the same rows). Either way the file is written to a temporary
  file first and nothing can be sent before it is finished, so large workbooks are
  prepared in the background (below). A sheet holds at most XLSX_MAX_ROWS rows.
* JSON: one array of objects, streamed element by element.

Memory stays flat: rows are read with `.values_list(...).iterator(chunk_size=2000)`
(a server-side cursor on PostgreSQL) inside one transaction, so the export sees
one consistent snapshot, and written out in chunks.

On PostgreSQL a CSV export is produced by the database itself with
`COPY (SELECT ...) TO STDOUT WITH (FORMAT csv)`, several times faster: the same
columns, the same neutralisation (the SQL in `_pg_neutralised` matches
`neutralise` character for character) and the same date format. `shown_as`
needs Python, so an export with it takes the general path. Both paths give the
same rows; tests/petition/test_export.py checks it.

Audit
-----
Every export writes an `AuditLog` row when it starts (who, when, the format, the
filters, the columns, the entry point) and records the number of rows written
when it ends, with `complete: false` if it was interrupted.

Exports prepared in the background
----------------------------------
A request has some 30 seconds (the web server's timeout) to answer. The admin
download page streams an export within the request only up to
`settings.EXPORT_INLINE_MAX_ROWS` rows (`EXPORT_XLSX_INLINE_MAX_ROWS` for Excel,
which sends nothing until the workbook is finished). A larger one becomes an
`ExportFile` (queued), and the `prepare_export` task (petition/tasks.py) writes it,
on the task worker, to the **private** storage (`STORAGES["private"]`, the folder
`PRIVATE_ROOT`, never under MEDIA_ROOT, which the web server publishes). The
export page lists the organiser's recent exports; a ready one is downloaded
through the admin by the organiser who asked for it, or by a superuser, never
from a public URL. The audit log records the export when it runs (via "admin
background", with the ExportFile's id) and each download of the prepared file.

A prepared file is kept for `settings.EXPORT_RETENTION_DAYS` days (7 by default):
`manage.py purge_exports` deletes older files and their records; it runs after
each prepared export too, and should run daily from cron where exports are rare.
"""

import csv
import io
import json
import logging
import queue
import re
import tempfile
import threading
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from xml.sax.saxutils import escape as xml_escape

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import connections, transaction
from django.db.models import Case, CharField, F, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from xlsxwriter import Workbook
from xlsxwriter.utility import xl_col_to_name

from petition.models import AuditLog, ExportFile, Petition, Signature, initials

logger = logging.getLogger(__name__)

CHUNK_SIZE = 2000
# An Excel sheet has 1,048,576 rows, one of which is the header.
XLSX_MAX_ROWS = 1_048_575
PROGRESS_EVERY = 100_000
STREAM_BLOCK = 64 * 1024

# A first character that makes a spreadsheet treat the cell as a formula.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n＝＋－＠")
BLANKS = " \u00a0\u3000"

CSV_BOM = "\ufeff"

# Control characters XML 1.0 cannot hold (tab, LF and CR it can).
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Excel's serial number of 1970-01-01 (days since its epoch, 1899-12-30).
EXCEL_EPOCH_SERIAL = 25569
XLSX_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "default_date_format": "yyyy-mm-dd hh:mm:ss",
}


def neutralise(value):
    """Prefix text that a spreadsheet would evaluate with an apostrophe."""
    if value and (
        value[0] in FORMULA_TRIGGERS or (value[0] in BLANKS and value.lstrip(BLANKS)[:1] in FORMULA_TRIGGERS)
    ):
        return "'" + value
    return value


# --- Columns -------------------------------------------------------------------

# What each column reads from the database (names or expressions for values_list).
_EMAIL_IF_CONSENTED = Case(
    When(consent_updates_at__isnull=False, then=F("email")),
    default=Value(""),
    output_field=CharField(),
)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    sources: tuple = ()
    kind: str = "text"  # text, int, datetime, bool, country_name, shown_as

    def __post_init__(self):
        if not self.sources:
            object.__setattr__(self, "sources", (self.key,))


COLUMNS = [
    Column("id", _("id"), kind="int"),
    Column("name", _("name")),
    Column("shown_as", _("shown publicly as"), sources=("name", "display", "kind"), kind="shown_as"),
    Column("kind", _("kind")),
    Column("title", _("title or organisation")),
    Column("contact_person", _("contact person")),
    Column("contact_role", _("contact person's role")),
    Column("city", _("city or region")),
    Column("country", _("country code")),
    Column("country_name", _("country"), sources=("country",), kind="country_name"),
    Column("email", _("email (if agreed to campaign news)"), sources=("email_if_consented",)),
    Column("comment", _("comment")),
    Column("display", _("shown on the wall as")),
    Column("language", _("signing language")),
    Column("state", _("state")),
    Column("hidden", _("hidden by a moderator"), kind="bool"),
    Column("created_at", _("signed (UTC)"), kind="datetime"),
    Column("confirmed_at", _("confirmed (UTC)"), kind="datetime"),
    Column("consent_public", _("agreed to be shown publicly (UTC)"), ("consent_public_at",), "datetime"),
    Column(
        "consent_updates", _("agreed to receive campaign news (UTC)"), ("consent_updates_at",), "datetime"
    ),
    Column("consent_version", _("consent wording version")),
    Column("via", _("share channel")),
]
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
DEFAULT_COLUMNS = ("name", "kind", "title", "city", "country", "country_name", "confirmed_at")

SOURCE_EXPRESSIONS = {"email_if_consented": _EMAIL_IF_CONSENTED}


def column_choices():
    return [(column.key, column.label) for column in COLUMNS]


class ExportError(ValueError):
    pass


def resolve_columns(keys):
    keys = list(keys or DEFAULT_COLUMNS)
    unknown = [key for key in keys if key not in COLUMNS_BY_KEY]
    if unknown:
        raise ExportError(f"Unknown column(s): {', '.join(unknown)}")
    return [COLUMNS_BY_KEY[key] for key in dict.fromkeys(keys)]


# --- Rows ----------------------------------------------------------------------


@dataclass
class Filters:
    """Which signatures an export covers. Withdrawn and invalidated only by name."""

    petition: Petition | None = None
    states: tuple = (Signature.State.CONFIRMED,)
    country: str = ""
    kind: str = ""
    since: date | datetime | None = None

    def apply(self, queryset):
        queryset = queryset.filter(state__in=list(self.states))
        if self.petition is not None:
            queryset = queryset.filter(petition=self.petition)
        if self.country:
            queryset = queryset.filter(country=self.country.upper())
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        if self.since:
            queryset = queryset.filter(created_at__gte=self.since_datetime())
        return queryset

    def since_datetime(self):
        since = self.since
        if isinstance(since, datetime):
            return since if timezone.is_aware(since) else timezone.make_aware(since)
        return timezone.make_aware(datetime.combine(since, time.min))

    def as_details(self):
        return {
            "petition": self.petition.slug if self.petition else None,
            "states": [str(state) for state in self.states],
            "country": self.country or None,
            "kind": self.kind or None,
            "since": self.since.isoformat() if self.since else None,
        }

    def to_json(self):
        """What a background export stores to rebuild these filters (`from_json`)."""
        return {**self.as_details(), "petition": self.petition.pk if self.petition else None}

    @classmethod
    def from_json(cls, data):
        petition = Petition.objects.get(pk=data["petition"]) if data.get("petition") else None
        since = data.get("since")
        if since:
            since = datetime.fromisoformat(since) if "T" in since else date.fromisoformat(since)
        return cls(
            petition=petition,
            states=tuple(data.get("states") or (Signature.State.CONFIRMED,)),
            country=data.get("country") or "",
            kind=data.get("kind") or "",
            since=since or None,
        )


def _row_builder(columns, sources):
    """A function turning one values_list tuple into the export's Python values."""
    index = {source: i for i, source in enumerate(sources)}
    country_names = dict(countries)
    getters = []
    for column in columns:
        i = index[column.sources[0]]
        if column.kind == "text":
            getters.append(lambda row, i=i: neutralise(row[i]))
        elif column.kind in ("int", "bool"):
            getters.append(lambda row, i=i: row[i])
        elif column.kind == "datetime":
            getters.append(lambda row, i=i: row[i].astimezone(UTC).replace(tzinfo=None) if row[i] else None)
        elif column.kind == "country_name":
            getters.append(lambda row, i=i: neutralise(str(country_names.get(row[i], row[i]))))
        elif column.kind == "shown_as":
            d, k = index["display"], index["kind"]
            getters.append(lambda row, i=i, d=d, k=k: neutralise(_shown_as(row[i], row[d], row[k])))
        else:  # pragma: no cover - a programming error in COLUMNS
            raise ExportError(column.kind)
    return lambda row: [get(row) for get in getters]


def _shown_as(name, display, kind):
    if display == Signature.Display.UNLISTED:
        return ""
    if display == Signature.Display.INITIALS and kind == Signature.Kind.INDIVIDUAL:
        return initials(name)
    return name


def iter_rows(queryset, columns):
    """The export's rows, read in chunks on one consistent snapshot."""
    sources = list(dict.fromkeys(source for column in columns for source in column.sources))
    if "shown_as" in {column.kind for column in columns}:
        sources += [source for source in ("display", "kind") if source not in sources]
    annotations = {source: SOURCE_EXPRESSIONS[source] for source in sources if source in SOURCE_EXPRESSIONS}
    build = _row_builder(columns, sources)
    values = (
        queryset.annotate(**annotations).order_by("pk").values_list(*sources).iterator(chunk_size=CHUNK_SIZE)
    )
    # On PostgreSQL a transaction lets the server-side cursor stream without being
    # materialised (WITH HOLD) and gives one snapshot. SQLite reads a snapshot
    # anyway, and a transaction there would take the write lock.
    atomic = transaction.atomic if connections[queryset.db].vendor == "postgresql" else nullcontext
    with atomic():
        try:
            for row in values:
                yield build(row)
        finally:
            # Close the server-side cursor while its transaction is still open: left to
            # the garbage collector, closing it would fail and break the transaction.
            values.close()


# --- Writers -------------------------------------------------------------------


def _csv_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    return value


def write_csv(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    buffer.write(CSV_BOM)
    writer.writerow(header)
    for n, row in enumerate(rows, 1):
        writer.writerow([_csv_text(value) for value in row])
        if n % 1000 == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def _xlsx_value(value, _strip=XML_ILLEGAL.sub):
    """A cell's value: text without the characters XML cannot hold, None for blank text
    (a blank cell without a style is not written at all)."""
    if value.__class__ is str:
        return _strip("", value) or None
    return value


def _read_back(output):
    """A finished temporary file, from its start, in blocks."""
    output.seek(0)
    while block := output.read(STREAM_BLOCK):
        yield block


def write_xlsx(header, rows):
    with tempfile.TemporaryFile() as output:
        workbook = Workbook(output, XLSX_OPTIONS)
        sheet = workbook.add_worksheet("Signatures")
        sheet.write_row(0, 0, [_xlsx_value(label) for label in header], workbook.add_format({"bold": True}))
        write_row, value = sheet.write_row, _xlsx_value
        for number, row in enumerate(rows, start=1):
            write_row(number, 0, [value(v) for v in row])
        workbook.close()
        yield from _read_back(output)


# The parts of a workbook around the sheet PostgreSQL writes (see copy_xlsx): one
# sheet, inline strings, three cell styles (0 plain, 1 the bold header, 2 a date).
XLSX_DATE_STYLE = 2
_OOXML = "http://schemas.openxmlformats.org"
_XLSX_PARTS = {
    "[Content_Types].xml": (
        f'<Types xmlns="{_OOXML}/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" '
        f'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" '
        f'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" '
        f'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"</Types>"
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{_OOXML}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_OOXML}/officeDocument/2006/relationships/officeDocument" '
        f'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{_OOXML}/spreadsheetml/2006/main" '
        f'xmlns:r="{_OOXML}/officeDocument/2006/relationships">'
        f'<sheets><sheet name="Signatures" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_OOXML}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_OOXML}/officeDocument/2006/relationships/worksheet" '
        f'Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_OOXML}/officeDocument/2006/relationships/styles" '
        f'Target="styles.xml"/></Relationships>'
    ),
    "xl/styles.xml": (
        f'<styleSheet xmlns="{_OOXML}/spreadsheetml/2006/main">'
        f'<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
        f'<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        f'<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        f'<fills count="2"><fill><patternFill patternType="none"/></fill>'
        f'<fill><patternFill patternType="gray125"/></fill></fills>'
        f'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        f'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        f'<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        f'<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        f"</cellXfs>"
        f'<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        f"</styleSheet>"
    ),
}
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def copy_xlsx(header, sheet_rows):
    """An XLSX workbook around `sheet_rows`, the XML of its rows (after the header) in
    blocks of bytes, as PostgreSQL's COPY writes them (_copy_xlsx_sql).

    The Python path (write_xlsx) spends about 100 µs per row in XlsxWriter's per-cell
    code; here the database writes each row's XML and Python only compresses it, so
    a million rows take a fraction of the time. The workbook holds what write_xlsx's
    does: text as inline strings (never a formula, number or link), dates as dates,
    a bold header row.
    """
    cells = "".join(
        f'<c r="{xl_col_to_name(n)}1" t="inlineStr" s="1"><is><t xml:space="preserve">'
        f"{xml_escape(_xlsx_value(label) or '')}</t></is></c>"
        for n, label in enumerate(header)
    )
    with tempfile.TemporaryFile() as output:
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as package:
            for name, xml in _XLSX_PARTS.items():
                package.writestr(name, _XML_DECLARATION + xml)
            entry = zipfile.ZipInfo("xl/worksheets/sheet1.xml", datetime.now().timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            with package.open(entry, "w", force_zip64=True) as sheet:
                sheet.write(
                    (
                        f'{_XML_DECLARATION}<worksheet xmlns="{_OOXML}/spreadsheetml/2006/main">'
                        f'<sheetData><row r="1">{cells}</row>\n'
                    ).encode()
                )
                for block in sheet_rows:
                    sheet.write(block)
                sheet.write(b"</sheetData></worksheet>")
        yield from _read_back(output)


def _json_value(value):
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds") + "Z"
    return value


def write_json(keys, rows):
    yield b"["
    separator = b"\n"
    parts = []
    for n, row in enumerate(rows, 1):
        item = {key: _json_value(value) for key, value in zip(keys, row, strict=True)}
        parts.append(separator + json.dumps(item, ensure_ascii=False).encode())
        separator = b",\n"
        if n % 1000 == 0:
            yield b"".join(parts)
            parts.clear()
    parts.append(b"\n]\n")
    yield b"".join(parts)


# --- CSV by COPY on PostgreSQL -------------------------------------------------------

# neutralise() as a PostgreSQL regular expression: optional blanks, then a trigger.
# ("-" goes last in the bracket, where it is literal.)
_PG_TRIGGER_PATTERN = "^[" + BLANKS + "]*[" + "".join(sorted(FORMULA_TRIGGERS - {"-"})) + "-]"
# Most of a COPY's time is the database's; the site's statement timeout is for pages.
COPY_STATEMENT_TIMEOUT_MS = 30 * 60 * 1000


def _pg_neutralised(sql):
    """neutralise() in SQL; an empty string becomes NULL so both paths write nothing."""
    return f"CASE WHEN {sql} ~ %s THEN '''' || {sql} ELSE NULLIF({sql}, '') END", [_PG_TRIGGER_PATTERN]


def _pg_column(column, table, country_names):
    def col(name):
        return f'"{table}"."{name}"'

    if column.kind == "int":
        return col(column.sources[0]), []
    if column.kind == "bool":
        return f"CASE WHEN {col(column.sources[0])} THEN 'true' ELSE 'false' END", []
    if column.kind == "datetime":
        return f"to_char({col(column.sources[0])} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')", []
    if column.kind == "country_name":
        if not country_names:
            return "NULL::text", []
        whens = " ".join("WHEN %s THEN %s" for _ in country_names)
        params = [v for code, name in country_names.items() for v in (code, neutralise(str(name)))]
        return f"(CASE {col('country')} {whens} ELSE {col('country')} END)", params
    if column.key == "email":
        sql, params = _pg_neutralised(col("email"))
        return f"CASE WHEN {col('consent_updates_at')} IS NOT NULL THEN {sql} END", params
    if column.kind == "text":
        return _pg_neutralised(col(column.sources[0]))
    raise ExportError(column.kind)  # pragma: no cover - shown_as takes the Python path


def can_copy(queryset, columns, format):
    return (
        format in ("csv", "xlsx")
        and connections[queryset.db].vendor == "postgresql"
        and all(column.kind != "shown_as" for column in columns)
    )


def _country_names(queryset, columns):
    """The names of the countries present, for a country-name column."""
    if not any(column.kind == "country_name" for column in columns):
        return {}
    present = queryset.order_by().values_list("country", flat=True).distinct()
    names = dict(countries)
    return {code: names.get(code, code) for code in present}


def _copy_statement(queryset, annotations, options=""):
    """COPY of `queryset`'s rows, in id order, as the values of `annotations` (RawSQL of
    this module's SQL and the model's column names; values go as parameters)."""
    rows = queryset.annotate(**annotations).order_by("pk").values_list(*annotations)
    sql, params = rows.query.get_compiler(using=queryset.db).as_sql()
    with connections[queryset.db].cursor() as cursor:
        select = cursor.mogrify(sql, params).decode()
    return f"COPY ({select}) TO STDOUT{options}"


def _copy_sql(queryset, columns):
    """The COPY statement for `queryset`'s rows as CSV."""
    table, country_names = Signature._meta.db_table, _country_names(queryset, columns)
    annotations = {
        f"export_{n}": RawSQL(*_pg_column(column, table, country_names))  # noqa: S611
        for n, column in enumerate(columns)
    }
    return _copy_statement(queryset, annotations, " WITH (FORMAT csv)")


# The sheet's rows written by PostgreSQL, one `<row>` of XML per line of COPY's text
# format. Character references stand for the four characters that format would escape
# (backslash, tab, LF, CR), so each line is the XML as it goes into the file.
_PG_XML_REPLACEMENTS = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ("\\", "&#92;"),
    ("\t", "&#9;"),
    ("\n", "&#10;"),
    ("\r", "&#13;"),
)
_PG_XML_ILLEGAL = "[\x01-\x08\x0b\x0c\x0e-\x1f]"
# Spreadsheets read `_x0041_` in a text cell as the character it codes ("A"): a text
# that contains such a sequence keeps it by escaping its underscore (`_x005F_`).
_PG_OOXML_ESCAPE = ("_(x[0-9A-Fa-f]{4}_)", "_x005F_\\1")


def _pg_xlsx_value(column, table, country_names):
    """What one cell holds: the CSV path's text, or the raw date, number or flag."""
    if column.kind in ("datetime", "bool"):
        return f'"{table}"."{column.sources[0]}"', []
    return _pg_column(column, table, country_names)


def _pg_xlsx_cell(column, value, letter, number):
    """SQL for one cell's XML, given its value's SQL. An empty cell is written too
    (`<c r="B2"/>`): the sheet has no dimension (its length is known only at the end),
    so readers learn a row's width from its cells."""
    ref = f"'<c r=\"{letter}' || {number} || '\""
    params = []
    if column.kind == "int":
        cell = f"{ref}><v>' || {value} || '</v></c>'"
    elif column.kind == "bool":
        cell = f"{ref} t=\"b\"><v>' || CASE WHEN {value} THEN '1' ELSE '0' END || '</v></c>'"
    elif column.kind == "datetime":
        serial = f"(extract(epoch FROM {value}) / 86400 + {EXCEL_EPOCH_SERIAL})"
        cell = f"{ref} s=\"{XLSX_DATE_STYLE}\"><v>' || {serial} || '</v></c>'"
    else:
        text, params = f"NULLIF(regexp_replace({value}, %s, '', 'g'), '')", [_PG_XML_ILLEGAL]
        text, params = f"regexp_replace({text}, %s, %s, 'g')", [*params, *_PG_OOXML_ESCAPE]
        for old, new in _PG_XML_REPLACEMENTS:
            text, params = f"replace({text}, %s, %s)", [*params, old, new]
        cell = f'{ref} t="inlineStr"><is><t xml:space="preserve">\' || {text} || \'</t></is></c>\''
    return f"COALESCE({cell}, {ref}/>')", params


def _copy_xlsx_sql(queryset, columns):
    """The COPY statement writing the sheet's rows (after the header) as XML, one per line."""
    table, country_names = Signature._meta.db_table, _country_names(queryset, columns)
    number = f'(row_number() OVER (ORDER BY "{table}"."id") + 1)'
    parts, params = [f"'<row r=\"' || {number} || '\">'"], []
    for n, column in enumerate(columns):
        value, value_params = _pg_xlsx_value(column, table, country_names)
        cell, cell_params = _pg_xlsx_cell(column, value, xl_col_to_name(n), number)
        parts.append(cell)
        params += [*value_params, *cell_params]  # in the order their placeholders appear
    parts.append("'</row>'")
    return _copy_statement(queryset, {"export_row": RawSQL(" || ".join(parts), params)})  # noqa: S611


class _QueueWriter:
    """The file COPY writes into: gathers rows into blocks and hands them over."""

    def __init__(self, blocks):
        self.blocks = blocks
        self.parts = []
        self.size = 0

    def write(self, data):
        self.parts.append(data)
        self.size += len(data)
        if self.size >= STREAM_BLOCK:
            self.flush()

    def flush(self):
        if self.parts:
            self.blocks.put(b"".join(self.parts))
            self.parts, self.size = [], 0


def copy_out(queryset, sql, on_rows=None):
    """The bytes PostgreSQL's COPY statement `sql` produces, streamed block by block.

    COPY runs in a worker thread on the request's own connection (which waits
    meanwhile) and hands over blocks through a small queue, so a slow reader holds
    the database back instead of filling memory. If the reader stops early, the
    query is cancelled. `on_rows(n)` is called with the number of rows at the end.
    """
    connection = connections[queryset.db]
    blocks = queue.Queue(maxsize=8)
    done = object()
    outcome = {}
    with transaction.atomic(using=queryset.db):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = %s", [COPY_STATEMENT_TIMEOUT_MS])
        raw = connection.connection

        def run():
            try:
                with raw.cursor() as cursor:
                    writer = _QueueWriter(blocks)
                    cursor.copy_expert(sql, writer)
                    writer.flush()
                    outcome["rows"] = cursor.rowcount
            except Exception as exc:  # handed over to the reading thread, raised there
                outcome["error"] = exc
            finally:
                blocks.put(done)

        worker = threading.Thread(target=run, name="signature-export-copy", daemon=True)
        worker.start()
        finished = False
        try:
            while (block := blocks.get()) is not done:
                yield block
            finished = True
        finally:
            if not finished:  # the reader went away: stop the query, let the worker end
                raw.cancel()
                while blocks.get() is not done:
                    pass
            worker.join()
        if "error" in outcome:
            raise outcome["error"]
    if on_rows is not None:
        on_rows(outcome.get("rows", 0))


FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": ("application/json; charset=utf-8", "json"),
}


# --- The export ----------------------------------------------------------------


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

    def _csv_header(self, header):
        buffer = io.StringIO()
        buffer.write(CSV_BOM)
        csv.writer(buffer, lineterminator="\n").writerow(header)
        return buffer.getvalue().encode()

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
            if can_copy(self.queryset, self.columns, self.format):
                copy_sql = _copy_xlsx_sql if self.format == "xlsx" else _copy_sql
                blocks = self._copy_progress(
                    copy_out(self.queryset, copy_sql(self.queryset, self.columns), self._copied)
                )
                if self.format == "xlsx":
                    yield from copy_xlsx(header, blocks)
                else:
                    yield self._csv_header(header)
                    yield from blocks
            elif self.format == "csv":
                yield from write_csv(header, rows)
            elif self.format == "xlsx":
                yield from write_xlsx(header, rows)
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
    """An Export of the signatures `filters` selects."""
    return Export(
        queryset=filters.apply(Signature.objects.all()),
        columns=resolve_columns(columns),
        format=format,
        user=user,
        via=via,
        filters=filters.as_details(),
        petition=filters.petition,
        progress=progress,
        audit_details=audit_details or {},
    )


# --- Exports prepared in the background -------------------------------------------

EXPORTS_FOLDER = "exports"
# A prepared export still "running" this long after it started was interrupted (the
# worker stopped): the purge marks it failed so the organiser can ask again.
INTERRUPTED_AFTER = timedelta(hours=6)
INTERRUPTED = "Interrupted: the task worker stopped while preparing this export. Ask for it again."


def private_storage():
    """Where prepared exports are kept: never a public folder (see campaign/settings.py)."""
    return storages["private"]


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
    from petition.tasks import prepare_export  # the task module imports this one

    if format not in FORMATS:
        raise ExportError(f"Unknown format: {format}")
    export_file = ExportFile.objects.create(
        user=user,
        petition=filters.petition,
        format=format,
        filters=filters.to_json(),
        columns=[column.key for column in resolve_columns(columns)],
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    try:
        prepare_export.enqueue(export_file.pk)
    except Exception as exc:
        _export_file_failed(export_file.pk, exc)
        raise
    return export_file


def _describe(exc):
    return f"{type(exc).__name__}: {exc}"[:1000]


def _export_file_failed(export_id, exc):
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
        _export_file_failed(export_id, exc)
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
