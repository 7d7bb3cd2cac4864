"""Paper signatures in the admin: batches (a count, or sheets typed in), each typed
sheet checked by a second Organiser before it counts (petition/models/paper.py)."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from petition import services
from petition.models import PaperBatch, PaperSheet, PaperSignature


class PaperSheetInline(admin.TabularInline):
    model = PaperSheet
    fields = ["number", "entered_by", "confirmed_by", "confirmed_at"]
    readonly_fields = ["entered_by", "confirmed_by", "confirmed_at"]
    extra = 0
    show_change_link = True


@admin.register(PaperBatch)
class PaperBatchAdmin(admin.ModelAdmin):
    list_display = [
        "place",
        "country",
        "collected_on",
        "kind",
        "count",
        "sheet_count",
        "petition",
        "entered_by",
    ]
    list_filter = ["kind", "petition", "country"]
    search_fields = ["place"]
    fields = ["petition", "place", "country", "collected_on", "kind", "count", "entered_by", "created_at"]
    readonly_fields = ["entered_by", "created_at"]
    inlines = [PaperSheetInline]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(sheet_total=Count("sheets")).select_related("entered_by")
        )

    @admin.display(description=_("sheets"), ordering="sheet_total")
    def sheet_count(self, obj):
        return obj.sheet_total

    def save_model(self, request, obj, form, change):
        if not change:
            obj.entered_by = request.user
        if obj.kind == PaperBatch.Kind.ROWS:
            obj.count = None
        super().save_model(request, obj, form, change)
        services.paper_counts_changed(petition=obj.petition)

    def save_formset(self, request, form, formset, change):
        for sheet in formset.save(commit=False):
            if sheet.pk is None:
                sheet.entered_by = request.user
            sheet.save()
        for sheet in formset.deleted_objects:
            sheet.delete()
        services.paper_counts_changed(petition=form.instance.petition)

    def delete_model(self, request, obj):
        petition = obj.petition
        super().delete_model(request, obj)
        services.paper_counts_changed(petition=petition)


class PaperSignatureInline(admin.TabularInline):
    model = PaperSignature
    fields = ["name", "email", "country", "city", "listed", "consent_updates"]
    extra = 12  # the rows of one sheet

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj and obj.is_confirmed)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_confirmed)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_confirmed)


@admin.register(PaperSheet)
class PaperSheetAdmin(admin.ModelAdmin):
    """A sheet's rows are typed here; another Organiser checks them against the paper
    with "Confirm", and only then do they count. A checked sheet cannot be edited."""

    list_display = ["__str__", "row_count", "entered_by", "confirmed_by", "confirmed_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter), "batch__petition"]
    fields = ["batch", "number", "entered_by", "confirmed_by", "confirmed_at"]
    readonly_fields = ["entered_by", "confirmed_by", "confirmed_at"]
    inlines = [PaperSignatureInline]
    actions = ["confirm"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(row_total=Count("rows")).select_related("batch")

    def get_readonly_fields(self, request, obj=None):
        if obj and obj.is_confirmed:
            return [*self.readonly_fields, "batch", "number"]
        return self.readonly_fields

    @admin.display(description=_("signatures"), ordering="row_total")
    def row_count(self, obj):
        return obj.row_total

    def save_model(self, request, obj, form, change):
        if not change or form.changed_data:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        # Whoever typed or corrected rows is the sheet's typist: someone else must check it.
        if formset.has_changed() and form.instance.entered_by_id != request.user.pk:
            PaperSheet.objects.filter(pk=form.instance.pk, confirmed_at__isnull=True).update(
                entered_by=request.user
            )

    @admin.action(description=_("Confirm: checked against the paper sheet"), permissions=["change"])
    def confirm(self, request, queryset):
        confirmed = sum(
            1 for sheet in queryset if services.paper_sheet_confirm(sheet=sheet, user=request.user)
        )
        refused = queryset.count() - confirmed
        if confirmed:
            message = ngettext("%(count)d sheet confirmed.", "%(count)d sheets confirmed.", confirmed)
            self.message_user(request, message % {"count": confirmed}, messages.SUCCESS)
        if refused:
            message = ngettext(
                "%(count)d sheet not confirmed: a sheet is checked by someone other than its typist, once.",
                "%(count)d sheets not confirmed: a sheet is checked by someone other than its typist, once.",
                refused,
            )
            self.message_user(request, message % {"count": refused}, messages.WARNING)
