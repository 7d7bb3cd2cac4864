from modeltranslation.translator import TranslationOptions

from core.i18n import register_translated
from petition.models import Demand, FeaturedSignatory, Partner, Petition


@register_translated(Petition)
class PetitionTranslation(TranslationOptions):
    fields = ("title", "statement")


@register_translated(FeaturedSignatory)
class FeaturedSignatoryTranslation(TranslationOptions):
    fields = ("name", "description", "photo_alt")


@register_translated(Demand)
class DemandTranslation(TranslationOptions):
    fields = ("text",)


@register_translated(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("description",)
