"""Exports: CSV, XLSX and JSON, read back and checked cell by cell."""

import csv
import io
import json
import re
from datetime import UTC, timedelta

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from petition.exports.columns import COLUMNS, ENCRYPTED_COLUMNS, neutralise, resolve_columns
from petition.exports.copy import can_copy
from petition.exports.rows import Filters, iter_rows
from petition.exports.run import Export, export_signatures
from petition.exports.writers import copy_xlsx, write_csv, write_xlsx
from petition.models import AuditLog, Signature
from tests.factories import (
    ConfirmedSignatureFactory,
    InvalidatedSignatureFactory,
    OrganisationSignatureFactory,
    PendingSignatureFactory,
    PetitionFactory,
    WithdrawnSignatureFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE = ["=1+1", "+SUM(A1)", "-2+3", "@SUM(A1)", "\t=1", "\r=1", ' =HYPERLINK("http://x")', "＝1+1"]


def read_csv(data):
    assert data.startswith("\ufeff".encode()), "a byte-order mark, so Excel reads UTF-8"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def export_bytes(**kwargs):
    return b"".join(export_signatures(**kwargs).chunks())


def read_xlsx(data):
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    return [[excel_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]


def read_sheets(data):
    """Each sheet's rows, by the sheet's name, in the workbook's order."""
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return {
        name: [[excel_text(value) for value in row] for row in workbook[name].iter_rows(values_only=True)]
        for name in workbook.sheetnames
    }


def excel_text(value):
    """A cell as Excel shows it: OOXML writes a control character in text as `_xHHHH_`
    (a CR as `_x000D_`), which Excel decodes and openpyxl does not."""
    if isinstance(value, str):
        return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), value)
    return value


