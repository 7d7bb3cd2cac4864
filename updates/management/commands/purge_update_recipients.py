"""Delete the recipient rows of anonymised petitions' updates (updates/retention.py)."""

from django.core.management.base import BaseCommand, CommandError

from petition.models import Petition
from updates.retention import PetitionHoldsPersonalData, erase_recipients, petitions_to_purge


class Command(BaseCommand):
    help = "Delete the recipient rows of updates about petitions whose signatures are anonymised."

    def add_arguments(self, parser):
        parser.add_argument("--petition", help="Only this petition (its slug).")
        parser.add_argument(
            "--force", action="store_true", help="Even if its signatures still hold personal data."
        )

    def handle(self, *args, petition=None, force=False, **options):
        if petition:
            found = Petition.objects.filter(slug=petition).first()
            if found is None:
                raise CommandError(f"No petition {petition!r}.")
            petitions = [found]
        else:
            petitions = petitions_to_purge()
        for one in petitions:
            try:
                deleted = erase_recipients(petition=one, force=force)
            except PetitionHoldsPersonalData:
                raise CommandError(
                    f"The signatures of {one.slug!r} are not anonymised yet; run anonymise_petition first, "
                    "or use --force."
                ) from None
            self.stdout.write(f"{one.slug}: {deleted} recipient rows deleted.")
