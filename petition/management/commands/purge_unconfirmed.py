from django.core.management.base import BaseCommand, CommandError

from petition import retention
from petition.tokens import CONFIRM, MAX_AGE


class Command(BaseCommand):
    help = (
        "Delete signatures never confirmed within --days days of signing (default 30, as the "
        "privacy page promises). Safe to run daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=retention.UNCONFIRMED_DAYS)

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        link_days = MAX_AGE[CONFIRM].days
        if days < link_days:
            self.stderr.write(
                f"Warning: confirmation links work for {link_days} days; signers of the last "
                f"{link_days} days whose signature is deleted now will find their link dead."
            )
        deleted = retention.purge_unconfirmed(days=days)
        self.stdout.write(f"Deleted {deleted} unconfirmed signature(s) older than {days} days.")
