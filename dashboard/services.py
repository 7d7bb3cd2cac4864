"""The dashboard's verbs that queue work for the task worker."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from dashboard import digest
from dashboard.models import PetitionStats
from dashboard.tasks import refresh_stats, send_digest


def stats_refresh_if_stale(petition):
    """Queue a refresh for the task worker when the petition's figures are older than
    DASHBOARD_REFRESH_SECONDS (once per period, whoever asks). Returns the PetitionStats row
    (None before the first refresh)."""
    max_age = timedelta(seconds=settings.DASHBOARD_REFRESH_SECONDS)
    stats = PetitionStats.objects.filter(petition=petition).first()
    if stats is not None and stats.refreshed_at and timezone.now() - stats.refreshed_at < max_age:
        return stats
    if cache.add(f"dashboard:refresh:{petition.pk}", 1, timeout=settings.DASHBOARD_REFRESH_SECONDS):
        refresh_stats.enqueue(petition_id=petition.pk)
        # The immediate backend (development, tests) has refreshed them already.
        stats = PetitionStats.objects.filter(petition=petition).first()
    return stats


def digest_queue(*, day):
    """Queue a digest for `day` for every subscriber. Returns how many were queued."""
    subscriptions = digest.digest_subscriptions()
    for subscription in subscriptions:
        send_digest.enqueue(subscription_id=subscription.pk, day=day.isoformat())
    return len(subscriptions)
