"""Signers' personal data at rest: every encrypted value brought to the current key.

`Signature.email`, `contact_person` and `contact_role` are encrypted (core/crypto.py) and
`email_canonical` holds a keyed hash of the canonical address. `signatures_reencrypt`
(`manage.py rotate_signer_key`, and migration 0011 for the rows from before encryption)
goes through every signature in batches of primary keys, each in its own transaction:

- a value encrypted with an older key of SIGNER_DATA_KEY is re-encrypted with the first;
- a value already encrypted with the first key is left as it is, so a second run writes
  nothing;
- a value in clear (every row before migration 0011; a row the previous release wrote
  while this one was being deployed) is encrypted, and a canonical address still in
  clear is replaced with the hash of its canonical form as this release computes it
  (`email_hash`, the hash by which the site finds a signature).

A row is written only if it still holds what was read: a withdrawal that erased it
meanwhile wins. The hash key does not rotate, so no hash changes here.

The previous release, still answering while the migration ran, looked addresses up in
clear and so could not see a signature the new release had stored under its hash: the
same address may then have signed twice, once in clear, once hashed. Both rows are
kept. The one found in clear is encrypted all the same, but stored without a hash
(one signature per address and petition is the database's rule), and the run reports
it (`duplicates`) for a moderator to look at; it stays out of no count by itself.
"""

from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction
from django.db.models import ExpressionWrapper, F, TextField

from core.crypto import EncryptedMixin, reencrypt
from core.db import update_if_unchanged
from petition.addresses import email_hash
from petition.models import Signature

BATCH = 1000


@dataclass
class Reencrypted:
    """What a run found, in rows: `rotated` (re-encrypted with the first key), `encrypted`
    (found in clear), `current` (already with the first key, or empty), `changed_meanwhile`
    (left to whoever changed it since it was read), `duplicates` (found in clear with the
    address of another signature of the petition: kept, without a hash; their ids in
    `duplicate_ids`)."""

    rows: int = 0
    rotated: int = 0
    encrypted: int = 0
    current: int = 0
    changed_meanwhile: int = 0
    duplicates: int = 0
    duplicate_ids: list = field(default_factory=list)

    @property
    def written(self):
        return self.rotated + self.encrypted - self.changed_meanwhile


def encrypted_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedMixin)]


def _row_outcome(outcomes):
    if "clear" in outcomes:
        return "encrypted"
    if "rotated" in outcomes:
        return "rotated"
    return "current"


def signatures_reencrypt(*, model=Signature, using=DEFAULT_DB_ALIAS, batch=BATCH, progress=None):
    """Bring every signature's encrypted values to the first key of SIGNER_DATA_KEY (see
    the module docstring). `progress(counts)` is called after each batch. Returns the counts."""
    fields = encrypted_fields(model)
    canonical = model._meta.get_field("email_canonical")
    columns = [f.column for f in fields] + [canonical.column]
    # The stored text, not what the fields make of it (they would decrypt it).
    raw = {f"raw_{n}": ExpressionWrapper(F(f.name), output_field=TextField()) for n, f in enumerate(fields)}
    counts = Reencrypted()
    last = 0
    while True:
        with transaction.atomic(using=using):
            rows = list(
                model.objects.using(using)
                .filter(pk__gt=last)
                .order_by("pk")
                .annotate(**raw)
                .values_list("pk", *raw, canonical.name)[:batch]
            )
            if not rows:
                return counts
            last = rows[-1][0]
            changes = []
            for pk, *before in rows:
                after, outcomes = [], []
                for value in before[:-1]:
                    value, outcome = reencrypt(value)
                    after.append(value)
                    outcomes.append(outcome)
                hashed = before[-1]
                if hashed and "@" in hashed:  # a canonical address in clear: a hash has no "@"
                    hashed = email_hash(hashed)
                    outcomes.append("clear")
                after.append(hashed)
                outcome = _row_outcome(outcomes)
                setattr(counts, outcome, getattr(counts, outcome) + 1)
                if outcome != "current":
                    changes.append((pk, before, after))
            written = _write(model, columns, changes, counts, using=using)
            counts.changed_meanwhile += len(changes) - written
            counts.rows += len(rows)
        if progress:
            progress(counts)


def _write(model, columns, changes, counts, *, using):
    """Write a batch's changes; returns how many rows were written. A hash another
    signature of the petition already holds (see the module docstring) fails the batch's
    statement: its rows are then written one by one, and a duplicate without its hash."""
    try:
        with transaction.atomic(using=using):
            return update_if_unchanged(model, columns, changes, using=using)
    except IntegrityError:
        pass
    written = 0
    for pk, before, after in changes:
        try:
            with transaction.atomic(using=using):
                written += update_if_unchanged(model, columns, [(pk, before, after)], using=using)
        except IntegrityError:
            unhashed = [*after[:-1], None]
            done = update_if_unchanged(model, columns, [(pk, before, unhashed)], using=using)
            written += done
            if done:
                counts.duplicates += 1
                counts.duplicate_ids.append(pk)
    return written
