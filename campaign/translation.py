from modeltranslation.translator import TranslationOptions

from campaign.i18n import register_translated
from campaign.models import Action, Demand, Material, QAAttribution, Question, SiteSettings


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


@register_translated(Demand)
class DemandTranslation(TranslationOptions):
    fields = ("text",)


@register_translated(Action)
class ActionTranslation(TranslationOptions):
    fields = ("title", "text", "link_label")


@register_translated(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("question", "answer", "figure_caption", "figure_alt")


@register_translated(QAAttribution)
class QAAttributionTranslation(TranslationOptions):
    fields = ("text",)


@register_translated(Material)
class MaterialTranslation(TranslationOptions):
    fields = ("title", "description", "preview_alt")
