"""Offers of help in the admin: the standing ones by country and kind, for Organisers,
with an export; the contact form's speaker requests link here (campaign/admin.py)."""

from django.contrib import admin
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from petition.exports.columns import neutralise
from petition.exports.writers import write_csv
from petition.models import AuditLog, HelpOffer

OFFER_EXPORT_PERMISSION = "petition.export_helpoffer"
OFFER_EXPORT_HEADER = ["offer", "name", "email", "country", "city", "language", "offered_at"]


@admin.register(HelpOffer)
class HelpOfferAdmin(admin.ModelAdmin):
    list_display = ["kind", "signer", "email", "country", "city", "offered_at"]
    list_filter = ["kind", ("signature__country", CountryFilter)]
    list_select_related = ["signature"]
    search_fields = ["signature__name", "signature__city"]
    ordering = ["-offered_at"]
    fields = ["kind", "signer", "email", "country", "city", "offered_at"]
    readonly_fields = fields
    actions = ["export_csv"]

    def get_queryset(self, request):
        return HelpOffer.objects.active().select_related("signature")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_export_permission(self, request):
        return request.user.has_perm(OFFER_EXPORT_PERMISSION)

    @admin.display(description=_("name"), ordering="signature__name")
    def signer(self, obj):
        return obj.signature.name

    @admin.display(description=_("email"))
    def email(self, obj):
        return obj.signature.email

    @admin.display(description=_("country"), ordering="signature__country")
    def country(self, obj):
        return obj.signature.country.name

    @admin.display(description=_("city or region"))
    def city(self, obj):
        return obj.signature.city

    @admin.action(description=_("Export selected offers (CSV)"), permissions=["export"])
    def export_csv(self, request, queryset):
        offers = list(
            queryset.filter(pk__in=HelpOffer.objects.active().values("pk"))
            .select_related("signature")
            .order_by("kind", "signature__country", "id")
        )
        AuditLog.objects.create(
            action=AuditLog.Action.EXPORT,
            user=request.user,
            rows=len(offers),
            details={"export": "offers of help"},
        )
        rows = (
            [
                offer.get_kind_display(),
                neutralise(offer.signature.name),
                offer.signature.email,
                str(offer.signature.country),
                neutralise(offer.signature.city),
                offer.signature.language,
                offer.offered_at,
            ]
            for offer in offers
        )
        response = StreamingHttpResponse(
            write_csv(OFFER_EXPORT_HEADER, rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="offers-of-help-{timezone.now():%Y-%m-%d}.csv"'
        )
        response["Cache-Control"] = "private, no-store"
        return response
