from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from petition.models import FeaturedSignatory, Petition, Signature


@admin.register(Petition)
class PetitionAdmin(TabbedTranslationAdmin):
    list_display = ["title", "slug", "goal", "is_current", "opens_at", "closes_at"]
    prepopulated_fields = {"slug": ["title_en"]}
    filter_horizontal = ["demands"]


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "kind", "state", "hidden", "created_at", "confirmed_at"]
    list_filter = ["state", "kind", "hidden", "country", "created_at"]
    search_fields = ["name", "title"]
    date_hierarchy = "created_at"
    list_select_related = ["petition"]


@admin.register(FeaturedSignatory)
class FeaturedSignatoryAdmin(TabbedTranslationAdmin):
    list_display = ["name", "chinese_name", "country", "order", "is_visible"]
    list_editable = ["order", "is_visible"]
