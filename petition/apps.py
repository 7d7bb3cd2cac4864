from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionConfig(AppConfig):
    name = "petition"
    verbose_name = _("Petition")
