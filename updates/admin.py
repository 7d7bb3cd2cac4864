"""The admin of updates: write in three languages, preview, test, send, pause, cancel.

Recipients are shown with their state, language and the consent they were sent under,
never with their address: the list of who receives an update is not exported from here.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import storages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField

from core.admin import ReadOnlyAdminMixin
from core.emails import render_email
from core.i18n import BCP47
from core.models import SiteSettings
from core.storage import open_stream
from petition.models import TimelineEntry
from updates import milestones, services
from updates.models import LANGUAGES, DeliveryPack, Milestone, Recipient, Suppression, Update
from updates.sending import html_to_text

EDITOR = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "Link": {"enableTarget": False},
    }
}

LANGUAGE_NAMES = {"en": "English", "zh-hant": "繁體中文", "zh-hans": "简体中文"}


@admin.register(Update)
class UpdateAdmin(admin.ModelAdmin):
    list_display = ["__str__", "petition", "audience", "state", "progress_summary", "created_at"]
    list_filter = ["state", "petition"]
    readonly_fields = ["state", "progress_summary", "previews", "converted_fields", "milestone", "started_at"]
    fieldsets = [
        (None, {"fields": ["petition", "audience", "countries", "languages", "test_addresses", "send_at"]}),
        ("English", {"fields": ["subject_en", "body_en"]}),
        (
            "繁體中文",
            {
                "fields": ["subject_zh_hant", "body_zh_hant"],
                "description": _("Leave one Chinese script empty to fill it from the other by conversion."),
            },
        ),
        ("简体中文", {"fields": ["subject_zh_hans", "body_zh_hans"]}),
        (
            _("Sending"),
            {
                "fields": [
                    "state",
                    "progress_summary",
                    "previews",
                    "converted_fields",
                    "milestone",
                    "started_at",
                ]
            },
        ),
    ]
    actions = ["send_now", "send_test_to_me", "pause", "resume", "cancel", "retry_failed", "resend_unknown"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name.startswith("body_"):
            kwargs.update(form_class=ProseEditorFormField, config=EDITOR)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        # An update that has begun sending is what its recipients received: not edited.
        if obj is not None and obj.state != Update.State.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("progress"))
    def progress_summary(self, obj):
        if obj.pk is None:
            return "-"
        counts = obj.progress()
        total = sum(counts.values())
        # Rows "being sent" while no run is sending are a dead run's: the next run marks them unknown.
        unknown = counts[Recipient.State.UNKNOWN]
        if obj.state != Update.State.SENDING:
            unknown += counts[Recipient.State.SENDING]
        return _(
            "%(sent)s of %(total)s sent, %(failed)s failed, %(undeliverable)s undeliverable, "
            "%(suppressed)s suppressed, %(unknown)s may not have been delivered"
        ) % {
            "sent": counts[Recipient.State.SENT],
            "total": total,
            "failed": counts[Recipient.State.FAILED],
            "undeliverable": counts[Recipient.State.UNDELIVERABLE],
            "suppressed": counts[Recipient.State.SUPPRESSED],
            "unknown": unknown,
        }

    @admin.display(description=_("preview"))
    def previews(self, obj):
        if obj.pk is None:
            return "-"
        links = [
            (reverse("admin:updates_update_preview", args=[obj.pk, language]), LANGUAGE_NAMES[language])
            for language in LANGUAGES
        ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    def get_urls(self):
        return [
            path(
                "<int:pk>/preview/<str:language>/",
                self.admin_site.admin_view(self.preview_view),
                name="updates_update_preview",
            ),
            path(
                "from-timeline/<int:entry>/",
                self.admin_site.admin_view(self.from_timeline_view),
                name="updates_update_from_timeline",
            ),
            *super().get_urls(),
        ]

    def from_timeline_view(self, request, entry):
        """One click from a timeline entry: its draft update, prepared once, opened to review."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        found = TimelineEntry.objects.select_related("petition").filter(pk=entry).first()
        if found is None:
            raise Http404
        update = milestones.update_from_timeline(entry=found, user=request.user)
        return redirect("admin:updates_update_change", update.pk)

    def preview_view(self, request, pk, language):
        """The update as a recipient in `language` will see it: subject, HTML and text."""
        update = self.get_object(request, str(pk))
        if update is None or language not in LANGUAGES or not self.has_view_permission(request, update):
            raise Http404
        with translation.override(language):
            body_html = update.body_in(language)
            subject, text, html = render_email(
                "update",
                {
                    "subject": update.subject_in(language),
                    "body_html": body_html,
                    "body_text": html_to_text(body_html),
                    "converted": update.is_converted(language),
                    "petition": update.petition,
                    "petition_url": update.petition.get_absolute_url(),
                    "unsubscribe_url": "#",
                    "language": BCP47[language],
                    "campaign_name": SiteSettings.get_solo().campaign_name,
                },
            )
        if request.GET.get("part") == "html":
            return HttpResponse(html)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "update": update,
            "language": language,
            "subject": subject,
            "text": text,
            "html_url": f"{request.path}?part=html",
            "title": _("Preview"),
        }
        return TemplateResponse(request, "admin/updates/preview.html", context)

    # --- Actions ---------------------------------------------------------------------------

    def _can_send(self, request):
        return request.user.has_perm("updates.send_update")

    @admin.action(description=_("Send the selected updates"), permissions=["send"])
    def send_now(self, request, queryset):
        for update in queryset:
            try:
                services.update_send(update=update, send_at=update.send_at)
            except services.NotReady:
                self.message_user(
                    request,
                    _(
                        "“%(update)s” was not sent: it must be a draft, with a subject and a body "
                        "in every language."
                    )
                    % {"update": update},
                    messages.ERROR,
                )
            else:
                self.message_user(request, _("“%(update)s” is queued for sending.") % {"update": update})

    def has_send_permission(self, request):
        return self._can_send(request)

    @admin.action(description=_("Send a test of the selected updates to me"))
    def send_test_to_me(self, request, queryset):
        if not request.user.email:
            self.message_user(request, _("Your account has no email address."), messages.ERROR)
            return
        for update in queryset:
            services.update_send_test(update=update, address=request.user.email)
        self.message_user(request, _("The test, in each language, is on its way to your address."))

    @admin.action(description=_("Pause sending"), permissions=["send"])
    def pause(self, request, queryset):
        done = sum(services.update_pause(update=update) for update in queryset)
        self.message_user(request, _("Paused: %(count)s.") % {"count": done})

    @admin.action(description=_("Resume sending"), permissions=["send"])
    def resume(self, request, queryset):
        done = sum(services.update_resume(update=update) for update in queryset)
        self.message_user(request, _("Resumed: %(count)s.") % {"count": done})

    @admin.action(description=_("Cancel sending"), permissions=["send"])
    def cancel(self, request, queryset):
        done = sum(services.update_cancel(update=update) for update in queryset)
        self.message_user(request, _("Cancelled: %(count)s.") % {"count": done})

    @admin.action(description=_("Send again to the addresses that failed for now"), permissions=["send"])
    def retry_failed(self, request, queryset):
        done = sum(services.update_retry_failed(update=update) for update in queryset)
        self.message_user(request, _("Queued again: %(count)s.") % {"count": done})

    @admin.action(
        description=_("Send again to the addresses that may not have received it (some may get two)"),
        permissions=["send"],
    )
    def resend_unknown(self, request, queryset):
        done = sum(services.update_resend_unknown(update=update) for update in queryset)
        self.message_user(request, _("Queued again: %(count)s.") % {"count": done})


