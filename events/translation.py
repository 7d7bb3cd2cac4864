from modeltranslation.translator import TranslationOptions

from core.i18n import register_translated
from events.models import Event, LocalGroup


@register_translated(LocalGroup)
class LocalGroupTranslation(TranslationOptions):
    fields = ("name", "description", "meeting_pattern")


@register_translated(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description", "venue", "address", "report", "photo_alt")
