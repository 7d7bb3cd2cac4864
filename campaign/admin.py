"""The campaign pages in the admin: actions, questions and answers, materials, contact messages."""

from django import forms
from django.contrib import admin, messages
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin
from solo.admin import SingletonModelAdmin

from campaign.materials import material_prepare
from campaign.models import Action, ContactMessage, Material, PassedMotion, QAAttribution, Question
from core.admin import FillChineseMixin
from core.forms import PictureField
from petition.models import HelpOffer

# The admin's header and page titles: the campaign's, not "Django administration".
admin.site.site_header = _("Stop Repression in Hong Kong · Administration")
admin.site.site_title = _("Stop Repression in Hong Kong · Administration")
admin.site.index_title = _("Campaign administration")


@admin.register(Action)
class ActionAdmin(FillChineseMixin, TabbedTranslationAdmin):
    list_display = ["title", "link", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active", "link"]
    search_fields = ["title_en", "title_zh_hant", "title_zh_hans"]
    fields = ["title", "text", "link", "link_url", "link_label", "order", "is_active"]


@admin.register(Question)
class QuestionAdmin(FillChineseMixin, TabbedTranslationAdmin):
    list_display = ["question", "slug", "order", "on_home_page", "is_active", "updated_at"]
    list_editable = ["order", "on_home_page", "is_active"]
    list_filter = ["is_active", "on_home_page"]
    search_fields = ["question_en", "question_zh_hant", "question_zh_hans", "slug"]
    fieldsets = [
        (None, {"fields": ["question", "answer", "slug", "order", "on_home_page", "is_active"]}),
        (_("Figure"), {"fields": ["chart", "figure", "figure_alt", "figure_caption"]}),
    ]


@admin.register(QAAttribution)
class QAAttributionAdmin(SingletonModelAdmin, TabbedTranslationAdmin):
    pass


@admin.register(Material)
class MaterialAdmin(FillChineseMixin, TabbedTranslationAdmin):
    list_display = [
        "thumbnail",
        "title",
        "kind",
        "language",
        "size",
        "download_count",
        "order",
        "is_featured",
        "is_active",
    ]
    list_display_links = ["thumbnail", "title"]
    list_editable = ["order", "is_featured", "is_active"]
    list_filter = ["kind", "language", "is_featured", "is_active"]
    search_fields = ["title_en", "title_zh_hant", "title_zh_hans"]
    readonly_fields = ["thumbnail", "size", "content_type", "download_count", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "description",
                    "kind",
                    "language",
                    "file",
                    "order",
                    "is_featured",
                    "is_active",
                ]
            },
        ),
        (_("Preview"), {"fields": ["thumbnail", "preview_alt"]}),
        (
            _("File details"),
            {"fields": ["size", "content_type", "download_count", "created_at", "updated_at"]},
        ),
    ]
    actions = ["fill_chinese", "remake_previews"]

    @admin.display(description=_("preview"))
    def thumbnail(self, obj):
        if not obj.preview:
            return "–"
        return format_html('<img src="{}" alt="" class="material-admin-thumb" width="80">', obj.preview.url)

    @admin.display(description=_("size"), ordering="file_size")
    def size(self, obj):
        return filesizeformat(obj.file_size)

    def save_model(self, request, obj, form, change):
        if "file" in form.changed_data:
            material_prepare(obj)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Make the previews again"))
    def remake_previews(self, request, queryset):
        for material in queryset:
            material_prepare(material)
            material.save()
        self.message_user(request, _("The previews were made again."), messages.SUCCESS)


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "name",
        "subject",
        "organisation",
        "country_name",
        "language",
        "emails",
        "handled",
    ]
    list_filter = ["handled", "subject", "language", "created_at"]
    search_fields = ["name", "email", "organisation", "message"]
    date_hierarchy = "created_at"

    @admin.display(description=_("country"), ordering="country")
    def country_name(self, message):
        """The country's name; a dash, not the country list's separator, when none was given."""
        return message.country.name if message.country else "–"

    readonly_fields = [
        "name",
        "email",
        "organisation",
        "country_name",
        "subject",
        "message",
        "language",
        "created_at",
        "notified_at",
        "acknowledged_at",
        "last_email_error",
        "handled_at",
    ]
    fields = readonly_fields[:8] + [
        "speakers_offered",
        "handled",
        "handled_at",
        "notes",
        "notified_at",
        "acknowledged_at",
        "last_email_error",
    ]
    actions = ["mark_handled"]

    def has_add_permission(self, request):
        return False  # messages come from the contact form

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "speakers_offered"]

    @admin.display(description=_("speakers who offered"))
    def speakers_offered(self, obj):
        """For a speaker request: the signers who offered to speak, in its country."""
        if obj.subject != ContactMessage.Subject.SPEAKER:
            return "–"
        offers = HelpOffer.objects.active().filter(kind=HelpOffer.Kind.SPEAK)
        if obj.country:
            offers = offers.filter(signature__country=obj.country)
        count = offers.count()
        url = reverse("admin:petition_helpoffer_changelist") + f"?kind__exact={HelpOffer.Kind.SPEAK}"
        if obj.country:
            url += f"&signature__country={obj.country}"
        label = ngettext("%(count)d signer offered to speak", "%(count)d signers offered to speak", count)
        return format_html('<a href="{}">{}</a>', url, label % {"count": count})

    @admin.display(description=_("emails sent"), boolean=True)
    def emails(self, obj):
        return bool(obj.notified_at and obj.acknowledged_at)

    def save_model(self, request, obj, form, change):
        if obj.handled and not obj.handled_at:
            obj.handled_at = timezone.now()
        elif not obj.handled:
            obj.handled_at = None
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Mark as handled"))
    def mark_handled(self, request, queryset):
        count = queryset.filter(handled=False).update(handled=True, handled_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d message marked as handled.", "%(count)d messages marked as handled.", count)
            % {"count": count},
            messages.SUCCESS,
        )


