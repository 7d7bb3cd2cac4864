from django.core.management.base import BaseCommand, CommandError

from petition.counts import refresh_counts
from petition.models import Petition
from petition.partner_counts import refresh_partner_counts


class Command(BaseCommand):
    help = (
        "Recompute the cached signature counts and partners' counts from the database "
        "(every petition, or --petition SLUG)."
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
            counts = refresh_counts(item)
            refresh_partner_counts(item)
            self.stdout.write(f"{item.slug}: {counts.total} confirmed signature(s)")
