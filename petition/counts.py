"""Confirmed-signature counts, served from the cache.

A page view never counts rows. The totals are recomputed from the database at
most every COUNTS_REFRESH_SECONDS by whichever request finds them stale (one at a
time, under a cache lock); the others are served the previous figures meanwhile.
Recomputing from the rows, rather than keeping a counter row updated per
signature, means the figures cannot drift and no row is fought over.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.tasks import task, task_backends
from django.tasks.backends.immediate import ImmediateBackend

from core.replica import read_alias, replica_reads, snapshot_time
from petition.models import PaperBatch, PaperSignature, Petition, Signature


@dataclass(frozen=True)
class Counts:
    """`total` is every signature the petition counts: confirmed online ones (by
    country in `by_country`) and `paper` ones (counted batches, checked sheets)."""

    total: int
    by_country: dict = field(default_factory=dict)
    updated: datetime | None = None
    paper: int = 0

    @property
    def online(self):
        return self.total - self.paper

    def progress(self, goal):
        """Percent of the goal reached, 0–100."""
        if not goal:
            return 100
        return min(100, int(self.total * 100 / goal))


COUNTS_TASK_PRIORITY = 50


def _key(petition_id):
    # Holds the Counts alone: their `updated` time says how old they are. A name of its
    # own for this shape of value: a process of the previous release, still serving
    # while this one is deployed, reads its own.
    return f"petition:{petition_id}:counts:2"


def compute_counts(petition):
    """The counts from the rows: from the read replica when there is one that is fresh
    enough, and then as old as its lag (core/replica.py)."""
    with replica_reads():
        alias = read_alias()
        rows = (
            Signature.objects.using(alias)
            .counted()
            .filter(petition=petition)
            .values_list("country")
            .annotate(n=Count("*"))  # COUNT(*): an index-only scan of signature_counted
            .order_by()
        )
        by_country = {str(country): n for country, n in rows}
        paper = paper_count(petition, using=alias)
    return Counts(
        total=sum(by_country.values()) + paper,
        by_country=by_country,
        updated=snapshot_time(alias),
        paper=paper,
    )


def paper_count(petition, *, using=DEFAULT_DB_ALIAS):
    """Signatures on paper, in one query: the counts of count-only batches and the rows
    of checked sheets."""
    tallied = (
        PaperBatch.objects.filter(petition=OuterRef("pk"), kind=PaperBatch.Kind.COUNT)
        .values("petition")
        .annotate(n=Sum("count"))
        .values("n")
    )
    typed = (
        PaperSignature.objects.counted()
        .filter(sheet__batch__petition=OuterRef("pk"))
        .values("sheet__batch__petition")
        .annotate(n=Count("*"))
        .values("n")
    )
    tallied_n, typed_n = (
        Petition.objects.using(using)
        .filter(pk=petition.pk)
        .annotate(tallied=Coalesce(Subquery(tallied), 0), typed=Coalesce(Subquery(typed), 0))
        .values_list("tallied", "typed")
        .get()
    )
    return tallied_n + typed_n


def refresh_counts(petition):
    counts = compute_counts(petition)
    cache.set(_key(petition.pk), counts, timeout=None)
    return counts


def _background_tasks():
    """True when tasks run on a worker (not inside the request)."""
    return not isinstance(task_backends["default"], ImmediateBackend)


@task
def refresh_counts_task(petition_id):
    try:
        petition = Petition.objects.get(pk=petition_id)
        refresh_counts(petition)
    finally:
        cache.delete(_key(petition_id) + ":lock")


def petition_counts(petition):
    """The petition's counts, at most COUNTS_REFRESH_SECONDS old (plus the worker's delay).

    Stale figures are served while the worker recounts: no page view waits for a
    count. If the worker seems stopped (figures a minute old), the request recounts.
    """
    max_age = getattr(settings, "COUNTS_REFRESH_SECONDS", 5)
    counts = cache.get(_key(petition.pk))
    if counts is None:
        return refresh_counts(petition)
    age = (datetime.now(UTC) - counts.updated).total_seconds()
    if age < max_age:
        return counts
    if not cache.add(_key(petition.pk) + ":lock", 1, timeout=30):
        return counts
    if _background_tasks() and age < max(60, 12 * max_age):
        # Ahead of the emails: in a surge thousands of them can be queued, and the
        # counts would otherwise wait behind them.
        refresh_counts_task.using(priority=COUNTS_TASK_PRIORITY).enqueue(petition.pk)
        return counts
    try:
        return refresh_counts(petition)
    finally:
        cache.delete(_key(petition.pk) + ":lock")
