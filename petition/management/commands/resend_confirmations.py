from django.core.management.base import BaseCommand

from petition import services


class Command(BaseCommand):
    help = (
        "Queue confirmation emails again for pending signatures whose link still works: "
        "by default those whose last email failed or was never sent; --all for every one."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            dest="everyone",
            help="Re-send to every pending signature, not only those whose email failed.",
        )

    def handle(self, *args, everyone=False, **options):
        queued = services.confirmations_resend(everyone=everyone)
        self.stdout.write(f"Queued {queued} confirmation email(s).")
