"""What a count refresh costs at the seeded total, against counting every signature again.

    python bench/tally.py [--new 100] [--rounds 5]

Run by bench/runner.py after seeding (or by hand with the bench's DATABASE_URL). Each
round adds `--new` confirmed signatures (copies of seeded rows) and times
`advance_tally`: the refresh the task worker runs, which reads only what was confirmed
since the tally's mark. The rounds run on a clock of their own, a minute apart in the
future, so each finds exactly its new rows past the settling seconds. Then times
`recount_counts`: the full recount that corrects drift (hourly by default), which reads
every signature. Last, the tally is made again from nothing as a new deployment makes
it (its mark back at the real time). Prints one JSON object: the medians in milliseconds.
"""

import argparse
import json
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from petition import counts  # noqa: E402
from petition.models import Petition, PetitionTally, Signature  # noqa: E402


def add_confirmed(petition, n, moment):
    """`n` copies of seeded signatures confirmed at `moment` (no address: no duplicate)."""
    fields = [f for f in Signature._meta.concrete_fields if not f.primary_key]
    fresh = {"email_canonical": "NULL", "created_at": "%(moment)s", "confirmed_at": "%(moment)s"}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    values = ", ".join(fresh.get(f.name, connection.ops.quote_name(f.column)) for f in fields)
    table = connection.ops.quote_name(Signature._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {values} FROM {table} "  # noqa: S608
            "WHERE petition_id = %(petition)s AND state = 'confirmed' ORDER BY id LIMIT %(n)s",
            {"moment": moment, "petition": petition.pk, "n": n},
        )


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    function(*args, **kwargs)
    return (time.perf_counter() - started) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--new", type=int, default=100, help="Signatures confirmed between refreshes.")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    petition = Petition.objects.current()
    counts.advance_tally(petition)  # the mark up to now, as the worker keeps it
    settle = timedelta(seconds=settings.COUNTS_SETTLE_SECONDS + 1)
    refreshes = []
    for minute in range(1, args.rounds + 1):
        moment = datetime.now(UTC) + timedelta(minutes=minute)
        add_confirmed(petition, args.new, moment)
        refreshes.append(timed(counts.advance_tally, petition, now=moment + settle))
    recounts, corrections = [], {}
    for _ in range(max(1, args.rounds // 2)):
        started = time.perf_counter()
        corrections.update(counts.recount_counts(petition))
        recounts.append((time.perf_counter() - started) * 1000)
    tally = PetitionTally.objects.get(petition=petition)
    PetitionTally.objects.filter(petition=petition).delete()
    first = timed(counts.advance_tally, petition)
    print(
        json.dumps(
            {
                "signatures": tally.total,
                "new_per_refresh": args.new,
                "refresh_ms": round(statistics.median(refreshes), 1),
                "refresh_ms_all": [round(x, 1) for x in refreshes],
                "recount_ms": round(statistics.median(recounts), 1),
                "corrected": corrections,
                "first_tally_ms": round(first, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
