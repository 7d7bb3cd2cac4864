from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin
from solo.admin import SingletonModelAdmin

from campaign.models import Demand, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(SingletonModelAdmin, TabbedTranslationAdmin):
    pass


@admin.register(Demand)
class DemandAdmin(TabbedTranslationAdmin):
    list_display = ["text", "order", "is_active"]
    list_editable = ["order", "is_active"]
