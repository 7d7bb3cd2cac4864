"""The admin's export download page and export actions: who may, what they get, the log."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from petition.models import AuditLog
from tests.factories import (
    ConfirmedSignatureFactory,
    InvalidatedSignatureFactory,
    PendingSignatureFactory,
    StaffUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_login_throttling(settings):
    # Login throttling records each login with the client's address; a test login has none.
    settings.AXES_ENABLED = False


@pytest.fixture
def organiser(db):
    return StaffUserFactory(username="organiser", groups=["Organisers"])


@pytest.fixture
def editor(db):
    return StaffUserFactory(username="editor", groups=["Editors"])


def export_url():
    return reverse("admin:petition_signature_export")


def download(client, petition, **data):
    form = {"petition": petition.pk, "format": "csv", "states": ["confirmed"], "columns": ["name", "country"]}
    return client.post(export_url(), {**form, **data})


def read_csv(response):
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_anonymous_visitors_are_sent_to_log_in(client, petition):
    response = client.get(export_url())
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    response = download(client, petition)
    assert response.status_code == 302
    assert not AuditLog.objects.exists()


def test_a_signed_in_non_staff_user_is_sent_to_log_in(client, petition):
    client.force_login(UserFactory())
    assert client.get(export_url()).status_code == 302


def test_editors_are_refused(client, editor, petition):
    ConfirmedSignatureFactory(petition=petition)
    client.force_login(editor)
    assert client.get(export_url()).status_code == 403
    assert download(client, petition).status_code == 403
    assert not AuditLog.objects.exists()


def test_organisers_get_the_form_and_the_file(client, organiser, petition):
    ConfirmedSignatureFactory(petition=petition, name="陳大文", country="HK")
    ConfirmedSignatureFactory(petition=petition, name='=HYPERLINK("http://evil")', country="TW")
    client.force_login(organiser)

    assert client.get(export_url()).status_code == 200
    response = download(client, petition)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert read_csv(response)[1:] == [["陳大文", "HK"], ['\'=HYPERLINK("http://evil")', "TW"]]


def test_the_download_applies_the_forms_filters(client, organiser, petition):
    ConfirmedSignatureFactory(petition=petition, name="Hong Kong", country="HK")
    ConfirmedSignatureFactory(petition=petition, name="Taiwan", country="TW")
    PendingSignatureFactory(petition=petition, name="Pending HK", country="HK")
    InvalidatedSignatureFactory(petition=petition, name="Invalid HK", country="HK")
    client.force_login(organiser)

    rows = read_csv(download(client, petition, country="HK", states=["confirmed", "pending"]))

    assert sorted(row[0] for row in rows[1:]) == ["Hong Kong", "Pending HK"]


def test_the_download_in_excel(client, organiser, petition):
    ConfirmedSignatureFactory(petition=petition, name="@SUM(1)", country="HK")
    client.force_login(organiser)

    response = download(client, petition, format="xlsx")

    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert [list(row) for row in workbook.active.iter_rows(values_only=True)][1] == ["'@SUM(1)", "HK"]


def test_the_download_is_logged_with_who_what_and_how_many(client, organiser, petition):
    ConfirmedSignatureFactory.create_batch(2, petition=petition, country="HK")
    client.force_login(organiser)

    b"".join(download(client, petition, country="HK", since="2020-01-01").streaming_content)

    log = AuditLog.objects.get(action=AuditLog.Action.EXPORT)
    assert (log.user, log.petition, log.rows) == (organiser, petition, 2)
    assert log.details["filters"] == {
        "petition": petition.slug,
        "states": ["confirmed"],
        "country": "HK",
        "kind": None,
        "since": "2020-01-01",
    }
    assert log.details["columns"] == ["name", "country"]
    assert log.details["via"] == "admin download"


def test_an_invalid_form_downloads_nothing(client, organiser, petition):
    client.force_login(organiser)
    response = download(client, petition, columns=["name", "ip_hash"])
    assert response.status_code == 200
    assert response.context["form"].errors["columns"]
    assert not AuditLog.objects.exists()


def test_the_form_starts_from_the_lists_filters(client, organiser, petition):
    client.force_login(organiser)
    response = client.get(export_url() + "?country=TW&state__exact=pending&kind__exact=organisation")
    form = response.context["form"]
    assert (form["country"].value(), form["states"].value(), form["kind"].value()) == (
        "TW",
        ["pending"],
        "organisation",
    )


# --- the export actions in the signature list ---------------------------------------------


def test_the_export_action_downloads_the_selected_signatures(client, organiser, petition):
    chosen = ConfirmedSignatureFactory(petition=petition, name="Chosen")
    ConfirmedSignatureFactory(petition=petition, name="Not chosen")
    withdrawn_or_invalid = InvalidatedSignatureFactory(petition=petition, name="Invalid")
    client.force_login(organiser)

    response = client.post(
        reverse("admin:petition_signature_changelist"),
        {"action": "export_csv", "_selected_action": [chosen.pk, withdrawn_or_invalid.pk]},
    )

    rows = read_csv(response)
    assert [row[0] for row in rows[1:]] == ["Chosen"]
    log = AuditLog.objects.get(action=AuditLog.Action.EXPORT)
    assert (log.user, log.rows, log.details["via"]) == (organiser, 1, "admin action")


def test_export_actions_are_offered_only_with_the_export_permission(client, petition):
    from django.contrib.auth.models import Permission

    moderator = StaffUserFactory(username="moderator")
    moderator.user_permissions.set(
        Permission.objects.filter(codename__in=["view_signature", "change_signature"])
    )
    signature = ConfirmedSignatureFactory(petition=petition)
    client.force_login(moderator)

    page = client.get(reverse("admin:petition_signature_changelist")).content.decode()
    assert 'value="export_csv"' not in page and 'value="hide"' in page
    assert export_url() not in page
    response = client.post(
        reverse("admin:petition_signature_changelist"),
        {"action": "export_csv", "_selected_action": [signature.pk]},
    )
    assert not hasattr(response, "streaming_content")
    assert not AuditLog.objects.exists()


def test_an_excel_download_larger_than_a_sheet_continues_on_the_next(
    client, organiser, petition, monkeypatch
):
    monkeypatch.setattr("petition.exports.writers.XLSX_MAX_ROWS", 2)
    ConfirmedSignatureFactory.create_batch(3, petition=petition)
    client.force_login(organiser)

    response = download(client, petition, format="xlsx")

    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert workbook.sheetnames == ["Signatures", "Signatures 2"]
    assert [len(list(workbook[name].iter_rows())) for name in workbook.sheetnames] == [3, 2]
    assert AuditLog.objects.get().rows == 3
