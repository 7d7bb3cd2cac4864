"""The file formats: CSV, XLSX and JSON writers, each turning a header and rows of
Python values into blocks of bytes, and the parts of a workbook written by hand
around the rows PostgreSQL produces (`copy_xlsx`).
"""

import csv
import io
import json
import re
import tempfile
import zipfile
from datetime import datetime
from xml.sax.saxutils import escape as xml_escape

from xlsxwriter import Workbook
from xlsxwriter.utility import xl_col_to_name

# Content type and file extension of each format.
FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": ("application/json; charset=utf-8", "json"),
}
# The size of the blocks a finished file is read back in, and COPY's output handed over in.
STREAM_BLOCK = 64 * 1024

CSV_BOM = "\ufeff"

# An Excel sheet has 1,048,576 rows, one of which is the header: a workbook's rows
# continue on further sheets, each with the header ("Signatures", "Signatures 2", ...).
XLSX_MAX_ROWS = 1_048_575
XLSX_SHEET_NAME = "Signatures"
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


# --- CSV -------------------------------------------------------------------------


def _csv_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    return value


def csv_header(header):
    """The start of a CSV file: the byte-order mark and the header row."""
    buffer = io.StringIO()
    buffer.write(CSV_BOM)
    csv.writer(buffer, lineterminator="\n").writerow(header)
    return buffer.getvalue().encode()


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


# --- XLSX ------------------------------------------------------------------------


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


def xlsx_sheet_name(number):
    """The name of a workbook's `number`th sheet (from 1): the first has no number."""
    return XLSX_SHEET_NAME if number == 1 else f"{XLSX_SHEET_NAME} {number}"


def write_xlsx(header, rows, sheet_rows=None):
    """A workbook of `rows` after the header, `sheet_rows` (XLSX_MAX_ROWS) to a sheet.

    In constant-memory mode each sheet's rows go to a temporary file as they come,
    so a second sheet costs no more memory than the first."""
    sheet_rows = sheet_rows or XLSX_MAX_ROWS
    with tempfile.TemporaryFile() as output:
        workbook = Workbook(output, XLSX_OPTIONS)
        labels, bold = [_xlsx_value(label) for label in header], workbook.add_format({"bold": True})
        sheets = 0

        def next_sheet():
            nonlocal sheets
            sheets += 1
            sheet = workbook.add_worksheet(xlsx_sheet_name(sheets))
            sheet.write_row(0, 0, labels, bold)
            return sheet.write_row

        write_row, value, number = next_sheet(), _xlsx_value, 0
        for row in rows:
            if number == sheet_rows:
                write_row, number = next_sheet(), 0
            number += 1
            write_row(number, 0, [value(v) for v in row])
        workbook.close()
        yield from _read_back(output)


# --- XLSX around PostgreSQL's rows ---------------------------------------------------

# The parts of a workbook around the sheets PostgreSQL writes (see copy_xlsx): its
# sheets, inline strings, three cell styles (0 plain, 1 the bold header, 2 a date).
XLSX_DATE_STYLE = 2
_OOXML = "http://schemas.openxmlformats.org"
_SPREADSHEETML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_RELS_CONTENT_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
_RELATIONSHIPS = f"{_OOXML}/officeDocument/2006/relationships"
_STYLES = (
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
)


def _xlsx_parts(sheets):
    """The workbook's parts besides its sheets, for `sheets` sheets (sheet1.xml, ...)."""
    numbers = range(1, sheets + 1)
    return {
        "[Content_Types].xml": (
            f'<Types xmlns="{_OOXML}/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="{_RELS_CONTENT_TYPE}"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_SPREADSHEETML}.sheet.main+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
                f'ContentType="{_SPREADSHEETML}.worksheet+xml"/>'
                for n in numbers
            )
            + f'<Override PartName="/xl/styles.xml" ContentType="{_SPREADSHEETML}.styles+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{_OOXML}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" '
            f'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{_OOXML}/spreadsheetml/2006/main" xmlns:r="{_RELATIONSHIPS}"><sheets>'
            + "".join(
                f'<sheet name="{xml_escape(xlsx_sheet_name(n))}" sheetId="{n}" r:id="rId{n}"/>'
                for n in numbers
            )
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_OOXML}/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{n}" Type="{_RELATIONSHIPS}/worksheet" '
                f'Target="worksheets/sheet{n}.xml"/>'
                for n in numbers
            )
            + f'<Relationship Id="rId{sheets + 1}" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": _STYLES,
    }


_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _line_end(block, lines):
    """Where the `lines`th line of `block` ends (0 for none)."""
    end = 0
    for _ in range(lines):
        end = block.index(b"\n", end) + 1
    return end


def copy_xlsx(header, sheet_rows_xml, sheet_rows):
    """An XLSX workbook around `sheet_rows_xml`, the XML of its rows (after the header)
    in blocks of bytes, one row a line, as PostgreSQL's COPY writes them
    (`copy_xlsx_sql` in copy.py, given the same `sheet_rows`, which numbers each
    sheet's rows from 2). Every `sheet_rows` lines the sheet ends and the next begins,
    with the header; the workbook's other parts, which list the sheets, come last.

    The Python path (write_xlsx) spends most of its time in XlsxWriter's per-cell code;
    here the database writes each row's XML and Python only compresses it (the figures
    are in docs/exports.md). The workbook holds what write_xlsx's does: text as inline
    strings (never a formula, number or link), dates as dates, a bold header row.
    """
    cells = "".join(
        f'<c r="{xl_col_to_name(n)}1" t="inlineStr" s="1"><is><t xml:space="preserve">'
        f"{xml_escape(_xlsx_value(label) or '')}</t></is></c>"
        for n, label in enumerate(header)
    )
    start = (
        f'{_XML_DECLARATION}<worksheet xmlns="{_OOXML}/spreadsheetml/2006/main">'
        f'<sheetData><row r="1">{cells}</row>\n'
    ).encode()
    end = b"</sheetData></worksheet>"
    with tempfile.TemporaryFile() as output:
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as package:
            sheets, lines = 0, 0
            sheet = None

            def next_sheet():
                nonlocal sheets, lines
                if sheet is not None:
                    sheet.write(end)
                    sheet.close()
                sheets, lines = sheets + 1, 0
                entry = zipfile.ZipInfo(f"xl/worksheets/sheet{sheets}.xml", datetime.now().timetuple()[:6])
                entry.compress_type = zipfile.ZIP_DEFLATED
                opened = package.open(entry, "w", force_zip64=True)
                opened.write(start)
                return opened

            sheet = next_sheet()
            for block in sheet_rows_xml:
                while block:
                    room = sheet_rows - lines
                    count = block.count(b"\n")
                    if count < room:
                        sheet.write(block)
                        lines += count
                        break
                    # The sheet fills up within this block: the rest goes on the next one.
                    split = _line_end(block, room)
                    sheet.write(block[:split])
                    lines, block = sheet_rows, block[split:]
                    if block:
                        sheet = next_sheet()
            sheet.write(end)
            sheet.close()
            for name, xml in _xlsx_parts(sheets).items():
                package.writestr(name, _XML_DECLARATION + xml)
        yield from _read_back(output)


# --- JSON ------------------------------------------------------------------------


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