PASSED_MOTION_FIELDS = [
    "organisation",
    "body",
    "country",
    "passed_on",
    "members",
    "link",
    "minute",
    "summary",
    "reporter_name",
    "reporter_email",
]


class PassedMotionAdminForm(forms.ModelForm):
    minute = PictureField(label=_("photo of the minute"), required=False, max_dimensions=(1600, 1600))

    class Meta:
        model = PassedMotion
        fields = PASSED_MOTION_FIELDS


@admin.register(PassedMotion)
class PassedMotionAdmin(admin.ModelAdmin):
    """Reported motions: an Organiser checks the link or the photo, then approves."""

    form = PassedMotionAdminForm
    list_display = ["organisation", "body", "country", "passed_on", "members", "state", "created_at"]
    list_filter = ["state", "country"]
    search_fields = ["organisation", "body"]
    readonly_fields = ["state", "moderated_at", "created_at", "language"]
    fields = [*PASSED_MOTION_FIELDS, "language", "state", "moderated_at", "created_at"]
    actions = ["approve", "reject"]

    def _moderate(self, request, queryset, verb, message):
        changed = sum(1 for motion in queryset if getattr(motion, verb)())
        self.message_user(request, message(changed) % {"count": changed}, messages.SUCCESS)

    @admin.action(description=_("Approve: show on “Motions passed”"), permissions=["change"])
    def approve(self, request, queryset):
        self._moderate(
            request,
            queryset,
            "approve",
            lambda n: ngettext("%(count)d motion approved.", "%(count)d motions approved.", n),
        )

    @admin.action(description=_("Reject: do not show"), permissions=["change"])
    def reject(self, request, queryset):
        self._moderate(
            request,
            queryset,
            "reject",
            lambda n: ngettext("%(count)d motion rejected.", "%(count)d motions rejected.", n),
        )
