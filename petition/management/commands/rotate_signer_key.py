from django.core.management.base import BaseCommand, CommandError

from core.crypto import UndecryptableError
from petition.signer_data import BATCH, signatures_reencrypt


class Command(BaseCommand):
    help = (
        "Re-encrypt every signature's email and contact with the first key of SIGNER_DATA_KEY "
        "(and encrypt any still in clear), in batches. Safe to run again: rows already with "
        "the first key are left alone. Then the older keys can be removed from SIGNER_DATA_KEY."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", type=int, default=BATCH, help=f"Rows per transaction (default {BATCH})."
        )

    def handle(self, *args, batch, verbosity, **options):
        if batch < 1:
            raise CommandError("--batch must be at least 1.")

        def progress(counts):
            if verbosity > 1:
                self.stdout.write(f"{counts.rows} signatures read…")

        try:
            counts = signatures_reencrypt(batch=batch, progress=progress)
        except UndecryptableError as exc:
            raise CommandError(
                f"{exc} Put every key still in use in SIGNER_DATA_KEY (the new one first) and run "
                "this again: the batches done so far are kept."
            ) from None
        self.stdout.write(
            f"{counts.rows} signatures read: {counts.rotated} re-encrypted with the current key, "
            f"{counts.encrypted} encrypted (found in clear), {counts.current} already current or empty, "
            f"{counts.changed_meanwhile} changed meanwhile and left as they are, "
            f"{counts.duplicates} found in clear with the address of another signature."
        )
        if counts.duplicate_ids:
            ids = ", ".join(map(str, counts.duplicate_ids))
            self.stdout.write(
                f"Those signed twice while the previous release was still answering: both rows are "
                f"kept, the one found in clear without the hash of its address. Review them in the admin "
                f"(signatures {ids}) and invalidate the one not wanted."
            )
