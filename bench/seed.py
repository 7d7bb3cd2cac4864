"""Fill the bench database: the demo content, 50 articles and N confirmed signatures.

    python bench/seed.py --base                 # demo content + 50 articles, no signatures
    python bench/seed.py --signatures 1000000   # add N confirmed signatures (PostgreSQL)

The signatures are written by PostgreSQL itself with one INSERT … SELECT over
generate_series per batch: no row crosses the wire, so a million rows take about
a minute with every index of the table in place. Columns the bench does not care
about take the model field's default, so the script follows the model as it grows.
Each address is encrypted as the site encrypts it (a Fernet token with the first key
of SIGNER_DATA_KEY, written by pgcrypto) and its canonical form hashed with
SIGNER_HASH_KEY, so the site reads the seeded rows as its own.
Prints one JSON object with the timings.
"""

import argparse
import base64
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django_countries import countries  # noqa: E402

from articles.models import Article  # noqa: E402
from petition.counts import recount_counts  # noqa: E402
from petition.models import Petition, Signature  # noqa: E402

ARTICLES = 50
# A Fernet token (https://github.com/fernet/spec) made by PostgreSQL with pgcrypto: version
# 0x80, the time, a random IV, the AES-128-CBC ciphertext, then an HMAC-SHA256 of all
# that, in URL-safe base64. core/crypto.py reads it like a token it made.
FERNET_SQL = r"""
CREATE FUNCTION pg_temp.fernet(plain text, signing bytea, encryption bytea) RETURNS text AS $$
    SELECT translate(encode(body || hmac(body, signing, 'sha256'), 'base64'), E'+/\n', '-_')
    FROM (
        SELECT '\x80'::bytea || int8send(extract(epoch FROM now())::bigint) || iv
            || encrypt_iv(convert_to(plain, 'UTF8'), encryption, iv, 'aes-cbc/pad:pkcs') AS body
        FROM (SELECT gen_random_bytes(16) AS iv) AS fresh
    ) AS token
$$ LANGUAGE sql VOLATILE
"""
BATCH = 250_000
# Where signers come from: Hong Kong first, then the diaspora, then everyone else.
MAIN_COUNTRIES = ["HK", "GB", "TW", "CA", "AU", "US", "DE", "IE", "NL", "FR"]
FAMILY = ["Chan", "Lee", "Wong", "Cheung", "Lau", "Ng", "Smith", "Jones", "Müller", "Nguyễn"]
GIVEN = ["Tai Man", "Siu Ming", "Ka Yan", "Alice", "Ben", "Chloé", "Dmitri", "Ewa", "Farah", "Gus"]
CHINESE = ["陳大文", "李小明", "黃家欣", "張志強", "林美玲", "王建國", "吳詠詩", "劉子軒"]
PARAGRAPH = (
    "<p>Trade unionists, students and journalists in Hong Kong face prison for what they say and "
    "write. Solidarity from abroad matters: it tells them they are not forgotten and tells the "
    "authorities that the world is watching.</p>"
)
PARAGRAPH_ZH = "<p>香港的工會成員、學生和記者因言論和寫作而面臨牢獄之災。來自海外的聲援很重要。</p>"


