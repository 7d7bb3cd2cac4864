from django.core.management.base import BaseCommand, CommandError

from petition.counts import recount_counts, refresh_counts
from petition.models import Petition
from petition.partner_counts import refresh_partner_counts


class Command(BaseCommand):
    help = (
        "Count every petition's signatures again (or --petition SLUG's), correct the stored "
        "tally by any difference, and store the counts and partners' counts in the cache."
    )

    def add_arguments(self, parser):
        parser.add_argument("--petition", metavar="SLUG", help="Only this petition.")

    def handle(self, *args, petition=None, **options):
        petitions = Petition.objects.all()
        if petition:
            petitions = petitions.filter(slug=petition)
            if not petitions.exists():
                raise CommandError(f"No petition with the slug {petition!r}.")
        for item in petitions:
            correction = recount_counts(item)
            counts = refresh_counts(item)
            if correction:
                self.stdout.write(f"{item.slug}: tally corrected by {sum(correction.values()):+d}")
            refresh_partner_counts(item)
            self.stdout.write(f"{item.slug}: {counts.total} confirmed signature(s)")
