"""The daily aggregates always add up to what the signatures table says."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dashboard.models import DailySignatureStats, PetitionStats
from dashboard.stats import figures_for, stats_refresh
from petition.counts import compute_counts
from petition.models import AuditLog, Signature
from tests.factories import ConfirmedSignatureFactory

pytestmark = pytest.mark.django_db


def raw(petition, **filters):
    return Signature.objects.filter(petition=petition, **filters)


def assert_equal_to_raw(petition):
    rows = DailySignatureStats.objects.for_petition(petition)
    totals = rows.totals()
    assert totals["signed"] == raw(petition).count()
    for state in ("confirmed", "pending", "withdrawn", "invalidated"):
        assert totals[state] == raw(petition, state=state).count(), state
    assert totals["hidden"] == raw(petition, state="confirmed", hidden=True).count()
    assert dict(rows.split_by("country")) == compute_counts(petition).by_country
    for dimension in ("language", "kind", "via"):
        expected = dict(
            raw(petition, state="confirmed").values_list(dimension).annotate(n=Count("id")).order_by()
        )
        assert dict(rows.split_by(dimension)) == expected, dimension
    per_day = {}
    for signature in raw(petition, state="confirmed"):
        day = timezone.localdate(signature.confirmed_at)
        per_day[day] = per_day.get(day, 0) + 1
    assert {day: c["confirmed"] for day, c in rows.by_day() if c["confirmed"]} == per_day


def test_a_full_refresh_equals_the_raw_counts_of_a_seeded_history(history):
    stats_refresh(full=True)

    assert_equal_to_raw(history)
    stats = PetitionStats.objects.get(petition=history)
    assert stats.full_refreshed_at is not None
    assert stats.pending_stuck == 3  # signed 1, 2 and 3 days ago, still pending


def test_hidden_signatures_still_count_toward_the_total(history):
    stats_refresh(full=True)

    figures = figures_for(history)
    assert figures.totals["hidden"] > 0
    assert figures.total == compute_counts(history).total


def test_an_incremental_refresh_catches_new_signatures_and_old_withdrawals(history):
    stats_refresh(full=True)
    PetitionStats.objects.filter(petition=history).update(refreshed_at=timezone.now() - timedelta(hours=1))
    ConfirmedSignatureFactory(petition=history, country="FR", via="telegram")
    old = raw(history, state="confirmed").order_by("confirmed_at").first()
    Signature.objects.filter(pk=old.pk).update(state="withdrawn", withdrawn_at=timezone.now())

    done = stats_refresh(petition=history)

    assert done[history.pk] != "full"
    assert done[history.pk] <= timezone.localdate(old.confirmed_at)
    assert_equal_to_raw(history)


def test_a_moderation_since_the_last_run_recomputes_everything(history):
    stats_refresh(full=True)
    PetitionStats.objects.filter(petition=history).update(refreshed_at=timezone.now() - timedelta(hours=1))
    hidden = raw(history, state="confirmed", hidden=False).order_by("confirmed_at").first()
    Signature.objects.filter(pk=hidden.pk).update(hidden=True)  # hidden_at left empty
    AuditLog.objects.create(action=AuditLog.Action.HIDE, petition=history, rows=1)

    assert stats_refresh(petition=history)[history.pk] == "full"
    assert_equal_to_raw(history)


def test_the_full_recompute_corrects_drift(history):
    stats_refresh(full=True)
    DailySignatureStats.objects.filter(petition=history).update(confirmed=0, hidden=0)
    Signature.objects.filter(petition=history, state="pending").delete()

    out = StringIO()
    call_command("refresh_stats", "--full", stdout=out)

    assert "every day" in out.getvalue()
    assert_equal_to_raw(history)


def test_the_dashboard_figures_have_every_day_up_to_today(history):
    stats_refresh(full=True)

    figures = figures_for(history)

    assert figures.days[-1][0] == timezone.localdate()
    first = timezone.localdate(raw(history).earliest("created_at").created_at)
    assert figures.days[0][0] == first
    assert len(figures.days) == (timezone.localdate() - first).days + 1
    assert figures.cumulative[-1] == figures.total
    assert 0 < figures.confirmation_rate < 100


def test_refresh_stats_command_refreshes_one_petition_by_slug(history):
    out = StringIO()
    call_command("refresh_stats", "--petition", history.slug, stdout=out)

    assert f"petition {history.pk}" in out.getvalue()
    assert_equal_to_raw(history)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_the_recent_days_refresh_reads_no_signature_it_does_not_need(history):
    """Every five minutes at any total: each read of the signatures is served by an index
    (with sequential scans priced out, none is left), so it costs what changed lately."""
    petition = history
    stats_refresh(petition=petition)
    with CaptureQueriesContext(connection) as captured:
        stats_refresh(petition=petition)
    reads = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT") and "petition_signature" in q["sql"]
    ]
    assert reads
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE petition_signature")
        cursor.execute("SET LOCAL enable_seqscan = off")
        for sql in reads:
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Seq Scan on petition_signature" not in plan, (sql, plan)
