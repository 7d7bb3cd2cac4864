"""Keeping the daily aggregates equal to the signatures, and reading them for the dashboard.

`stats_refresh` recomputes, per petition, the days that may have changed since
the last run: always today and yesterday, and back to the earliest signing or
confirmation day of any signature touched since then (signed, confirmed,
withdrawn, invalidated or hidden). A moderation action since the last run, or
`full=True`, recomputes the whole history, which also corrects any drift (a row
deleted, a flag changed without a timestamp). The counts are GROUP BY queries
done by the task worker or a command: a dashboard page never counts signatures.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, Min, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from dashboard.models import COUNT_FIELDS, DailySignatureStats, PetitionStats
from petition.models import AuditLog, Petition, Signature

logger = logging.getLogger(__name__)

DIMENSIONS = ("country", "language", "kind", "via")
# A signature written in a transaction that was still open at the last run has a
# timestamp a little before it: look back this far past the last run.
MARGIN = timedelta(minutes=15)
# Today and yesterday are always recomputed.
RECENT_DAYS = 2
STUCK_AFTER = timedelta(days=1)
MODERATION = [
    AuditLog.Action.HIDE,
    AuditLog.Action.UNHIDE,
    AuditLog.Action.CONFIRM,
    AuditLog.Action.INVALIDATE,
]

State = Signature.State

# column: (the timestamp that gives its day, which signatures it counts)
COLUMNS = {
    "signed": ("created_at", Q()),
    "confirmed": ("confirmed_at", Q(state=State.CONFIRMED)),
    "pending": ("created_at", Q(state=State.PENDING)),
    "withdrawn": ("withdrawn_at", Q(state=State.WITHDRAWN)),
    "invalidated": ("invalidated_at", Q(state=State.INVALIDATED)),
    "hidden": ("confirmed_at", Q(state=State.CONFIRMED, hidden=True)),
}


def local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def today():
    return timezone.localdate()


def compute_cells(petition, since=None):
    """{(day, country, language, kind, via): {column: count}} from the signatures, for the days
    from `since` (an aware datetime at a local midnight) on, or all days."""
    tz = timezone.get_current_timezone()
    cells = defaultdict(lambda: dict.fromkeys(COUNT_FIELDS, 0))
    for column, (stamp, condition) in COLUMNS.items():
        rows = (
            Signature.objects.filter(petition=petition)
            .filter(condition)
            # A state reached without its timestamp (older data) falls on the signing day.
            .annotate(at=Coalesce(stamp, "created_at"))
        )
        if since is not None:
            # `at >= since` spelled so that an index serves it (the timestamp's own, or
            # the signing time's for a state reached without one): the recent days cost
            # what happened in them, not a read of every signature.
            recent = Q(**{f"{stamp}__gte": since})
            if stamp != "created_at":
                recent |= Q(**{f"{stamp}__isnull": True, "created_at__gte": since})
            rows = rows.filter(recent)
        rows = (
            rows.annotate(stats_day=TruncDate("at", tzinfo=tz))
            .values_list("stats_day", *DIMENSIONS)
            .annotate(n=Count("id"))
            .order_by()
        )
        for day, country, language, kind, via, n in rows:
            cells[(day, str(country or ""), language or "", kind or "", via or "")][column] += n
    return cells


def _first_touched_day(petition, checkpoint):
    """The earliest day whose cells a change since `checkpoint` may have moved, or None."""
    # One query per way of being touched, each served by an index of its own (a row
    # confirmed since and then withdrawn is found by its withdrawal): an OR of them all
    # would read every signature.
    stamps = []
    for touched in (
        Q(created_at__gte=checkpoint),
        Q(state=State.CONFIRMED, confirmed_at__gte=checkpoint),
        Q(withdrawn_at__gte=checkpoint),
        Q(invalidated_at__gte=checkpoint),
        Q(hidden_at__gte=checkpoint),
    ):
        earliest = (
            Signature.objects.filter(petition=petition)
            .filter(touched)
            .aggregate(signed=Min("created_at"), confirmed=Min("confirmed_at"))
        )
        stamps += [value for value in earliest.values() if value is not None]
    return timezone.localdate(min(stamps)) if stamps else None


def _moderated_since(petition, checkpoint):
    return AuditLog.objects.filter(
        petition=petition, action__in=MODERATION, created_at__gte=checkpoint
    ).exists()


def stats_refresh(*, petition=None, full=False):
    """Bring the daily rows of one petition (or every petition) up to date.

    Returns {petition id: "full" or the first day recomputed}.
    """
    petitions = [petition] if petition is not None else list(Petition.objects.all())
    return {p.pk: _refresh_one(p, full=full) for p in petitions}


def _refresh_one(petition, *, full):
    now = timezone.now()
    with transaction.atomic():
        PetitionStats.objects.get_or_create(petition=petition)
        # The lock makes concurrent refreshes of one petition take turns.
        stats = PetitionStats.objects.select_for_update().get(petition=petition)
        since_day = None
        if not full and stats.refreshed_at is not None:
            checkpoint = stats.refreshed_at - MARGIN
            if not _moderated_since(petition, checkpoint):
                since_day = today() - timedelta(days=RECENT_DAYS - 1)
                touched = _first_touched_day(petition, checkpoint)
                if touched is not None:
                    since_day = min(since_day, touched)
        since = local_midnight(since_day) if since_day else None
        cells = compute_cells(petition, since)

        old = DailySignatureStats.objects.filter(petition=petition)
        if since_day is not None:
            old = old.filter(day__gte=since_day)
        old.delete()
        DailySignatureStats.objects.bulk_create(
            [
                DailySignatureStats(
                    petition=petition,
                    day=day,
                    country=country,
                    language=language,
                    kind=kind,
                    via=via,
                    **counts,
                )
                for (day, country, language, kind, via), counts in cells.items()
            ],
            batch_size=1000,
        )
        stats.pending_stuck = (
            Signature.objects.pending().filter(petition=petition, created_at__lt=now - STUCK_AFTER).count()
        )
        stats.refreshed_at = now
        if since_day is None:
            stats.full_refreshed_at = now
        stats.save()
    return "full" if since_day is None else since_day


# --- Reading --------------------------------------------------------------------------------


@dataclass
class Figures:
    """Everything the dashboard and the digest show about a petition, from the small tables."""

    petition: Petition
    refreshed_at: datetime | None
    pending_stuck: int
    days: list = field(default_factory=list)  # [(day, {column: n})], every day from first to today
    totals: dict = field(default_factory=dict)
    countries: list = field(default_factory=list)  # [(code, confirmed)]
    languages: list = field(default_factory=list)
    kinds: list = field(default_factory=list)
    channels: list = field(default_factory=list)

    @property
    def total(self):
        return self.totals.get("confirmed", 0)

    @property
    def cumulative(self):
        running, out = 0, []
        for _day, counts in self.days:
            running += counts["confirmed"]
            out.append(running)
        return out

    @property
    def progress(self):
        goal = self.petition.goal
        return 100 if not goal else min(100, int(self.total * 100 / goal))

    @property
    def confirmation_rate(self):
        """Percent confirmed among the signatures that are confirmed or still waiting."""
        confirmed = self.totals.get("confirmed", 0)
        base = confirmed + self.totals.get("pending", 0)
        return round(confirmed * 100 / base) if base else None

    def day(self, day):
        for d, counts in self.days:
            if d == day:
                return counts
        return dict.fromkeys(COUNT_FIELDS, 0)

    def last_days(self, n, column="confirmed"):
        return sum(counts[column] for _d, counts in self.days[-n:])


def _fill_days(rows, last):
    """Every day from the first row to `last`, zeros where nothing happened."""
    if not rows:
        return []
    by_day = dict(rows)
    first = rows[0][0]
    if isinstance(first, datetime):  # some backends return datetimes for dates in annotations
        by_day = {d.date(): c for d, c in by_day.items()}
        first = first.date()
    end = max(last, max(by_day))
    out, day = [], first
    while day <= end:
        out.append((day, by_day.get(day, dict.fromkeys(COUNT_FIELDS, 0))))
        day += timedelta(days=1)
    return out


def figures_for(petition, *, until: date | None = None, stats=False):
    """The dashboard's figures for a petition: a few small queries on the aggregate tables.
    `stats`: the petition's PetitionStats row when the caller has already read it."""
    if stats is False:
        stats = PetitionStats.objects.filter(petition=petition).first()
    rows = DailySignatureStats.objects.for_petition(petition)
    days = _fill_days(rows.by_day(), until or today())
    totals = dict.fromkeys(COUNT_FIELDS, 0)
    for _day, counts in days:
        for name in COUNT_FIELDS:
            totals[name] += counts[name]
    return Figures(
        petition=petition,
        refreshed_at=stats.refreshed_at if stats else None,
        pending_stuck=stats.pending_stuck if stats else 0,
        days=days,
        totals=totals,
        countries=rows.split_by("country"),
        languages=rows.split_by("language"),
        kinds=rows.split_by("kind"),
        channels=rows.split_by("via"),
    )


def day_figures(petition, day):
    """One day's counts for a petition, with its splits by country and channel (for the digest)."""
    rows = DailySignatureStats.objects.for_petition(petition).filter(day=day)
    return {
        "totals": rows.totals(),
        "countries": rows.split_by("country"),
        "channels": rows.split_by("via"),
    }
