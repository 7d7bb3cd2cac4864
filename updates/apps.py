from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UpdatesConfig(AppConfig):
    name = "updates"
    verbose_name = _("Updates to supporters")

    def ready(self):
        # Providers' bounce and complaint webhooks arrive as django-anymail's tracking
        # signal; the receiver only hands them to the service (updates/webhooks.py).
        from anymail.signals import tracking

        from updates import webhooks

        tracking.connect(webhooks.tracking_received, dispatch_uid="updates.tracking")
