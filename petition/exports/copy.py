"""The PostgreSQL path: the database writes the export's CSV, or each row of a workbook's
sheets as XML, with `COPY (SELECT ...) TO STDOUT`, and hands it over block by block.

The SQL here matches the Python path cell for cell (`_pg_neutralised` is `neutralise`,
character for character); tests/petition/test_export.py compares the two. An export
with a column the database cannot write takes the Python path (`can_copy`): the email
and the contact are encrypted, and only the site holds the key.
"""

import queue
import threading

from django.db import connections, transaction
from django.db.models.expressions import RawSQL
from django_countries import countries
from xlsxwriter.utility import xl_col_to_name

from petition.exports.columns import BLANKS, ENCRYPTED_COLUMNS, FORMULA_TRIGGERS, ExportError, neutralise
from petition.exports.writers import EXCEL_EPOCH_SERIAL, STREAM_BLOCK, XLSX_DATE_STYLE
from petition.models import Signature

# neutralise() as a PostgreSQL regular expression: optional blanks, then a trigger.
# ("-" goes last in the bracket, where it is literal.)
_PG_TRIGGER_PATTERN = "^[" + BLANKS + "]*[" + "".join(sorted(FORMULA_TRIGGERS - {"-"})) + "-]"
# Most of a COPY's time is the database's; the site's statement timeout is for pages.
COPY_STATEMENT_TIMEOUT_MS = 30 * 60 * 1000


# --- CSV -----------------------------------------------------------------------------


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
    if column.key in ENCRYPTED_COLUMNS:  # pragma: no cover - can_copy sends them to Python
        raise ExportError(f"{column.key} is encrypted: the database cannot write it")
    if column.kind == "text":
        return _pg_neutralised(col(column.sources[0]))
    raise ExportError(column.kind)  # pragma: no cover - shown_as takes the Python path


def can_copy(queryset, columns, format):
    """Whether PostgreSQL can write this export: not when a column needs Python (the name
    as shown publicly, or a value it must decrypt: the email, the contact)."""
    return (
        format in ("csv", "xlsx")
        and connections[queryset.db].vendor == "postgresql"
        and all(column.kind != "shown_as" and column.key not in ENCRYPTED_COLUMNS for column in columns)
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
    the SQL written here and the model's column names; values go as parameters)."""
    rows = queryset.annotate(**annotations).order_by("pk").values_list(*annotations)
    sql, params = rows.query.get_compiler(using=queryset.db).as_sql()
    with connections[queryset.db].cursor() as cursor:
        select = cursor.mogrify(sql, params).decode()
    return f"COPY ({select}) TO STDOUT{options}"


def copy_csv_sql(queryset, columns):
    """The COPY statement for `queryset`'s rows as CSV."""
    table, country_names = Signature._meta.db_table, _country_names(queryset, columns)
    annotations = {
        f"export_{n}": RawSQL(*_pg_column(column, table, country_names))  # noqa: S611
        for n, column in enumerate(columns)
    }
    return _copy_statement(queryset, annotations, " WITH (FORMAT csv)")


# --- The rows of a workbook's sheet ----------------------------------------------------

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


def copy_xlsx_sql(queryset, columns, sheet_rows):
    """The COPY statement writing the rows of the workbook's sheets (after each header)
    as XML, one per line: each sheet holds `sheet_rows`, numbered from 2 (copy_xlsx
    starts the next sheet every `sheet_rows` lines)."""
    table, country_names = Signature._meta.db_table, _country_names(queryset, columns)
    number = f'(mod(row_number() OVER (ORDER BY "{table}"."id") - 1, {int(sheet_rows)}) + 2)'
    parts, params = [f"'<row r=\"' || {number} || '\">'"], []
    for n, column in enumerate(columns):
        value, value_params = _pg_xlsx_value(column, table, country_names)
        cell, cell_params = _pg_xlsx_cell(column, value, xl_col_to_name(n), number)
        parts.append(cell)
        params += [*value_params, *cell_params]  # in the order their placeholders appear
    parts.append("'</row>'")
    return _copy_statement(queryset, {"export_row": RawSQL(" || ".join(parts), params)})  # noqa: S611


# --- Streaming COPY's output ---------------------------------------------------------


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
