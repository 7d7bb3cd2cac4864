from django.core.management.base import BaseCommand, CommandError

from campaign import services


class Command(BaseCommand):
    help = (
        "Delete contact-form messages received more than --days days ago (default 365, as the "
        "privacy page promises). Safe to run daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=services.CONTACT_MESSAGE_DAYS)

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        deleted = services.contact_messages_purge(days=days)
        self.stdout.write(f"Deleted {deleted} contact message(s) older than {days} days.")
