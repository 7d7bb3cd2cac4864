"""The count for other sites: JSON with CORS, and an embeddable counter page."""

import json

import pytest
from django.core.cache import cache

from petition.counts import petition_counts
from petition.models import Signature
from tests.factories import ConfirmedSignatureFactory, PendingSignatureFactory, PetitionFactory

pytestmark = pytest.mark.django_db


def test_the_json_gives_slug_count_goal_countries_and_time(client, petition):
    ConfirmedSignatureFactory.create_batch(2, petition=petition, country="HK")
    ConfirmedSignatureFactory(petition=petition, country="GB")
    PendingSignatureFactory(petition=petition, country="GB")
    response = client.get("/api/petition.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    data = response.json()
    assert set(data) == {"slug", "signatures", "goal", "by_country", "updated", "paper"}
    assert data["slug"] == petition.slug
    assert data["signatures"] == 3
    assert data["goal"] == petition.goal
    assert data["by_country"] == {"GB": 1, "HK": 2}
    assert data["updated"]


def test_another_petition_by_slug(client, petition):
    other = PetitionFactory(slug="students", goal=500)
    ConfirmedSignatureFactory(petition=other)
    data = client.get("/api/petition/students.json").json()
    assert (data["slug"], data["signatures"], data["goal"]) == ("students", 1, 500)
    assert client.get("/api/petition/nope.json").status_code == 404


def test_the_json_has_a_query_budget(client, petition, django_assert_max_num_queries):
    ConfirmedSignatureFactory.create_batch(3, petition=petition)
    client.get("/api/petition.json")  # the first view asks for the petition's tally to be made
    # The petition and (read afresh in tests) the counts: the tally with those on paper,
    # and the signatures confirmed since its mark.
    with django_assert_max_num_queries(3):
        client.get("/api/petition.json")


def test_the_counts_are_served_from_the_cache_between_refreshes(
    client, petition, settings, django_assert_max_num_queries
):
    settings.COUNTS_REFRESH_SECONDS = 60
    client.get("/api/petition.json")
    ConfirmedSignatureFactory(petition=petition)
    with django_assert_max_num_queries(1):
        assert client.get("/api/petition.json").json()["signatures"] == 0, "cached"
    call_refresh(petition)
    assert client.get("/api/petition.json").json()["signatures"] == 1


def call_refresh(petition):
    from django.core.management import call_command

    call_command("refresh_counts", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_refresh_counts_command_reports_each_petition(petition, capsys):
    from io import StringIO

    from django.core.management import call_command

    ConfirmedSignatureFactory.create_batch(2, petition=petition)
    out = StringIO()
    call_command("refresh_counts", stdout=out)
    assert f"{petition.slug}: 2" in out.getvalue()
    cache.clear()
    assert petition_counts(petition).total == 2


def test_no_name_ever_reaches_the_json(client, petition):
    ConfirmedSignatureFactory(petition=petition, name="<script>alert(1)</script>")
    body = client.get("/api/petition.json").content.decode()
    assert "<script>" not in body
    assert "alert" not in body
    json.loads(body)


def test_withdrawn_and_invalidated_signatures_are_not_counted(client, petition):
    ConfirmedSignatureFactory(petition=petition)
    ConfirmedSignatureFactory(petition=petition, state=Signature.State.WITHDRAWN)
    ConfirmedSignatureFactory(petition=petition, state=Signature.State.INVALIDATED)
    assert client.get("/api/petition.json").json()["signatures"] == 1


def test_the_embed_page_may_be_framed_by_any_site(client, petition):
    ConfirmedSignatureFactory(petition=petition)
    response = client.get("/en/petition/embed/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert "progress-bar" in html
    assert "?via=embed" in html
    assert 'target="_blank"' in html


def test_other_pages_still_refuse_framing(client, petition):
    response = client.get("/en/petition/")
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_no_page_uses_inline_scripts_or_styles(client, petition, sign):
    ConfirmedSignatureFactory(petition=petition)
    sign()
    for url in [
        "/en/petition/",
        "/en/petition/signatures/",
        "/en/petition/embed/",
        "/en/petition/check-your-inbox/",
        "/en/petition/thank-you/",
    ]:
        html = client.get(url).content.decode()
        assert " style=" not in html, url
        for chunk in html.split("<script")[1:]:
            assert chunk.lstrip().startswith("src="), url
