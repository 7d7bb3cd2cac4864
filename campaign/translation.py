from modeltranslation.translator import TranslationOptions

from campaign.i18n import register_translated
from campaign.models import Demand, SiteSettings


@register_translated(SiteSettings)
class SiteSettingsTranslation(TranslationOptions):
    fields = ("campaign_name", "slogan")


@register_translated(Demand)
class DemandTranslation(TranslationOptions):
    fields = ("text",)
