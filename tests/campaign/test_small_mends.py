"""Small things people noticed: each mended, each kept."""

import pytest
from django.template import Context, Template

from campaign.models import ContactMessage
from dashboard.worldmap import buckets, legend
from petition.counts import Counts
from tests.factories import SuperUserFactory

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_the_sites_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert "/static/img/favicon" in response["Location"]
    assert "public" in response["Cache-Control"]


def test_the_admin_header_is_the_campaigns(client):
    client.force_login(SuperUserFactory())
    html = client.get("/admin/").content.decode()
    assert "Django administration" not in html
    assert "Stop Repression in Hong Kong" in html


def test_a_long_name_wraps_inside_the_admin_signature_list(client):
    client.force_login(SuperUserFactory())
    html = client.get("/admin/petition/signature/").content.decode()
    assert "css/admin-lists" in html


def test_an_empty_country_in_a_contact_message_shows_a_dash_not_the_list_separator(client):
    ContactMessage.objects.create(
        name="Ada", email="ada@example.org", subject="other", message="Hi", country=""
    )
    client.force_login(SuperUserFactory())
    html = client.get("/admin/campaign/contactmessage/").content.decode()
    assert "──" not in html


@pytest.mark.parametrize(("total", "step"), [(0, 0), (1, 1), (200, 1), (500, 5), (10_000, 100)])
def test_a_little_progress_shows_as_a_sliver_not_an_empty_bar(total, step):
    html = Template("{% load site_tags %}{{ counts|progress_step:10000 }}").render(
        Context({"counts": Counts(total=total)})
    )
    assert html == str(step)


def test_the_map_legend_reads_in_round_numbers():
    counts = {"HK": 1, "GB": 3, "US": 10, "CA": 12, "AU": 16, "TW": 140, "DE": 2300}
    assert [(low, high) for _colour, low, high in legend(buckets(counts))] == [
        (1, 5),
        (6, 10),
        (11, 20),
        (21, 200),
        (201, 5000),
    ]


def test_the_map_no_longer_asks_a_finger_to_point(client, petition):
    from tests.factories import ConfirmedSignatureFactory

    ConfirmedSignatureFactory(petition=petition, country="GB")
    html = client.get("/en/petition/signatures/").content.decode()
    assert "Point at a country to see its number." not in html
