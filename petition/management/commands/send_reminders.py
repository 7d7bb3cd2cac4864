from django.core.management.base import BaseCommand

from petition import services


class Command(BaseCommand):
    help = (
        "Queue the one reminder for each signature still pending a day after signing "
        "(and less than a week). Safe to run as often as you like: each signature gets one."
    )

    def handle(self, *args, **options):
        queued = services.signatures_remind()
        self.stdout.write(f"Queued {queued} reminder(s).")
