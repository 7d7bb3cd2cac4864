"""Admin pieces every app uses: read-only and superuser-only mixins, the Chinese fill-in
action, and the site settings' own page."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.translator import translator
from solo.admin import SingletonModelAdmin

from core.i18n import fill_other_script
from core.models import SiteSettings


class ReadOnlyAdminMixin:
    """Records written by the site itself (logs, prepared files, aggregates): shown in
    the admin, never added, changed or deleted there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SuperuserOnlyAdminMixin(ReadOnlyAdminMixin):
    """Read-only, and for superusers alone."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


class FillChineseMixin:
    """An action that writes the empty Chinese script from the other one (OpenCC)."""

    actions = ["fill_chinese"]

    @admin.action(description=_("Fill the empty Chinese script from the other one"))
    def fill_chinese(self, request, queryset):
        fields = translator.get_options_for_model(self.model).fields
        changed = 0
        for obj in queryset:
            if fill_other_script(obj, fields):
                obj.save()
                changed += 1
        self.message_user(
            request,
            ngettext("%(count)d item filled.", "%(count)d items filled.", changed) % {"count": changed},
            messages.SUCCESS,
        )


@admin.register(SiteSettings)
class SiteSettingsAdmin(SingletonModelAdmin, TabbedTranslationAdmin):
    fieldsets = [
        (None, {"fields": ["campaign_name", "slogan"]}),
        (
            _("Contact and social links"),
            {
                "fields": [
                    "contact_email",
                    "facebook_url",
                    "x_url",
                    "instagram_url",
                    "youtube_url",
                    "telegram_url",
                ]
            },
        ),
        (
            _("Introductions to the sections"),
            {
                "fields": [
                    "actions_intro",
                    "actions_closing",
                    "signed_intro",
                    "qa_intro",
                    "materials_intro",
                    "contact_intro",
                ]
            },
        ),
    ]
