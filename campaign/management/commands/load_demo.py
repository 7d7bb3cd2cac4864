from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app fills its own part; campaign first (demands), then what refers to it.
DEMO_MODULES = ["campaign.demo", "petition.demo", "articles.demo", "dashboard.demo"]


class Command(BaseCommand):
    help = (
        "Fill the site with demo content in English, Traditional and Simplified Chinese. Safe to run again."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            for name in DEMO_MODULES:
                try:
                    module = import_module(name)
                except ModuleNotFoundError as exc:
                    if exc.name != name:
                        raise
                    continue
                summary = module.load(stdout=self.stdout)
                self.stdout.write(f"{name}: {summary}")
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
