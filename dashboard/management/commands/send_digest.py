from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError

from dashboard.services import digest_queue
from dashboard.stats import stats_refresh, today


class Command(BaseCommand):
    help = (
        "Queue the daily digest (yesterday's figures) for every organiser who asked for it; the task "
        "worker sends them. Run it each morning from cron. A second run the same day sends nothing more."
    )

    def add_arguments(self, parser):
        parser.add_argument("--day", help="The day to report on (YYYY-MM-DD); yesterday by default.")

    def handle(self, *args, day=None, **options):
        try:
            chosen = date.fromisoformat(day) if day else today() - timedelta(days=1)
        except ValueError:
            raise CommandError("--day must be a date written YYYY-MM-DD.") from None
        stats_refresh()
        queued = digest_queue(day=chosen)
        self.stdout.write(self.style.SUCCESS(f"Digest for {chosen} queued for {queued} organiser(s)."))
