from modeltranslation.translator import TranslationOptions

from campaign.models import Action, Material, QAAttribution, Question
from core.i18n import register_translated


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
