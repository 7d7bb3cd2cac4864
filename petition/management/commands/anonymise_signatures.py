from django.core.management.base import BaseCommand, CommandError

from petition import retention
from petition.models import Petition


class Command(BaseCommand):
    help = (
        "Erase the personal data (names, addresses, comments, logos, IP hashes) of every "
        "signature of a closed petition, keeping the counts by country and the daily figures. "
        "Refuses a petition that is still open unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--petition", metavar="SLUG", required=True)
        parser.add_argument("--force", action="store_true", help="Anonymise even though it is still open.")

    def handle(self, *args, petition, force=False, **options):
        chosen = Petition.objects.filter(slug=petition).first()
        if chosen is None:
            raise CommandError(f"No petition with the slug {petition!r}.")
        try:
            changed = retention.anonymise_petition(petition=chosen, force=force)
        except retention.PetitionStillOpen:
            raise CommandError(
                f"The petition {petition!r} is still open: close it first (or use --force)."
            ) from None
        self.stdout.write(
            f"Anonymised {changed} signature(s) of {chosen.slug}; the counts by country are unchanged."
        )
