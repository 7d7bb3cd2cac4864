"""How many confirmed signatures each partner brought: a stored figure the pages read.

A page view never counts rows for it. The periodic job `refresh_partner_counts` (every
PARTNER_COUNTS_SECONDS, or `manage.py refresh_counts` from cron) counts them with one
GROUP BY over the partial index of partners' confirmed signatures and stores the
result, with the time it was taken, in the cache with no expiry. On a cold cache (a
new deployment, a flushed Redis) a page shows no figure and asks the worker for one,
once per PARTNER_COUNTS_SECONDS.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.tasks import task
from django.utils import timezone

from petition.models import Petition, Signature


def _key(petition_id):
    return f"petition:{petition_id}:partner-counts:2"


def compute_partner_counts(petition):
    """{partner id: confirmed signatures it brought} for `petition`, from the rows."""
    rows = (
        Signature.objects.counted()
        .filter(petition=petition, partner__isnull=False)
        .values_list("partner")
        .annotate(n=Count("*"))
        .order_by()
    )
    return dict(rows)


def refresh_partner_counts(petition):
    counts = compute_partner_counts(petition)
    cache.set(_key(petition.pk), {"counts": counts, "at": timezone.now()}, timeout=None)
    return counts


@task
def refresh_partner_counts_task(petition_id=None):
    """Store every petition's partner counts (or one petition's)."""
    petitions = Petition.objects.all()
    if petition_id is not None:
        petitions = petitions.filter(pk=petition_id)
    for petition in petitions:
        refresh_partner_counts(petition)


def partner_counts(petition):
    """{partner id: confirmed signatures it brought} as last stored, or None when none is."""
    stored = cache.get(_key(petition.pk))
    if stored is not None:
        return stored["counts"]
    if cache.add(_key(petition.pk) + ":asked", 1, timeout=settings.PARTNER_COUNTS_SECONDS):
        refresh_partner_counts_task.enqueue(petition.pk)
        stored = cache.get(_key(petition.pk))  # there already when tasks run in the request
    return stored["counts"] if stored is not None else None
