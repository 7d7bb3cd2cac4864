"""Database helpers shared by the apps' maintenance verbs."""

from django.db import transaction

BATCH = 2000


def in_batches(queryset, action, *, batch=BATCH):
    """Run `action(pks)` on the matching rows, `batch` at a time, each batch in its own
    transaction. Returns the sum of what `action` returned (rows changed or deleted)."""
    done = 0
    while True:
        with transaction.atomic():
            pks = list(queryset.order_by("pk").values_list("pk", flat=True)[:batch])
            if not pks:
                return done
            done += action(pks)
