from django.core.management.base import BaseCommand

from dashboard.stats import stats_refresh
from petition.models import Petition


class Command(BaseCommand):
    help = (
        "Bring the dashboard's daily figures up to date: the days changed since the last run, "
        "or with --full every day from the signatures (run that nightly from cron: it corrects any drift)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="Recompute every day of every petition.")
        parser.add_argument("--petition", help="Only the petition with this slug.")

    def handle(self, *args, full=False, petition=None, **options):
        chosen = None
        if petition:
            chosen = Petition.objects.filter(slug=petition).first()
            if chosen is None:
                self.stderr.write(f"No petition with the slug {petition!r}.")
                return
        done = stats_refresh(petition=chosen, full=full)
        for pk, since in done.items():
            what = "every day" if since == "full" else f"from {since}"
            self.stdout.write(f"petition {pk}: recomputed {what}")
        self.stdout.write(self.style.SUCCESS(f"Daily figures up to date for {len(done)} petition(s)."))
