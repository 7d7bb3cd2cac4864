"""Confirmed-signature counts, served from the cache, costing only what is new.

A page view never counts rows. The figures are refreshed at most every
COUNTS_REFRESH_SECONDS: by the task worker, asked by whichever request finds them stale
(one at a time, under a cache lock), while the others are served the previous ones. A
refresh adds to the petition's stored tally (petition/models/tally.py) the signatures
confirmed since its mark, up to COUNTS_SETTLE_SECONDS ago, and moves the mark on; the
last few seconds are counted on top without being stored, so a signer finds themselves
counted at once. Its cost follows the signatures confirmed since the last refresh, not
the total (the UK Parliament petitions site counts the same way).

Withdrawals, invalidations and reinstatements adjust the tally by their own rows. What
could still drift (a confirmation committed after the mark had passed its time) is
corrected by the full recount every COUNTS_RECOUNT_SECONDS (`recount_counts`, read from
the replica when there is one fresh enough), which logs and records any difference.
"""

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.tasks import task, task_backends
from django.tasks.backends.immediate import ImmediateBackend

from core.replica import read_alias, replica_reads
from petition.models import PaperBatch, PaperSignature, Petition, PetitionTally, Signature
from petition.models.tally import by_country

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Counts:
    """`total` is every signature the petition counts: confirmed online ones (by
    country in `by_country`) and `paper` ones (counted batches, checked sheets)."""

    total: int
    by_country: dict = field(default_factory=dict)
    updated: datetime | None = None
    paper: int = 0
    # The tally's mark when they were read: those confirmed since were counted on top.
    tallied_until: datetime | None = None

    @property
    def online(self):
        return self.total - self.paper

    def progress(self, goal):
        """Percent of the goal reached, 0–100."""
        if not goal:
            return 100
        return min(100, int(self.total * 100 / goal))


COUNTS_TASK_PRIORITY = 50
INLINE_ADVANCE_SECONDS = 60


def _key(petition_id):
    # Holds the Counts alone: their `updated` time says how old they are. A name of its
    # own for this shape of value: a process of the previous release, still serving
    # while this one is deployed, reads its own.
    return f"petition:{petition_id}:counts:3"


def confirmed_between(petition, after=None, upto=None, *, using=DEFAULT_DB_ALIAS):
    """{country: signatures} confirmed after `after` (exclusive) and up to `upto`
    (inclusive), either open: a range of the index signature_confirmed_since alone."""
    rows = Signature.objects.using(using).counted().filter(petition=petition)
    if after is not None:
        rows = rows.filter(confirmed_at__gt=after)
    if upto is not None:
        rows = rows.filter(confirmed_at__lte=upto)
    return by_country(rows)


def advance_tally(petition, *, now=None):
    """Add to the petition's tally the signatures confirmed since its mark and up to
    COUNTS_SETTLE_SECONDS before `now`, and move the mark there. The first time, that
    is every signature. One refresher at a time: another finding the tally locked
    leaves it to the one holding it. Returns the tally."""
    now = now or datetime.now(UTC)
    upto = now - timedelta(seconds=settings.COUNTS_SETTLE_SECONDS)
    tally, _ = PetitionTally.objects.get_or_create(petition=petition)
    with transaction.atomic():
        locked = PetitionTally.objects.select_for_update(skip_locked=True).filter(petition=petition).first()
        if locked is None:
            return tally
        if locked.counted_until is None or upto > locked.counted_until:
            locked.add(confirmed_between(petition, locked.counted_until, upto))
            locked.counted_until = upto
            locked.save(update_fields=["by_country", "counted_until"])
        return locked


def read_counts(petition, *, now=None):
    """The counts from the tally as stored, with the signatures confirmed since its mark
    on top, and the paper ones: two queries, nothing written (before the first refresh,
    the second counts every signature)."""
    now = now or datetime.now(UTC)
    tallied, mark, paper = (
        _with_paper_count(Petition.objects.filter(pk=petition.pk))
        .values_list("tally__by_country", "tally__counted_until", "paper")
        .get()
    )
    online = Counter(tallied or {})
    online.update(confirmed_between(petition, mark))
    countries = {country: n for country, n in sorted(online.items()) if n}
    return Counts(
        total=sum(countries.values()) + paper,
        by_country=countries,
        updated=now,
        paper=paper,
        tallied_until=mark,
    )


