"""The signature admin: the list and its filters, what each user may see, and the
moderation and export actions (the extra pages are in views.py)."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.filters import CountryFilter

from petition import moderation
from petition.addresses import email_hash
from petition.admin.views import SignatureAdminViews, stream_export
from petition.export_services import export_selection
from petition.models import Signature


class ConsentFilter(admin.SimpleListFilter):
    field_name = ""

    def lookups(self, request, model_admin):
        return [("yes", _("given")), ("no", _("not given"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(**{f"{self.field_name}__isnull": False})
        if self.value() == "no":
            return queryset.filter(**{f"{self.field_name}__isnull": True})
        return queryset


class ConsentUpdatesFilter(ConsentFilter):
    title = _("consent to campaign news")
    parameter_name = "consent_updates"
    field_name = "consent_updates_at"


class ConsentPublicFilter(ConsentFilter):
    title = _("consent to be shown publicly")
    parameter_name = "consent_public"
    field_name = "consent_public_at"


EXPORT_PERMISSION = "petition.export_signature"
# Moderation verbs work on the list's selection and on one signature's page.
BOTH = [admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM]

# What a signer wrote, and the record of their signature's life: shown, never edited
# here. Moderators change state through the actions, comments and logos by approving.
SIGNATURE_FIELDSETS = [
    (
        _("Signer"),
        {
            "fields": [
                "petition",
                "kind",
                "name",
                "title",
                "city",
                "country",
                "contact_person",
                "contact_role",
                "logo_preview",
                "logo_approved",
            ]
        },
    ),
    (_("Comment"), {"fields": ["comment", "comment_approved"]}),
    (_("Wall"), {"fields": ["display", "hidden", "hidden_at"]}),
    (_("State"), {"fields": ["state", "created_at", "confirmed_at", "withdrawn_at", "invalidated_at"]}),
    (
        _("Consents"),
        {"fields": ["consent_public_at", "consent_updates_at", "consent_version", "language"]},
    ),
    (_("Origin"), {"fields": ["email_domain", "ip_hash", "via"]}),
    (
        _("Email"),
        {
            "fields": [
                "email",
                "confirmation_sent_at",
                "confirmation_send_count",
                "reminder_sent_at",
                "email_state",
                "last_email_error",
            ]
        },
    ),
]
SIGNATURE_EDITABLE = {"comment_approved", "logo_approved"}


def _model_field_names(model):
    return {f.name for f in model._meta.get_fields()}


@admin.register(Signature)
class SignatureAdmin(SignatureAdminViews, admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "country",
        "title",
        "city",
        "state",
        "hidden",
        "created_at",
        "confirmed_at",
        "source",
    ]
    list_display_links = ["name"]
    list_filter = [
        "state",
        ("country", CountryFilter),
        "kind",
        "hidden",
        "email_state",
        ("created_at", admin.DateFieldListFilter),
        ConsentPublicFilter,
        ConsentUpdatesFilter,
        "petition",
    ]
    search_fields = ["name", "title", "city"]
    search_help_text = _("Searches names, titles and cities.")
    list_select_related = ["petition"]
    list_per_page = 100
    # At a million rows, the exact total and the filter facets cost more than they tell.
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    ordering = ["-id"]
    actions = [
        "hide",
        "unhide",
        "confirm",
        "invalidate",
        "approve_logos",
        "reject_logos",
        "export_csv",
        "export_xlsx",
    ]

    # -- who sees what --

    def has_add_permission(self, request):
        return False  # signatures come from signers

    def has_export_permission(self, request):
        return request.user.has_perm(EXPORT_PERMISSION)

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if self.has_export_permission(request):
            columns.insert(1, "email")
        return columns

    def get_search_results(self, request, queryset, search_term):
        """Names, titles and cities; for a superuser, also the signature of an exact address
        (found by the hash of its canonical form: the address itself is encrypted)."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        address = search_term.strip()
        if request.user.is_superuser and "@" in address and not any(c.isspace() for c in address):
            found = found | queryset.filter(email_canonical=email_hash(address))
        return found, may_have_duplicates

    def get_fieldsets(self, request, obj=None):
        present = _model_field_names(Signature) | {"logo_preview"}
        hide_email = not self.has_export_permission(request)
        fieldsets = []
        for title, options in SIGNATURE_FIELDSETS:
            fields = [f for f in options["fields"] if f in present and not (hide_email and f == "email")]
            fieldsets.append((title, {**options, "fields": fields}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = [f for _title, options in self.get_fieldsets(request, obj) for f in options["fields"]]
        return [f for f in fields if f not in SIGNATURE_EDITABLE]

    @admin.display(description=_("logo"))
    def logo_preview(self, obj):
        """The logo, wherever it waits: a private one through the moderators' preview only."""
        if not (obj.organisation_logo or obj.published_logo):
            return "—"
        url = reverse("admin:petition_signature_logo", args=[obj.pk])
        status = _("published") if obj.published_logo else _("awaiting approval: not public")
        return format_html(
            '<img src="{}" alt="" width="80" height="80" style="object-fit:contain"> {}', url, status
        )

    def save_model(self, request, obj, form, change):
        """The logo's approval moves its file (Signature.approve_logo, unapprove_logo): the
        flag is never saved without the move."""
        wanted = obj.logo_approved
        if change and "logo_approved" in form.changed_data:
            obj.logo_approved = form.initial.get("logo_approved", False)
        super().save_model(request, obj, form, change)
        if change and "logo_approved" in form.changed_data:
            if wanted:
                obj.approve_logo()
            else:
                obj.unapprove_logo()

    @admin.display(description=_("origin"))
    def source(self, obj):
        """The email domain and a short IP hash: enough to spot a flood, nothing more."""
        return f"{obj.email_domain} · {obj.ip_hash[:8]}" if obj.ip_hash else obj.email_domain

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_export_permission": self.has_export_permission(request),
        }
        return super().changelist_view(request, extra_context)

    # -- moderation actions --

    def _moderate(self, request, queryset, verb, message):
        outcome = verb(queryset=queryset, user=request.user, details={"via": "admin action"})
        self.message_user(request, message(outcome.rows) % {"count": outcome.rows}, messages.SUCCESS)

    @admin.action(
        description=_("Hide this signature from the wall"),
        description_plural=_("Hide selected signatures from the wall"),
        permissions=["change"],
        location=BOTH,
    )
    def hide(self, request, queryset):
        self._moderate(
            request,
            queryset,
            moderation.signatures_hide,
            lambda n: ngettext("%(count)d signature hidden.", "%(count)d signatures hidden.", n),
        )

    @admin.action(
        description=_("Show this signature on the wall again"),
        description_plural=_("Show selected signatures on the wall again"),
        permissions=["change"],
        location=BOTH,
    )
    def unhide(self, request, queryset):
        self._moderate(
            request,
            queryset,
            moderation.signatures_unhide,
            lambda n: ngettext("%(count)d signature shown again.", "%(count)d signatures shown again.", n),
        )

    @admin.action(
        description=_("Confirm this signature"),
        description_plural=_("Confirm selected signatures"),
        permissions=["change"],
        location=BOTH,
    )
    def confirm(self, request, queryset):
        self._moderate(
            request,
            queryset,
            moderation.signatures_confirm,
            lambda n: ngettext("%(count)d signature confirmed.", "%(count)d signatures confirmed.", n),
        )

    @admin.action(
        description=_("Invalidate this signature"),
        description_plural=_("Invalidate selected signatures"),
        permissions=["change"],
        location=BOTH,
    )
    def invalidate(self, request, queryset):
        self._moderate(
            request,
            queryset,
            moderation.signatures_invalidate,
            lambda n: ngettext("%(count)d signature invalidated.", "%(count)d signatures invalidated.", n),
        )

    @admin.action(
        description=_("Approve and publish this logo"),
        description_plural=_("Approve and publish the selected logos"),
        permissions=["change"],
        location=BOTH,
    )
    def approve_logos(self, request, queryset):
        approved = sum(s.approve_logo() for s in queryset.exclude(organisation_logo="").live())
        message = ngettext("%(count)d logo published.", "%(count)d logos published.", approved)
        self.message_user(request, message % {"count": approved}, messages.SUCCESS)

    @admin.action(
        description=_("Reject and delete this logo"),
        description_plural=_("Reject and delete the selected logos"),
        permissions=["change"],
        location=BOTH,
    )
    def reject_logos(self, request, queryset):
        rejected = 0
        for signature in queryset.exclude(organisation_logo="", published_logo=""):
            rejected += signature.reject_logo()
        message = ngettext("%(count)d logo deleted.", "%(count)d logos deleted.", rejected)
        self.message_user(request, message % {"count": rejected}, messages.SUCCESS)

    # -- export --

    def _export_selection(self, request, queryset, format):
        decision, export = export_selection(
            queryset=queryset,
            list_state=request.GET.get("state__exact"),
            format=format,
            user=request.user,
            description=request.GET.urlencode() or "selected rows",
        )
        if export is None:
            message = _(
                "%(rows)s signatures are too many to download at once. Use “Export…”, which "
                "prepares large files in the background."
            )
            self.message_user(request, message % {"rows": f"{decision.rows:,}"}, messages.WARNING)
            return None
        return stream_export(export)

    @admin.action(description=_("Export selected signatures (CSV)"), permissions=["export"])
    def export_csv(self, request, queryset):
        return self._export_selection(request, queryset, "csv")

    @admin.action(description=_("Export selected signatures (Excel)"), permissions=["export"])
    def export_xlsx(self, request, queryset):
        return self._export_selection(request, queryset, "xlsx")
