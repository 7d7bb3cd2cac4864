"""Partners in the admin, and the one view of signers a partner's organisers have.

A partner organiser is a staff user named on a partner (Partner.organisers) and in the
"Partner organisers" group. They see, and may export, only the confirmed signers who
agreed to be kept informed by a partner they organise: the list, each row's page and
the export all read SignatureQuerySet.keeping_informed_by_partners(user), so one
partner never sees another's signers, nor anyone who did not agree.
"""

from django import forms
from django.contrib import admin
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from core.admin import FillChineseMixin
from core.forms import PictureField
from petition.exports.columns import neutralise
from petition.exports.writers import write_csv
from petition.models import AuditLog, Partner, PartnerSigner

PARTNER_EXPORT_PERMISSION = "petition.export_partnersigner"


class PartnerForm(forms.ModelForm):
    logo = PictureField(
        label=_("logo"),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF up to 5 MB; it is scaled to fit 400 × 400 pixels."),
        max_dimensions=(400, 400),
        output_format="PNG",
    )

    class Meta:
        model = Partner
        fields = [
            "name",
            "slug",
            "logo",
            "country",
            "link",
            "description",
            "is_listed",
            "order",
            "organisers",
        ]


@admin.register(Partner)
class PartnerAdmin(FillChineseMixin, TabbedTranslationAdmin):
    form = PartnerForm
    list_display = ["name", "slug", "country", "is_listed", "order"]
    list_editable = ["is_listed", "order"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["organisers"]
    search_fields = ["name"]


@admin.register(PartnerSigner)
class PartnerSignerAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "country", "city", "partner", "consent_partner_at", "language"]
    list_filter = ["partner"]
    search_fields = ["name", "city"]
    list_select_related = ["partner"]
    list_per_page = 100
    show_full_result_count = False
    ordering = ["-id"]
    fields = list_display
    readonly_fields = list_display
    actions = ["export_csv"]

    def get_queryset(self, request):
        # The row-level check: every list, page and action starts here.
        return PartnerSigner.objects.keeping_informed_by_partners(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_export_permission(self, request):
        return request.user.has_perm(PARTNER_EXPORT_PERMISSION)

    @admin.action(description=_("Export selected signers (CSV)"), permissions=["export"])
    def export_csv(self, request, queryset):
        return partner_signers_csv(queryset=queryset, user=request.user)


PARTNER_EXPORT_HEADER = ["name", "email", "country", "city", "language", "partner", "agreed_at"]


def partner_signers_csv(*, queryset, user):
    """The selected signers as CSV, narrowed again to those `user` may see, and logged."""
    rows = queryset & PartnerSigner.objects.keeping_informed_by_partners(user)
    values = list(
        rows.order_by("id").values_list(
            "name", "email", "country", "city", "language", "partner__name", "consent_partner_at"
        )
    )
    # The address is encrypted in the column: values_list gives the plain one back.
    AuditLog.objects.create(
        action=AuditLog.Action.EXPORT,
        user=user,
        rows=len(values),
        details={"export": "partner signers", "partners": sorted({v[5] for v in values})},
    )
    cleaned = ([neutralise(v) if isinstance(v, str) else v for v in row] for row in values)
    response = StreamingHttpResponse(
        write_csv(PARTNER_EXPORT_HEADER, cleaned), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="partner-signers-{timezone.now():%Y-%m-%d}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
