"""The organisers' dashboard in the admin: who may see it, what it shows, what it costs."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import SiteSettings
from dashboard.labels import channel_label
from dashboard.models import DigestSubscription, PetitionStats
from dashboard.stats import stats_refresh
from petition.models import AuditLog
from tests.dashboard.conftest import CHANNELS
from tests.factories import ConfirmedSignatureFactory, PetitionFactory, SuperUserFactory
from updates.models import Milestone

pytestmark = pytest.mark.django_db

URL = "/admin/dashboard/petitionstats/"


def test_the_url_is_the_admin_one():
    assert reverse("admin:dashboard_petitionstats_changelist") == URL


def test_organisers_see_the_dashboard(client, organiser, history):
    client.force_login(organiser)

    response = client.get(URL)

    assert response.status_code == 200
    html = response.text
    for chart in ("daily_svg", "cumulative_svg", "countries_svg", "map_svg", "channels_svg", "kinds_svg"):
        assert response.context["charts"].get(chart), chart
    assert "<svg" in html and "<script>" not in html
    assert " style=" not in html.split("<body")[1]


def test_superusers_see_it_too(client, history):
    client.force_login(SuperUserFactory())
    assert client.get(URL).status_code == 200


def test_editors_are_refused(client, editor, history):
    client.force_login(editor)

    assert client.get(URL).status_code == 403
    assert client.post(URL + "digest/", {"enabled": "on", "language": "en"}).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client, history):
    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_admin_index_links_to_the_dashboard_for_organisers_only(client, organiser, editor):
    client.force_login(organiser)
    assert URL in client.get("/admin/").text
    client.force_login(editor)
    index = client.get("/admin/")
    assert index.status_code == 200
    assert URL not in index.text


def test_each_share_channel_has_its_share(client, organiser, history):
    stats_refresh(full=True)
    client.force_login(organiser)

    html = client.get(URL).text

    channels = dict(client.get(URL).context["charts"]["channels"])
    for via in CHANNELS:
        assert channel_label(via) in channels, via
        assert f"<title>{channel_label(via)}: " in html


def test_the_dashboard_reads_only_the_small_tables(client, organiser, history, django_assert_max_num_queries):
    stats_refresh(full=True)
    ConfirmedSignatureFactory.create_batch(5, petition=history)
    AuditLog.objects.create(action=AuditLog.Action.EXPORT, petition=history, rows=30, user=organiser)
    SiteSettings.get_solo()
    client.force_login(organiser)

    # 15, the paper signatures' count and the actions by country.
    with django_assert_max_num_queries(17) as queries:
        response = client.get(URL)

    assert response.status_code == 200
    assert not [q for q in queries.captured_queries if "petition_signature" in q["sql"]]
    assert "30" in response.text  # the export in the audit list


def test_stale_figures_are_refreshed_through_the_task_worker(client, organiser, history):
    stats_refresh(full=True)
    PetitionStats.objects.filter(petition=history).update(refreshed_at=timezone.now() - timedelta(hours=2))
    ConfirmedSignatureFactory(petition=history, country="FR")
    client.force_login(organiser)

    response = client.get(URL)  # the test settings run tasks at once

    assert ("FR", 1) in response.context["figures"].countries


def test_several_petitions_offer_a_choice(client, organiser, history):
    other = PetitionFactory(title_en="Free the 47")
    ConfirmedSignatureFactory(petition=other, country="CA")
    stats_refresh(full=True)
    client.force_login(organiser)

    response = client.get(URL, {"petition": other.pk})

    assert response.context["petition"] == other
    assert '<select name="petition"' in response.text
    assert response.context["figures"].countries == [("CA", 1)]


def test_organisers_turn_the_digest_on_in_their_language(client, organiser, history):
    client.force_login(organiser)

    response = client.post(URL + "digest/", {"enabled": "on", "language": "zh-hant", "petition": history.pk})

    assert response.status_code == 302
    subscription = DigestSubscription.objects.get(user=organiser)
    assert subscription.enabled and subscription.language == "zh-hant"
    client.post(URL + "digest/", {"language": "zh-hant"})
    subscription.refresh_from_db()
    assert not subscription.enabled


def test_refresh_now_recomputes(client, organiser, history):
    client.force_login(organiser)

    response = client.post(URL + "refresh/", {"petition": history.pk})

    assert response.status_code == 302
    assert PetitionStats.objects.get(petition=history).refreshed_at is not None


def test_the_dashboard_says_how_old_its_figures_are(client, organiser, history, settings):
    stats_refresh(full=True)
    PetitionStats.objects.filter(petition=history).update(refreshed_at=timezone.now() - timedelta(minutes=3))
    client.force_login(organiser)
    html = client.get(URL).content.decode()
    assert "(3\xa0minutes ago)" in html
    assert "is the task worker running?" not in html


def test_figures_older_than_the_schedule_allows_are_flagged(client, organiser, history, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # the refresh waits
    stats_refresh(full=True)
    PetitionStats.objects.filter(petition=history).update(refreshed_at=timezone.now() - timedelta(hours=1))
    client.force_login(organiser)
    html = client.get(URL).content.decode()
    assert "(1\xa0hour ago)" in html
    assert "is the task worker running?" in html


def test_the_running_total_marks_the_day_a_milestone_was_passed(client, organiser, history):
    Milestone.objects.create(petition=history, goal=10, reached_at=timezone.now() - timedelta(days=4))
    stats_refresh(full=True)
    client.force_login(organiser)

    response = client.get(URL, headers={"accept-language": "zh-hant"})

    svg = str(response.context["charts"]["cumulative_svg"])
    assert "突破 10" in svg
