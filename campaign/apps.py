from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    name = "campaign"
    verbose_name = _("Campaign pages")

    def ready(self):
        from campaign.groups import ensure_groups

        # Permissions are created after each app migrates; the groups follow them.
        post_migrate.connect(ensure_groups, dispatch_uid="campaign.ensure_groups")
