"""Export signatures to CSV, XLSX or JSON (docs/exports.md says what is exported).

manage.py export_signatures --format xlsx --country HK --output hk.xlsx
manage.py export_signatures --state confirmed --state pending --since 2026-01-01 > all.csv
"""

import os
import time
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from petition.exports.columns import COLUMNS, DEFAULT_COLUMNS, ExportError
from petition.exports.rows import Filters
from petition.exports.run import export_signatures
from petition.exports.writers import FORMATS
from petition.models import Petition, Signature


def owner_only(path):
    """`path` opened for writing, readable by its owner alone (0600) from its first byte,
    also when it was there before: an export holds every signer's address."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    return os.fdopen(descriptor, "wb")


class Command(BaseCommand):
    help = "Export signatures (confirmed ones unless --state says otherwise) as CSV, XLSX or JSON."

    def add_arguments(self, parser):
        parser.add_argument("--petition", metavar="SLUG", help="Petition slug (default: the current one).")
        parser.add_argument("--format", choices=sorted(FORMATS), default="csv")
        parser.add_argument(
            "--state",
            action="append",
            choices=Signature.State.values,
            help="Signature state; repeat for several (default: confirmed).",
        )
        parser.add_argument("--country", help="ISO country code, e.g. HK.")
        parser.add_argument("--kind", choices=Signature.Kind.values)
        parser.add_argument(
            "--since", type=date.fromisoformat, help="Signed on or after this date (YYYY-MM-DD)."
        )
        parser.add_argument(
            "--columns",
            help=f"Comma-separated columns among: {', '.join(c.key for c in COLUMNS)}. "
            f"Default: {','.join(DEFAULT_COLUMNS)}.",
        )
        parser.add_argument("--language", default=settings.LANGUAGE_CODE, help="Language of the header row.")
        parser.add_argument("--output", "-o", metavar="FILE", help="Write here instead of standard output.")

    def handle(self, *args, **options):
        petition = self._petition(options["petition"])
        filters = Filters(
            petition=petition,
            states=tuple(options["state"] or [Signature.State.CONFIRMED]),
            country=options["country"] or "",
            kind=options["kind"] or "",
            since=options["since"],
        )
        columns = (
            [c.strip() for c in options["columns"].split(",") if c.strip()] if options["columns"] else None
        )
        verbose = options["verbosity"] > 0
        started = time.monotonic()

        def progress(rows):
            self.stderr.write(f"{rows:,} rows… ({time.monotonic() - started:.0f} s)")

        with translation.override(options["language"]):
            try:
                export = export_signatures(
                    filters=filters,
                    columns=columns,
                    format=options["format"],
                    via="command",
                    progress=progress if verbose else None,
                )
            except ExportError as exc:
                raise CommandError(str(exc)) from None
            if options["output"]:
                with owner_only(options["output"]) as out:
                    self._write(export, out)
            else:
                self._write(export, getattr(self.stdout._out, "buffer", None))
        if verbose:
            self.stderr.write(
                f"Exported {export.rows:,} signatures in {time.monotonic() - started:.1f} s"
                + (f" to {options['output']}." if options["output"] else ".")
            )

    def _write(self, export, out):
        if out is None:
            # A text stream (call_command(stdout=StringIO())): text formats only.
            if export.format == "xlsx":
                raise CommandError("XLSX is a binary format: write it to a file with --output.")
            for chunk in export.chunks():
                self.stdout.write(chunk.decode(), ending="")
            return
        for chunk in export.chunks():
            out.write(chunk)
        out.flush()

    def _petition(self, slug):
        if slug:
            try:
                return Petition.objects.get(slug=slug)
            except Petition.DoesNotExist:
                raise CommandError(f"No petition with the slug {slug!r}.") from None
        petition = Petition.objects.current()
        if petition is None:
            raise CommandError("There is no petition yet.")
        return petition