def countries_list(n=100):
    codes = [code for code, _name in countries]
    rest = [c for c in codes if c not in MAIN_COUNTRIES]
    step = max(1, len(rest) // (n - len(MAIN_COUNTRIES)))
    return MAIN_COUNTRIES + rest[::step][: n - len(MAIN_COUNTRIES)]


def seed_base():
    """Demo content (site settings, demands, the current petition), no signature, 50 articles."""
    started = time.monotonic()
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    petition = Petition.objects.current()
    Signature.objects.filter(petition=petition).delete()
    existing = set(Article.objects.filter(slug__startswith="bench-").values_list("slug", flat=True))
    for i in range(ARTICLES):
        slug = f"bench-article-{i:02d}"
        if slug in existing:
            continue
        article = Article(
            slug=slug,
            title_en=f"Solidarity news number {i}: the trials go on",
            title_zh_hant=f"聲援消息第{i}號：審訊繼續",
            summary_en="What happened this week, and what you can do.",
            summary_zh_hant="本週發生了甚麼，你可以做甚麼。",
            body_en=PARAGRAPH * 12,
            body_zh_hant=PARAGRAPH_ZH * 12,
            byline="Bench desk",
            status=Article.Status.PUBLISHED,
        )
        article.save()
    return {
        "petition": petition.slug,
        "articles": Article.objects.published().count(),
        "seconds": round(time.monotonic() - started, 2),
    }


def _expressions(petition_id, total):
    """SQL expression (with its parameters) for each Signature column, in terms of g (1…N)."""
    codes = countries_list()
    main = f"(ARRAY[{','.join(['%s'] * len(codes))}])[1 + ((g / 10) %% {len(codes)})]"
    created = "(%s::timestamptz + g * %s::interval)"
    span_seconds = 60 * 86400 / max(total, 1)
    start = "2026-01-01T00:00:00Z"
    family = f"(ARRAY[{','.join(['%s'] * len(FAMILY))}])"
    given = f"(ARRAY[{','.join(['%s'] * len(GIVEN))}])"
    chinese = f"(ARRAY[{','.join(['%s'] * len(CHINESE))}])"
    listed = "g %% 10 <> 0"
    address = "('seed' || g || '@example.org')"
    key = base64.urlsafe_b64decode(settings.SIGNER_DATA_KEY[0])
    expressions = {
        "petition": ("%s", [petition_id]),
        "kind": ("CASE WHEN g %% 97 = 0 THEN 'organisation' ELSE 'individual' END", []),
        "name": (
            f"CASE WHEN g %% 4 = 0 THEN {chinese}[1 + (g / 4) %% {len(CHINESE)}] "
            f"ELSE {given}[1 + g %% {len(GIVEN)}] || ' ' || {family}[1 + (g / 7) %% {len(FAMILY)}] END",
            CHINESE + GIVEN + FAMILY,
        ),
        "email": (f"pg_temp.fernet({address}, %s, %s)", [key[:16], key[16:]]),
        "email_canonical": (
            f"encode(hmac(convert_to({address}, 'UTF8'), %s, 'sha256'), 'hex')",
            [settings.SIGNER_HASH_KEY.encode()],
        ),
        "email_domain": ("'example.org'", []),
        # Three signers in ten from Hong Kong, the rest spread over ~100 countries.
        "country": (f"CASE WHEN g %% 10 < 3 THEN 'HK' ELSE {main} END", codes),
        "display": ("CASE g %% 10 WHEN 0 THEN 'unlisted' WHEN 1 THEN 'initials' ELSE 'full' END", []),
        "state": ("'confirmed'", []),
        "created_at": (created, [start, f"{span_seconds} seconds"]),
        "confirmed_at": (f"{created} + interval '7 minutes'", [start, f"{span_seconds} seconds"]),
        "consent_public_at": (f"CASE WHEN {listed} THEN {created} END", [start, f"{span_seconds} seconds"]),
        "consent_version": ("'seed'", []),
        "language": ("(ARRAY['en','zh-hant','zh-hans'])[1 + g %% 3]", []),
    }
    columns, sql, params = [], [], []
    for field in Signature._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.name in expressions:
            expression, values = expressions[field.name]
            sql.append(expression)
            params.extend(values)
        else:
            sql.append("%s")
            params.append(field.get_db_prep_save(field.get_default(), connection))
    return columns, sql, params


def seed_signatures(total):
    """Add `total` confirmed signatures to the current petition, in batches of 250,000."""
    if connection.vendor != "postgresql":
        raise SystemExit("Seeding signatures needs PostgreSQL (it uses generate_series).")
    petition = Petition.objects.current()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM petition_signature WHERE email_domain = 'example.org'")
        already = cursor.fetchone()[0]
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pgcrypto")
        cursor.execute(FERNET_SQL)
    columns, sql, params = _expressions(petition.pk, total)
    table = connection.ops.quote_name(Signature._meta.db_table)
    started = time.monotonic()
    done = already
    while done < total:
        upper = min(total, done + BATCH)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SET LOCAL statement_timeout = 0")
            cursor.execute(
                # Column names come from the model, values are parameters.
                f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
                f"SELECT {', '.join(sql)} FROM generate_series(%s, %s) AS g",
                [*params, done + 1, upper],
            )
        done = upper
        print(f"{done:,} signatures… ({time.monotonic() - started:.0f} s)", file=sys.stderr)
    inserted = time.monotonic() - started
    # A loaded table is vacuumed and analysed before it is read, as autovacuum would do:
    # fresh statistics for the planner, a visibility map for index-only scans.
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
        cursor.execute(f"VACUUM (ANALYZE) {table}")
        cursor.execute("RESET statement_timeout")
    total_seconds = time.monotonic() - started
    # Rows written here, not through the site: the full recount brings the petition's
    # tally to them (as `manage.py refresh_counts` would after an import).
    recount_started = time.monotonic()
    recount_counts(petition)
    return {
        "tally_seconds": round(time.monotonic() - recount_started, 1),
        "signatures": total,
        "added": total - already,
        "insert_seconds": round(inserted, 1),
        "vacuum_analyze_seconds": round(total_seconds - inserted, 1),
        "seconds": round(total_seconds, 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", action="store_true", help="Demo content and 50 articles, no signature.")
    parser.add_argument("--signatures", type=int, default=0, help="Confirmed signatures to reach.")
    args = parser.parse_args()
    report = {}
    if args.base:
        report["base"] = seed_base()
    if args.signatures:
        report["signatures"] = seed_signatures(args.signatures)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
