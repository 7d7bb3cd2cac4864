"""Delete prepared signature exports (and their files) older than --days days.

manage.py purge_exports            # EXPORT_RETENTION_DAYS, 7 by default
manage.py purge_exports --days 1

Each prepared export purges the old ones when it finishes; run this daily from cron
as well, so files go on time even when nobody exports.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from petition.exports.prepared import export_files_purge


class Command(BaseCommand):
    help = (
        "Delete signature exports prepared in the background more than --days days ago "
        "(default EXPORT_RETENTION_DAYS), files and records. Safe to run daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, days, **options):
        days = settings.EXPORT_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days cannot be negative.")
        deleted = export_files_purge(days=days)
        self.stdout.write(f"Deleted {deleted} prepared export(s) older than {days} days.")
