from django.core.management.base import BaseCommand
from django.db import transaction

import articles.demo
import campaign.demo
import dashboard.demo
import events.demo
import petition.demo

# Each app fills its own part, the petition (with its demands) before what refers to it.
DEMO_MODULES = [petition.demo, campaign.demo, articles.demo, events.demo, dashboard.demo]


class Command(BaseCommand):
    help = (
        "Fill the site with demo content in English, Traditional and Simplified Chinese. Safe to run again."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            for module in DEMO_MODULES:
                summary = module.load(stdout=self.stdout)
                self.stdout.write(f"{module.__name__}: {summary}")
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
