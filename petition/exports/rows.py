"""Which signatures an export covers (`Filters`), and reading them in constant memory."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import connections, transaction
from django.utils import timezone

from petition.exports.columns import SOURCE_EXPRESSIONS, row_builder, sources_of
from petition.models import Petition, Signature

CHUNK_SIZE = 2000


@dataclass
class Filters:
    """Which signatures an export covers. Withdrawn and invalidated only by name."""

    petition: Petition | None = None
    states: tuple = (Signature.State.CONFIRMED,)
    country: str = ""
    kind: str = ""
    since: date | datetime | None = None

    def apply(self, queryset):
        queryset = queryset.filter(state__in=list(self.states))
        if self.petition is not None:
            queryset = queryset.filter(petition=self.petition)
        if self.country:
            queryset = queryset.filter(country=self.country.upper())
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        if self.since:
            queryset = queryset.filter(created_at__gte=self.since_datetime())
        return queryset

    def signatures(self):
        """The signatures these filters select."""
        return self.apply(Signature.objects.all())

    def since_datetime(self):
        since = self.since
        if isinstance(since, datetime):
            return since if timezone.is_aware(since) else timezone.make_aware(since)
        return timezone.make_aware(datetime.combine(since, time.min))

    def as_details(self):
        return {
            "petition": self.petition.slug if self.petition else None,
            "states": [str(state) for state in self.states],
            "country": self.country or None,
            "kind": self.kind or None,
            "since": self.since.isoformat() if self.since else None,
        }

    def to_json(self):
        """What a background export stores to rebuild these filters (`from_json`)."""
        return {**self.as_details(), "petition": self.petition.pk if self.petition else None}

    @classmethod
    def from_json(cls, data):
        petition = Petition.objects.get(pk=data["petition"]) if data.get("petition") else None
        since = data.get("since")
        if since:
            since = datetime.fromisoformat(since) if "T" in since else date.fromisoformat(since)
        return cls(
            petition=petition,
            states=tuple(data.get("states") or (Signature.State.CONFIRMED,)),
            country=data.get("country") or "",
            kind=data.get("kind") or "",
            since=since or None,
        )


def iter_rows(queryset, columns):
    """The export's rows, read in chunks on one consistent snapshot."""
    sources = sources_of(columns)
    annotations = {source: SOURCE_EXPRESSIONS[source] for source in sources if source in SOURCE_EXPRESSIONS}
    build = row_builder(columns, sources)
    queryset = queryset.annotate(**annotations).order_by("pk")
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        # SQLite reads a snapshot anyway, and a transaction there would take the write lock.
        values = queryset.values_list(*sources).iterator(chunk_size=CHUNK_SIZE)
        try:
            for row in values:
                yield build(row)
        finally:
            values.close()
        return
    if connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS"):
        # Behind a transaction pooler: no server-side cursor, so pages by key, in one
        # REPEATABLE READ transaction (one snapshot, on the primary or a replica).
        outermost = not connection.in_atomic_block
        with transaction.atomic(using=queryset.db):
            if outermost:  # an enclosing transaction has chosen its own level
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            last = None
            while True:
                page = queryset if last is None else queryset.filter(pk__gt=last)
                chunk = list(page.values_list("pk", *sources)[:CHUNK_SIZE])
                for row in chunk:
                    yield build(row[1:])
                if len(chunk) < CHUNK_SIZE:
                    return
                last = chunk[-1][0]
    values = queryset.values_list(*sources).iterator(chunk_size=CHUNK_SIZE)
    # A transaction lets the server-side cursor stream without being materialised
    # (WITH HOLD) and gives one snapshot.
    with transaction.atomic(using=queryset.db):
        try:
            for row in values:
                yield build(row)
        finally:
            # Close the server-side cursor while its transaction is still open: left to
            # the garbage collector, closing it would fail and break the transaction.
            values.close()
