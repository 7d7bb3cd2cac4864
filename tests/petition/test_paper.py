"""Signatures on paper: a stall's count, or sheets typed in and checked by a second
Organiser; in the total as "on paper", apart on the dashboard and in the API, and on
the wall only when the signer ticked "List my name"."""

import pytest
from django.urls import reverse

from petition.counts import petition_counts
from petition.models import PaperBatch, PaperSheet, PaperSignature
from tests.factories import ConfirmedSignatureFactory, StaffUserFactory

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def organisers(settings):
    settings.AXES_ENABLED = False
    return StaffUserFactory(groups=["Organisers"]), StaffUserFactory(groups=["Organisers"])


def typed_sheet(petition, typist, rows, number=1):
    batch = PaperBatch.objects.create(
        petition=petition, place="Belfast stall", collected_on="2026-11-28", kind="rows", entered_by=typist
    )
    sheet = PaperSheet.objects.create(batch=batch, number=number, entered_by=typist)
    for name, listed in rows:
        PaperSignature.objects.create(
            sheet=sheet, name=name, email="x@example.org", country="GB", listed=listed
        )
    return sheet


def test_a_counted_batch_is_in_the_total_as_on_paper_and_in_the_api(client, petition):
    ConfirmedSignatureFactory.create_batch(2, petition=petition)
    PaperBatch.objects.create(
        petition=petition, place="Trafalgar Square", collected_on="2026-11-28", count=37
    )
    counts = petition_counts(petition)
    assert (counts.total, counts.paper, counts.online) == (39, 37, 2)
    data = client.get("/api/petition.json").json()
    assert data["signatures"] == 39 and data["paper"] == 37
    assert set(data) >= {"slug", "signatures", "goal", "by_country", "updated", "paper"}
    assert "including 37 on paper" in client.get("/en/petition/").content.decode()


def test_a_typed_sheet_counts_only_once_a_second_person_checked_it(petition, organisers):
    typist, checker = organisers
    sheet = typed_sheet(petition, typist, [("Mary Lou", False), ("Sean Byrne", False)])
    assert petition_counts(petition).paper == 0
    assert not sheet.confirm(typist), "its typist cannot check it"
    assert sheet.confirm(checker)
    assert not sheet.confirm(checker), "once"
    from petition.counts import refresh_counts

    assert refresh_counts(petition).paper == 2


def test_typed_rows_are_on_the_wall_only_when_the_sheet_says_so(client, petition, organisers):
    typist, checker = organisers
    sheet = typed_sheet(petition, typist, [("Listed Signer", True), ("Private Signer", False)])
    html = client.get("/en/petition/signatures/").content.decode()
    assert "Listed Signer" not in html, "not before it is checked"
    sheet.confirm(checker)
    html = client.get("/en/petition/signatures/").content.decode()
    assert "Listed Signer" in html
    assert "Private Signer" not in html


def test_the_admin_confirm_action_refuses_the_typist_and_accepts_another_organiser(
    client, petition, organisers
):
    typist, checker = organisers
    sheet = typed_sheet(petition, typist, [("A B", False)])
    url = reverse("admin:petition_papersheet_changelist")
    client.force_login(typist)
    client.post(url, {"action": "confirm", "_selected_action": [sheet.pk]})
    sheet.refresh_from_db()
    assert sheet.confirmed_at is None
    client.force_login(checker)
    client.post(url, {"action": "confirm", "_selected_action": [sheet.pk]})
    sheet.refresh_from_db()
    assert sheet.confirmed_by == checker
    assert petition_counts(petition).paper == 1


def test_an_organiser_enters_a_count_in_the_admin_and_the_dashboard_shows_it_apart(
    client, petition, organisers
):
    organiser, _other = organisers
    client.force_login(organiser)
    response = client.post(
        reverse("admin:petition_paperbatch_add"),
        {
            "petition": petition.pk,
            "place": "Student union fair",
            "country": "GB",
            "collected_on": "2026-11-20",
            "kind": "count",
            "count": "120",
            "sheets-TOTAL_FORMS": "0",
            "sheets-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = PaperBatch.objects.get()
    assert batch.entered_by == organiser
    assert petition_counts(petition).paper == 120


def test_a_count_only_batch_needs_a_positive_count(petition):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        PaperBatch.objects.create(
            petition=petition, place="x", collected_on="2026-11-20", kind="count", count=0
        )


def test_the_dashboard_shows_paper_signatures_apart(client, petition, organisers):
    PaperBatch.objects.create(petition=petition, place="Stall", collected_on="2026-11-28", count=4321)
    client.force_login(organisers[0])
    html = client.get(reverse("admin:dashboard_petitionstats_changelist")).content.decode()
    assert "On paper" in html and "4,321" in html
