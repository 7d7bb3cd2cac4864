"""The petition's reads shared by its pages and its API: the wall page by page, and the counts.

The wall is read with keyset pagination: each kind of signature from the partial
index on (petition, kind, confirmed_at, id), from a cursor on, so that page 10,000
costs what page 1 costs. The counts come from petition/counts.py's cache, never
from counting rows for a page view.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django_countries import countries

from core.countries import name_sort_key
from petition.counts import petition_counts
from petition.models import Signature

WALL_PAGE_SIZE = 50
# What the wall shows of a signature, and nothing more.
WALL_FIELDS = (
    "kind",
    "name",
    "display",
    "country",
    "city",
    "title",
    "comment",
    "comment_approved",
    "published_logo",
    "logo_approved",
    "confirmed_at",
)
# Organisations first, then people.
WALL_KINDS = (Signature.Kind.ORGANISATION, Signature.Kind.INDIVIDUAL)

_CURSOR = re.compile(r"^([io])(\d{1,19})-(\d{1,19})$")
_KIND_LETTER = {Signature.Kind.ORGANISATION: "o", Signature.Kind.INDIVIDUAL: "i"}
_LETTER_KIND = {v: k for k, v in _KIND_LETTER.items()}


@dataclass(frozen=True)
class Cursor:
    """Where a wall page starts: after this (kind, confirmed_at, id)."""

    kind: str
    confirmed_at: datetime
    id: int

    @classmethod
    def parse(cls, value):
        """A cursor from the URL, or None for anything malformed (the first page)."""
        match = _CURSOR.match(value or "")
        if not match:
            return None
        letter, micros, pk = match.groups()
        try:
            moment = datetime.fromtimestamp(int(micros) / 1_000_000, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
        moment = moment.replace(microsecond=int(micros) % 1_000_000)
        return cls(kind=_LETTER_KIND[letter], confirmed_at=moment, id=int(pk))

    @classmethod
    def after(cls, signature):
        return cls(kind=signature.kind, confirmed_at=signature.confirmed_at, id=signature.pk)

    def __str__(self):
        moment = self.confirmed_at.astimezone(UTC)
        micros = int(moment.replace(microsecond=0).timestamp()) * 1_000_000 + moment.microsecond
        return f"{_KIND_LETTER[self.kind]}{micros}-{self.id}"


def search_min_length(query):
    """Two characters for a Chinese name (陳文), three otherwise.

    A shorter search matches almost nothing useful and, with no match, makes the
    database read the whole wall index (about a second at a million signatures).
    """
    return 2 if any("\u3400" <= ch <= "\u9fff" for ch in query) else 3


def wall_after_close(petition):
    """How the wall lists signers: "keep" while the petition is open (or not yet open),
    WALL_AFTER_CLOSE once it has closed ("keep", "initials" or "hide")."""
    return settings.WALL_AFTER_CLOSE if petition.is_closed else "keep"


def wall_signatures(petition, *, country="", query=""):
    """The signatures the wall of `petition` shows: of one country, or whose name as
    shown in full contains `query` (initials are never searched), if given."""
    signatures = Signature.objects.named() if query else Signature.objects.on_wall()
    signatures = signatures.filter(petition=petition).only(*WALL_FIELDS)
    if country:
        signatures = signatures.filter(country=country)
    if query:
        signatures = signatures.filter(name__icontains=query)
    return signatures


@dataclass(frozen=True)
class WallPage:
    rows: list
    next_cursor: Cursor | None

    @property
    def organisations(self):
        return [s for s in self.rows if s.kind == Signature.Kind.ORGANISATION]

    @property
    def people(self):
        return [s for s in self.rows if s.kind == Signature.Kind.INDIVIDUAL]


def wall_page(signatures, cursor=None, size=None):
    """One page of the wall, organisations then people, newest first, from `cursor` on.

    At most one query per kind, each reading its index from the cursor on.
    """
    size = size or WALL_PAGE_SIZE
    rows = []
    kinds = WALL_KINDS[WALL_KINDS.index(cursor.kind) :] if cursor else WALL_KINDS
    for kind in kinds:
        part = signatures.filter(kind=kind)
        if cursor and cursor.kind == kind:
            part = part.filter(confirmed_at__lte=cursor.confirmed_at).exclude(
                confirmed_at=cursor.confirmed_at, id__gte=cursor.id
            )
        rows.extend(part.order_by("-confirmed_at", "-id")[: size + 1 - len(rows)])
        if len(rows) > size:
            break
    if len(rows) > size:
        rows = rows[:size]
        return WallPage(rows=rows, next_cursor=Cursor.after(rows[-1]))
    return WallPage(rows=rows, next_cursor=None)


def countries_by_signatures(counts):
    """(code, name, signatures) for each country with signatures, most first, then by name."""
    return sorted(
        ((code, countries.name(code), n) for code, n in counts.by_country.items() if code),
        key=lambda item: (-item[2], name_sort_key(item[1])),
    )


def counts_payload(petition):
    """The petition's counts as the JSON API gives them."""
    counts = petition_counts(petition)
    return {
        "slug": petition.slug,
        "signatures": counts.total,
        "goal": petition.goal_for(counts.total),
        "by_country": dict(sorted(counts.by_country.items())),
        # Added after the others: of "signatures", those collected on paper.
        "paper": counts.paper,
        "updated": counts.updated.isoformat() if counts.updated else None,
    }
