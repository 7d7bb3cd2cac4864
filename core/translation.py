from modeltranslation.translator import TranslationOptions

from core.i18n import register_translated
from core.models import SiteSettings


@register_translated(SiteSettings)
class SiteSettingsTranslation(TranslationOptions):
    fields = (
        "campaign_name",
        "slogan",
        "actions_intro",
        "actions_closing",
        "signed_intro",
        "qa_intro",
        "materials_intro",
        "contact_intro",
    )
