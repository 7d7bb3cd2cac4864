"""Tasks for the worker: keeping the dashboard's figures up to date and sending the digest."""

from datetime import date, timedelta

from django.tasks import task

from core.tasks import retry_later
from dashboard import digest, stats
from petition.models import Petition
from updates import milestones


@task
def refresh_stats(petition_id=None, full=False):
    """Recompute the daily aggregates of one petition (or all): the recent days, or everything."""
    petition = Petition.objects.filter(pk=petition_id).first() if petition_id else None
    if petition_id and petition is None:
        return "skipped"
    done = stats.stats_refresh(petition=petition, full=full)
    # The day each rung of a goal ladder was passed, with its draft update.
    milestones.record_milestones()
    return {str(pk): str(since) for pk, since in done.items()}


@task
def queue_digests():
    """Yesterday's digest for every organiser who asked for it (the worker's morning job);
    each is sent once per day however often this runs."""
    stats.stats_refresh()
    day = (stats.today() - timedelta(days=1)).isoformat()
    subscriptions = digest.digest_subscriptions()
    for subscription in subscriptions:
        send_digest.enqueue(subscription_id=subscription.pk, day=day)
    return len(subscriptions)


@task
def send_digest(subscription_id, day, attempt=0):
    """One organiser's digest for `day` (ISO date); a second run for the same day sends nothing.
    A mail server that failed is tried again later, with the back-off of every email."""
    outcome = digest.digest_send(subscription_id=subscription_id, day=date.fromisoformat(day))
    if outcome == "failed":
        retry_later(send_digest, attempt, subscription_id, day)
    return outcome