def _with_paper_count(petitions):
    """Annotates `paper`: the counts of count-only batches and the rows of checked sheets."""
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
    return petitions.annotate(paper=Coalesce(Subquery(tallied), 0) + Coalesce(Subquery(typed), 0))


def paper_count(petition, *, using=DEFAULT_DB_ALIAS):
    """Signatures on paper, in one query."""
    return (
        _with_paper_count(Petition.objects.using(using).filter(pk=petition.pk))
        .values_list("paper", flat=True)
        .get()
    )


def compute_counts(petition, *, now=None):
    """The counts now: the tally brought up to date, with the last seconds on top."""
    now = now or datetime.now(UTC)
    advance_tally(petition, now=now)
    return read_counts(petition, now=now)


def refresh_counts(petition, *, advance=True):
    """Store the counts as they are now in the cache: with the tally brought up to date
    first, or (`advance` False, as a page view may) only read."""
    counts = compute_counts(petition) if advance else read_counts(petition)
    cache.set(_key(petition.pk), counts, timeout=None)
    return counts


def _tally_and_recount(petition, alias):
    """The tally as stored and every signature up to its mark counted again, read in one
    snapshot of `alias` (so the two agree but for drift): a REPEATABLE READ transaction
    on PostgreSQL (unless an enclosing one chose its level), a read transaction on SQLite."""
    connection = connections[alias]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=alias):
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        tally = PetitionTally.objects.using(alias).filter(petition=petition).first()
        if tally is None or tally.counted_until is None:
            return None, None
        return tally, confirmed_between(petition, upto=tally.counted_until, using=alias)


def recount_counts(petition, *, now=None):
    """Count every confirmed signature again and correct the tally by any difference.

    The tally and the recount of everything up to its mark are read in one snapshot
    (of the replica when there is one fresh enough); their difference is what had
    drifted by then, and is added to the tally as it is now, under its lock. Returns
    the correction {country: n}, empty when the tally was right."""
    now = now or datetime.now(UTC)
    with replica_reads():
        stored, recounted = _tally_and_recount(petition, read_alias())
    if stored is None:
        advance_tally(petition, now=now)
        return {}
    correction = Counter(recounted)
    correction.subtract(stored.by_country)
    correction = {country: n for country, n in sorted(correction.items()) if n}
    with transaction.atomic():
        tally = PetitionTally.objects.select_for_update().get(petition=petition)
        tally.recounted_at = now
        fields = ["recounted_at"]
        if correction:
            tally.add(correction)
            tally.corrected_at = now
            tally.correction = correction
            fields += ["by_country", "corrected_at", "correction"]
            largest = sorted(correction.items(), key=lambda item: -abs(item[1]))
            logger.warning(
                "Full recount of %s corrected the tally by %+d (%s%s)",
                petition.slug,
                sum(correction.values()),
                ", ".join(f"{country or '-'} {n:+d}" for country, n in largest[:8]),
                ", …" if len(largest) > 8 else "",
            )
        tally.save(update_fields=fields)
    if correction:
        refresh_counts(petition)
    return correction


@task
def recount_counts_task(petition_id=None):
    """The periodic full recount (PERIODIC_TASKS): every petition's, or one's."""
    petitions = Petition.objects.all()
    if petition_id is not None:
        petitions = petitions.filter(pk=petition_id)
    for petition in petitions:
        recount_counts(petition)


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

    Stale figures are served while the worker refreshes them: no page view waits for
    it. If the worker seems stopped (figures a minute old), or tasks run in the request,
    one request at a time reads them afresh (the tally and what was confirmed since its
    mark), and moves the mark on itself when it is over INLINE_ADVANCE_SECONDS old: what
    a page view reads stays a minute's signatures, never the total.
    """
    max_age = getattr(settings, "COUNTS_REFRESH_SECONDS", 5)
    counts = cache.get(_key(petition.pk))
    if counts is None:  # a cold cache: read, without writing or waiting on a lock
        counts = refresh_counts(petition, advance=False)
        if counts.tallied_until is None and cache.add(_key(petition.pk) + ":lock", 1, timeout=30):
            # No tally yet: the worker makes it (the first one counts every signature).
            refresh_counts_task.using(priority=COUNTS_TASK_PRIORITY).enqueue(petition.pk)
        return counts
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
        counts = refresh_counts(petition, advance=False)
        mark = counts.tallied_until
        if mark is None or (counts.updated - mark).total_seconds() > INLINE_ADVANCE_SECONDS:
            counts = refresh_counts(petition)
        return counts
    finally:
        cache.delete(_key(petition.pk) + ":lock")
