"""The admin of petitions, their demands, featured signatories, and for superusers the
audit log and every prepared export."""

from django.contrib import admin
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from core.admin import FillChineseMixin, SuperuserOnlyAdminMixin
from core.forms import PictureField
from petition.admin.forms import FeaturedSignatoryForm
from petition.counts import petition_counts
from petition.models import (
    AuditLog,
    Demand,
    ExportFile,
    FeaturedSignatory,
    Petition,
    PetitionTally,
    TimelineEntry,
)

# --- Petitions -------------------------------------------------------------------


@admin.register(Demand)
class DemandAdmin(FillChineseMixin, TabbedTranslationAdmin):
    list_display = ["text", "order", "is_active"]
    list_editable = ["order", "is_active"]


@admin.register(Petition)
class PetitionAdmin(TabbedTranslationAdmin):
    list_display = ["title", "slug", "signature_count", "goal", "is_current", "opens_at", "closes_at"]
    prepopulated_fields = {"slug": ["title_en"]}
    filter_horizontal = ["demands"]
    readonly_fields = ["counts_checked"]

    @admin.display(description=_("confirmed signatures"))
    def signature_count(self, obj):
        return petition_counts(obj).total

    @admin.display(description=_("counts checked"))
    def counts_checked(self, obj):
        """When every signature was last counted again, and what that corrected."""
        tally = PetitionTally.objects.filter(petition_id=obj.pk).first()
        if tally is None or tally.recounted_at is None:
            return _("Not counted again yet: the task worker does it every hour.")
        checked = _("Every signature counted again on %(time)s.") % {
            "time": date_format(localtime(tally.recounted_at), "DATETIME_FORMAT")
        }
        if tally.corrected_at is None:
            return format_html("{} {}", checked, _("The stored tally was right."))
        return format_html(
            "{} {}",
            checked,
            _("On %(time)s a recount corrected the stored tally by %(change)+d signatures.")
            % {
                "time": date_format(localtime(tally.corrected_at), "DATETIME_FORMAT"),
                "change": sum(tally.correction.values()),
            },
        )


# --- The timeline: delivery and answer --------------------------------------------


@admin.register(TimelineEntry)
class TimelineEntryAdmin(FillChineseMixin, TabbedTranslationAdmin):
    list_display = ["title", "petition", "kind", "happened_at", "is_published", "prepare_update"]
    list_filter = ["petition", "kind", "is_published"]
    readonly_fields = ["prepare_update"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "photo":
            return PictureField(label=db_field.verbose_name, required=False, max_dimensions=(1600, 1600))
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("update to signers"))
    def prepare_update(self, obj):
        # The updates app, above this one, prepares it: reached by its admin URL.
        if obj.pk is None:
            return "-"
        url = reverse("admin:updates_update_from_timeline", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Prepare an update about this"))


# --- Featured signatories -------------------------------------------------------


@admin.register(FeaturedSignatory)
class FeaturedSignatoryAdmin(FillChineseMixin, TabbedTranslationAdmin):
    """Ordered by the "order" column, edited in the list (lowest first).

    Not drag and drop: django-admin-sortable2 2.3 does not support Django 6.1's
    admin yet (no actions script for 6.1, and the deprecated get_actions signature).
    """

    form = FeaturedSignatoryForm
    list_display = ["name", "chinese_name", "country", "is_organisation", "petition", "order", "is_visible"]
    list_editable = ["order", "is_visible"]
    list_filter = ["is_visible", "is_organisation", "petition"]
    list_select_related = ["petition"]
    search_fields = ["name_en", "name_zh_hant", "name_zh_hans", "chinese_name"]

    def _log(self, request, obj, change):
        AuditLog.objects.create(
            action=AuditLog.Action.FEATURE,
            user=request.user,
            petition_id=obj.petition_id,
            rows=1,
            details={"featured_signatory": obj.pk, "name": str(obj), "change": change},
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._log(request, obj, "changed" if change else "added")

    def delete_model(self, request, obj):
        self._log(request, obj, "deleted")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._log(request, obj, "deleted")
        super().delete_queryset(request, queryset)


# --- Audit log ------------------------------------------------------------------


@admin.register(AuditLog)
class AuditLogAdmin(SuperuserOnlyAdminMixin, admin.ModelAdmin):
    """Read-only, and only for superusers: it says who looked at whose data."""

    list_display = ["created_at", "action", "user", "petition", "rows", "details_summary"]
    list_filter = ["action", ("created_at", admin.DateFieldListFilter)]
    list_select_related = ["user", "petition"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "action", "user", "petition", "rows", "details"]
    fields = readonly_fields

    @admin.display(description=_("details"))
    def details_summary(self, obj):
        details = {k: v for k, v in (obj.details or {}).items() if k != "ids"}
        text = ", ".join(f"{k}: {v}" for k, v in details.items())
        return text if len(text) <= 200 else text[:199] + "…"


# --- Prepared exports -----------------------------------------------------------


@admin.register(ExportFile)
class ExportFileAdmin(SuperuserOnlyAdminMixin, admin.ModelAdmin):
    """Every prepared export, for superusers: who asked, what, and how it went. Organisers
    see their own on the export page; files are downloaded there and purged by
    `manage.py purge_exports`, so nothing is added, changed or deleted here."""

    list_display = ["created_at", "user", "petition", "format", "status", "rows", "size", "finished_at"]
    list_filter = ["status", "format", ("created_at", admin.DateFieldListFilter)]
    list_select_related = ["user", "petition"]
    readonly_fields = [
        "user",
        "petition",
        "format",
        "filters",
        "columns",
        "language",
        "status",
        "rows",
        "download_name",
        "size",
        "error",
        "created_at",
        "started_at",
        "finished_at",
    ]
    fields = readonly_fields