@pytest.mark.parametrize("value", HOSTILE)
def test_neutralise_prefixes_anything_a_spreadsheet_would_evaluate(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Chan Tai Man", "陳大文", "O'Brien", "", "1+1", "a=b", "Nguyễn"])
def test_neutralise_leaves_ordinary_text_alone(value):
    assert neutralise(value) == value


def test_csv_has_a_bom_keeps_chinese_and_neutralises_every_formula(petition):
    ConfirmedSignatureFactory(petition=petition, name="陳大文", title="香港職工會聯盟", city="香港")
    for value in HOSTILE:
        ConfirmedSignatureFactory(petition=petition, name=value, title=value, city=value)

    rows = read_csv(export_bytes(filters=Filters(petition=petition), columns=["name", "title", "city"]))

    assert rows[0] == ["name", "title or organisation", "city or region"]
    assert rows[1] == ["陳大文", "香港職工會聯盟", "香港"]
    for row, value in zip(rows[2:], HOSTILE, strict=True):
        assert row == ["'" + value] * 3


def test_xlsx_neutralises_every_formula_and_keeps_chinese(petition):
    ConfirmedSignatureFactory(petition=petition, name="陳大文", title="香港職工會聯盟")
    for value in HOSTILE:
        ConfirmedSignatureFactory(petition=petition, name=value, title=value)

    data = export_bytes(filters=Filters(petition=petition), columns=["name", "title"], format="xlsx")
    rows = read_xlsx(data)

    assert rows[0] == ["name", "title or organisation"]
    assert rows[1] == ["陳大文", "香港職工會聯盟"]
    for row, value in zip(rows[2:], HOSTILE, strict=True):
        # A bare CR may come back as LF, depending on how the writer stored it;
        # what matters is the apostrophe in front.
        assert [cell.replace("\r", "\n") for cell in row] == ["'" + value.replace("\r", "\n")] * 2
    # No cell anywhere in the workbook is stored as a formula.
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_xlsx_writer_keeps_text_as_text():
    """Whatever reaches the writer stays the text it was: never a formula, a number or a link."""
    texts = ["=1+1", "0123", "1e5", "https://example.org/x", "mailto:a@example.org"]
    data = b"".join(write_xlsx(["value"], [[text] for text in texts]))

    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == texts
    assert {cell.data_type for cell in cells} == {"s"}
    assert not any(cell.hyperlink for cell in cells)


def test_xlsx_drops_characters_xml_cannot_hold(petition):
    ConfirmedSignatureFactory(petition=petition, name="Bell\x07 Chan\x1b")
    rows = read_xlsx(export_bytes(filters=Filters(petition=petition), columns=["name"], format="xlsx"))
    assert rows[1] == ["Bell Chan"]


def test_xlsx_dates_are_real_dates_in_utc(petition):
    signature = ConfirmedSignatureFactory(petition=petition)
    rows = read_xlsx(
        export_bytes(filters=Filters(petition=petition), columns=["confirmed_at"], format="xlsx")
    )
    expected = signature.confirmed_at.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    assert abs(rows[1][0] - expected) < timedelta(seconds=1)


def test_json_is_an_array_of_objects_with_formulas_neutralised(petition):
    ConfirmedSignatureFactory(petition=petition, name="=cmd|'/C calc'!A0", country="TW")
    ConfirmedSignatureFactory(petition=petition, name="林美玲", country="HK")

    data = json.loads(
        export_bytes(filters=Filters(petition=petition), columns=["id", "name", "country"], format="json")
    )

    assert [item["name"] for item in data] == ["'=cmd|'/C calc'!A0", "林美玲"]
    assert [item["country"] for item in data] == ["TW", "HK"]
    assert all(isinstance(item["id"], int) for item in data)


def test_json_of_nothing_is_an_empty_array(petition):
    assert json.loads(export_bytes(filters=Filters(petition=petition), format="json")) == []


def test_only_confirmed_signatures_of_the_petition_by_default(petition):
    confirmed = ConfirmedSignatureFactory(petition=petition, name="Confirmed")
    PendingSignatureFactory(petition=petition, name="Pending")
    WithdrawnSignatureFactory(petition=petition)
    InvalidatedSignatureFactory(petition=petition, name="Invalidated")
    ConfirmedSignatureFactory(petition=PetitionFactory(), name="Other petition")

    rows = read_csv(export_bytes(filters=Filters(petition=petition), columns=["id", "name"]))

    assert rows[1:] == [[str(confirmed.pk), "Confirmed"]]


def test_withdrawn_and_invalidated_only_when_asked_for_by_state(petition):
    InvalidatedSignatureFactory(petition=petition, name="Invalidated")
    ConfirmedSignatureFactory(petition=petition, name="Confirmed")
    filters = Filters(petition=petition, states=(Signature.State.INVALIDATED,))
    rows = read_csv(export_bytes(filters=filters, columns=["name", "state"]))
    assert rows[1:] == [["Invalidated", "invalidated"]]


def test_filters_by_country_kind_and_date(petition):
    old = ConfirmedSignatureFactory(petition=petition, name="Old", country="HK")
    old.created_at = timezone.now() - timedelta(days=30)
    old.save()
    ConfirmedSignatureFactory(petition=petition, name="Taiwan", country="TW")
    ConfirmedSignatureFactory(petition=petition, name="Hong Kong", country="HK")
    OrganisationSignatureFactory(petition=petition, name="Union", country="HK")

    def names(**filters):
        rows = read_csv(export_bytes(filters=Filters(petition=petition, **filters), columns=["name"]))
        return sorted(row[0] for row in rows[1:])

    assert names(country="hk") == ["Hong Kong", "Old", "Union"]
    assert names(kind="organisation") == ["Union"]
    assert names(since=(timezone.now() - timedelta(days=1)).date()) == ["Hong Kong", "Taiwan", "Union"]
    assert names(country="HK", kind="individual", since=timezone.now() - timedelta(days=1)) == ["Hong Kong"]


def test_email_is_exported_only_for_signers_who_agreed_to_campaign_news(petition):
    ConfirmedSignatureFactory(
        petition=petition, name="Agreed", email="yes@example.org", consent_updates_at=timezone.now()
    )
    ConfirmedSignatureFactory(
        petition=petition, name="Did not", email="no@example.org", consent_updates_at=None
    )

    rows = read_csv(export_bytes(filters=Filters(petition=petition), columns=["name", "email"]))

    assert rows[1:] == [["Agreed", "yes@example.org"], ["Did not", ""]]


def test_shown_as_respects_the_signers_choice(petition):
    ConfirmedSignatureFactory(petition=petition, name="Chan Tai Man", display=Signature.Display.INITIALS)
    ConfirmedSignatureFactory(petition=petition, name="Hidden Person", display=Signature.Display.UNLISTED)
    ConfirmedSignatureFactory(petition=petition, name="Full Name", display=Signature.Display.FULL)

    rows = read_csv(export_bytes(filters=Filters(petition=petition), columns=["shown_as"]))

    assert [row[0] for row in rows[1:]] == ["C. T. M.", "", "Full Name"]


def test_every_export_is_logged_with_who_filters_and_rows(petition, django_user_model):
    ConfirmedSignatureFactory.create_batch(3, petition=petition)
    user = django_user_model.objects.create(username="organiser")

    export_bytes(
        filters=Filters(petition=petition, country="HK"), format="csv", user=user, via="admin download"
    )

    log = AuditLog.objects.get(action=AuditLog.Action.EXPORT)
    assert (log.user, log.petition, log.rows) == (user, petition, 3)
    assert log.details["filters"]["country"] == "HK"
    assert log.details["format"] == "csv"
    assert log.details["via"] == "admin download"
    assert log.details["complete"] is True


def test_an_interrupted_export_is_logged_as_incomplete(petition):
    ConfirmedSignatureFactory.create_batch(3, petition=petition)
    export = Export(queryset=Signature.objects.all(), columns=["name"], format="json")
    chunks = export.chunks()
    next(chunks)
    chunks.close()

    log = AuditLog.objects.get(action=AuditLog.Action.EXPORT)
    assert log.details["complete"] is False


def test_an_unknown_column_is_refused(petition):
    with pytest.raises(ValueError, match="ip_hash"):
        export_signatures(filters=Filters(petition=petition), columns=["name", "ip_hash"])


# --- the command -----------------------------------------------------------------


def test_command_writes_csv_to_stdout(petition):
    ConfirmedSignatureFactory(petition=petition, name="陳大文", country="HK")
    ConfirmedSignatureFactory(petition=petition, name="=1+1", country="TW")
    out = io.StringIO()

    call_command("export_signatures", "--country", "HK", stdout=out, stderr=io.StringIO())

    rows = list(csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff"))))
    assert [row[0] for row in rows[1:]] == ["陳大文"]


def test_command_writes_xlsx_to_a_file_with_chosen_columns(petition, tmp_path):
    ConfirmedSignatureFactory(petition=petition, name="=1+1", city="九龍")
    OrganisationSignatureFactory(petition=petition, name="Union")
    output = tmp_path / "out.xlsx"
    err = io.StringIO()

    call_command(
        "export_signatures",
        f"--petition={petition.slug}",
        "--format=xlsx",
        "--kind=individual",
        "--columns=name,city",
        f"--output={output}",
        stdout=io.StringIO(),
        stderr=err,
    )

    assert read_xlsx(output.read_bytes()) == [["name", "city or region"], ["'=1+1", "九龍"]]
    assert "Exported 1 signatures" in err.getvalue()
    assert AuditLog.objects.get(action=AuditLog.Action.EXPORT).details["via"] == "command"


def test_command_filters_by_state_and_since(petition):
    PendingSignatureFactory(petition=petition, name="Pending")
    ConfirmedSignatureFactory(petition=petition, name="Confirmed")
    out = io.StringIO()
    call_command(
        "export_signatures",
        "--state=pending",
        f"--since={timezone.now().date().isoformat()}",
        "--format=json",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert [item["name"] for item in json.loads(out.getvalue())] == ["Pending"]


def test_command_reports_progress_on_stderr(petition, monkeypatch):
    monkeypatch.setattr("petition.exports.run.PROGRESS_EVERY", 2)
    ConfirmedSignatureFactory.create_batch(5, petition=petition)
    err = io.StringIO()
    call_command("export_signatures", stdout=io.StringIO(), stderr=err)
    assert re.search(r"^[45] rows", err.getvalue(), re.M)


def test_command_writes_an_excel_export_larger_than_a_sheet_on_several(petition, monkeypatch, tmp_path):
    monkeypatch.setattr("petition.exports.writers.XLSX_MAX_ROWS", 2)
    ConfirmedSignatureFactory.create_batch(3, petition=petition)
    output = tmp_path / "out.xlsx"

    call_command("export_signatures", "--format=xlsx", f"--output={output}", stderr=io.StringIO())

    assert [len(rows) for rows in read_sheets(output.read_bytes()).values()] == [3, 2]
    assert AuditLog.objects.get().rows == 3


def test_command_refuses_an_unknown_petition_or_column(petition):
    with pytest.raises(CommandError, match="nope"):
        call_command("export_signatures", "--petition=nope", stdout=io.StringIO())
    with pytest.raises(CommandError, match="email_canonical"):
        call_command("export_signatures", "--columns=name,email_canonical", stdout=io.StringIO())


# --- PostgreSQL's COPY path -------------------------------------------------------------

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")


# Every column the database can write, and text that tests each writer's escaping.
COPY_COLUMNS = [
    column.key for column in COLUMNS if column.kind != "shown_as" and column.key not in ENCRYPTED_COLUMNS
]


def sign_with_each(petition, texts):
    """One signature per text, in every text field; the rest varied. The export's rows."""
    for n, value in enumerate(texts):
        ConfirmedSignatureFactory(
            petition=petition,
            name=value or "Blank fields",
            title=value,
            city=value,
            comment=value,
            email=f"s{n}@example.org",
            consent_updates_at=timezone.now() if n % 2 else None,
            hidden=bool(n % 3),
            country=["HK", "TW", "GB"][n % 3],
        )
    return Filters(petition=petition).apply(Signature.objects.all()), resolve_columns(COPY_COLUMNS)


def python_path_taken(*args):
    raise AssertionError("the export took the Python path, not COPY")


@on_postgresql
def test_copy_and_python_paths_write_the_same_rows(petition, monkeypatch):
    queryset, resolved = sign_with_each(
        petition, [*HOSTILE, "", "陳大文", 'O\'Brien, "Jr"', "two\nlines", "\u3000@x", "a-b"]
    )
    assert can_copy(queryset, resolved, "csv")

    with monkeypatch.context() as patched:
        patched.setattr("petition.exports.run.write_csv", python_path_taken)
        by_copy = read_csv(export_bytes(filters=Filters(petition=petition), columns=COPY_COLUMNS))
    by_python = read_csv(b"".join(write_csv([str(c.label) for c in resolved], iter_rows(queryset, resolved))))

    assert by_copy == by_python
    assert len(by_copy) == 1 + len(HOSTILE) + 6


@on_postgresql
def test_the_database_writes_the_same_workbook_as_the_python_path(petition, monkeypatch):
    texts = [*HOSTILE, "", "陳大文", "a\\b", "tab\there", "<b>&amp;</b>", "_x0041_", "Bell\x07", "  spaced  "]
    queryset, resolved = sign_with_each(petition, texts)
    assert can_copy(queryset, resolved, "xlsx")

    with monkeypatch.context() as patched:
        patched.setattr("petition.exports.run.write_xlsx", python_path_taken)
        by_copy = export_bytes(filters=Filters(petition=petition), columns=COPY_COLUMNS, format="xlsx")
    by_python = b"".join(write_xlsx([str(c.label) for c in resolved], iter_rows(queryset, resolved)))

    assert read_xlsx(by_copy) == read_xlsx(by_python)
    assert len(read_xlsx(by_copy)) == 1 + len(texts)
    sheet = openpyxl.load_workbook(io.BytesIO(by_copy)).active
    assert sheet["A1"].font.b, "a bold header"
    assert sheet.cell(row=2, column=COPY_COLUMNS.index("created_at") + 1).is_date
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_the_encrypted_columns_are_decrypted_by_the_python_path(petition, format):
    OrganisationSignatureFactory(
        petition=petition,
        email="union@example.org",
        consent_updates_at=timezone.now(),
        contact_person="Lam Wing Kee",
        contact_role="=Secretary",
    )
    columns = ["name", "email", "contact_person", "contact_role"]
    queryset = Filters(petition=petition).apply(Signature.objects.all())
    assert {"email", "contact_person", "contact_role"} == ENCRYPTED_COLUMNS
    assert not can_copy(queryset, resolve_columns(columns), format), "the database cannot decrypt"

    data = export_bytes(filters=Filters(petition=petition), columns=columns, format=format)

    rows = read_csv(data) if format == "csv" else read_xlsx(data)
    assert rows[1][1:] == ["union@example.org", "Lam Wing Kee", "'=Secretary"]


@on_postgresql
def test_an_interrupted_copy_is_cancelled_and_logged_as_incomplete(petition, monkeypatch):
    monkeypatch.setattr("petition.exports.copy.STREAM_BLOCK", 64)
    ConfirmedSignatureFactory.create_batch(200, petition=petition)
    chunks = export_signatures(filters=Filters(petition=petition), columns=["name"]).chunks()
    _header, block = next(chunks), next(chunks)
    assert len(block) < 1000, "small blocks, so the reader leaves while COPY is still writing"
    chunks.close()

    log = AuditLog.objects.get(action=AuditLog.Action.EXPORT)
    assert log.details["complete"] is False
    assert Signature.objects.count() == 200, "the connection is usable afterwards"


@on_postgresql
def test_the_copy_path_counts_its_rows(petition):
    ConfirmedSignatureFactory.create_batch(3, petition=petition)
    export_bytes(filters=Filters(petition=petition))
    assert AuditLog.objects.get(action=AuditLog.Action.EXPORT).rows == 3


# --- Past a sheet's rows -------------------------------------------------------------

SHEETS_COLUMNS = ["name", "country"]


def sign_twelve(petition, monkeypatch):
    """Twelve signatures, five rows to a sheet: the export's data rows, in order."""
    monkeypatch.setattr("petition.exports.writers.XLSX_MAX_ROWS", 5)
    for n in range(12):
        ConfirmedSignatureFactory(petition=petition, name=f"Signer {n:02}", country=["HK", "TW"][n % 2])
    return [[f"Signer {n:02}", ["HK", "TW"][n % 2]] for n in range(12)]


def export_in_sheets(petition):
    data = export_bytes(filters=Filters(petition=petition), columns=SHEETS_COLUMNS, format="xlsx")
    return read_sheets(data)


def assert_split_five_five_two(sheets, expected):
    assert list(sheets) == ["Signatures", "Signatures 2", "Signatures 3"]
    header = ["name", "country code"]
    assert [rows[0] for rows in sheets.values()] == [header] * 3
    assert [len(rows) - 1 for rows in sheets.values()] == [5, 5, 2]
    assert [row for rows in sheets.values() for row in rows[1:]] == expected, "none lost, none twice"


def test_an_xlsx_export_past_a_sheets_rows_continues_on_further_sheets(petition, monkeypatch):
    expected = sign_twelve(petition, monkeypatch)
    monkeypatch.setattr("petition.exports.run.can_copy", lambda *args: False)

    assert_split_five_five_two(export_in_sheets(petition), expected)


@on_postgresql
def test_the_database_continues_on_further_sheets_too(petition, monkeypatch):
    expected = sign_twelve(petition, monkeypatch)
    monkeypatch.setattr("petition.exports.run.write_xlsx", python_path_taken)

    sheets = export_in_sheets(petition)

    assert_split_five_five_two(sheets, expected)
    assert AuditLog.objects.get().rows == 12


def test_a_workbook_that_fills_its_sheets_exactly_has_no_empty_one(petition, monkeypatch):
    expected = sign_twelve(petition, monkeypatch)
    monkeypatch.setattr("petition.exports.writers.XLSX_MAX_ROWS", 4)

    sheets = export_in_sheets(petition)

    assert [len(rows) - 1 for rows in sheets.values()] == [4, 4, 4]
    assert [row for rows in sheets.values() for row in rows[1:]] == expected


def test_an_empty_workbook_has_one_sheet_with_its_header(petition):
    assert list(export_in_sheets(petition).values()) == [[["name", "country code"]]]


@pytest.mark.parametrize("block_size", [1, 7, 50, 10_000])
def test_the_database_rows_go_on_the_next_sheet_wherever_copy_cuts_its_blocks(block_size):
    """COPY hands over blocks of whole or cut lines: a sheet ends after its last line."""
    lines = b"".join(
        f'<row r="{n % 5 + 2}"><c r="A{n % 5 + 2}"><v>{n}</v></c></row>\n'.encode() for n in range(12)
    )
    blocks = (lines[i : i + block_size] for i in range(0, len(lines), block_size))

    sheets = read_sheets(b"".join(copy_xlsx(["n"], blocks, 5)))

    assert [[row[0] for row in rows] for rows in sheets.values()] == [
        ["n", 0, 1, 2, 3, 4],
        ["n", 5, 6, 7, 8, 9],
        ["n", 10, 11],
    ]


@pytest.mark.parametrize("path", ["python", pytest.param("copy", marks=on_postgresql)])
def test_csv_keeps_every_row_in_one_file_whatever_a_sheet_holds(petition, monkeypatch, path):
    expected = sign_twelve(petition, monkeypatch)
    if path == "python":
        monkeypatch.setattr("petition.exports.run.can_copy", lambda *args: False)
    else:
        monkeypatch.setattr("petition.exports.run.write_csv", python_path_taken)

    rows = read_csv(export_bytes(filters=Filters(petition=petition), columns=SHEETS_COLUMNS))

    assert rows == [["name", "country code"], *expected]