@admin.register(Recipient)
class RecipientAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who an update went to, without their address: state, language and consent."""

    list_display = [
        "__str__",
        "update",
        "state",
        "language",
        "consent_version",
        "consent_at",
        "sent_at",
        "error",
    ]
    list_filter = ["state", "language", "update"]
    list_select_related = ["update"]
    fields = ["update", "state", "language", "consent_version", "consent_at", "sent_at", "error"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("email")


@admin.register(Suppression)
class SuppressionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "reason", "created_at"]
    list_filter = ["reason"]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["petition", "goal", "reached_at", "draft_update"]
    list_filter = ["petition"]

    @admin.display(description=_("draft update"))
    def draft_update(self, obj):
        update = Update.objects.filter(petition=obj.petition, milestone=obj.goal).first()
        if update is None:
            return "-"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:updates_update_change", args=[update.pk]), update
        )


@admin.register(DeliveryPack)
class DeliveryPackAdmin(admin.ModelAdmin):
    """Ask for a pack (the worker writes it), then download it."""

    list_display = ["__str__", "state", "listed", "fingerprint", "download"]
    fields = ["petition", "state", "listed", "fingerprint", "error", "download"]
    readonly_fields = ["state", "listed", "fingerprint", "error", "download"]

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.requested_by = request.user
        super().save_model(request, obj, form, change)
        services.delivery_pack_queue(pack=obj)

    @admin.display(description=_("file"))
    def download(self, obj):
        if obj.pk is None or obj.state != DeliveryPack.State.READY:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:updates_deliverypack_download", args=[obj.pk]),
            _("Download"),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="updates_deliverypack_download",
            ),
            *super().get_urls(),
        ]

    def download_view(self, request, pk):
        record = self.get_object(request, str(pk))
        if (
            record is None
            or record.state != DeliveryPack.State.READY
            or not self.has_view_permission(request, record)
        ):
            raise Http404
        try:
            handle = open_stream(storages["private"], record.file_name)
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(handle, as_attachment=True, filename=record.file_name.rsplit("/", 1)[-1])
