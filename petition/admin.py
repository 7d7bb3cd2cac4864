"""The organisers' admin: petitions, signatures (moderation and export), featured
signatories, and the audit log (superusers only).

Signers may be at risk: the signature list never shows an email address to a
user without the export permission, nobody adds or edits what a signer wrote,
and every state change goes through petition/moderation.py, which logs it and
refreshes the counts.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries
from django_countries.filters import CountryFilter
from modeltranslation.admin import TabbedTranslationAdmin

from core.admin import FillChineseMixin, SuperuserOnlyAdminMixin
from core.forms import PictureField
from petition import exports, moderation
from petition.counts import petition_counts
from petition.models import AuditLog, Demand, ExportFile, FeaturedSignatory, Petition, Signature

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

    @admin.display(description=_("confirmed signatures"))
    def signature_count(self, obj):
        return petition_counts(obj).total


# --- Signatures ------------------------------------------------------------------


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
                "organisation_logo",
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
                "last_email_error",
            ]
        },
    ),
]
SIGNATURE_EDITABLE = {"comment_approved", "logo_approved"}


def _model_field_names(model):
    return {f.name for f in model._meta.get_fields()}


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
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
    actions = ["hide", "unhide", "confirm", "invalidate", "export_csv", "export_xlsx"]

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

    def get_search_fields(self, request):
        fields = list(super().get_search_fields(request))
        if request.user.is_superuser:
            fields.append("=email")
        return fields

    def get_fieldsets(self, request, obj=None):
        present = _model_field_names(Signature)
        hide_email = not self.has_export_permission(request)
        fieldsets = []
        for title, options in SIGNATURE_FIELDSETS:
            fields = [f for f in options["fields"] if f in present and not (hide_email and f == "email")]
            fieldsets.append((title, {**options, "fields": fields}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = [f for _title, options in self.get_fieldsets(request, obj) for f in options["fields"]]
        return [f for f in fields if f not in SIGNATURE_EDITABLE]

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

    # -- export --

    def _export_selection(self, request, queryset, format):
        # Withdrawn and invalidated rows only when the list is filtered to that state.
        states = {Signature.State.PENDING, Signature.State.CONFIRMED}
        if request.GET.get("state__exact") in Signature.State.values:
            states.add(request.GET["state__exact"])
        queryset = queryset.filter(state__in=states)
        rows = queryset.count()
        if rows > exports.inline_max_rows(format):
            message = _(
                "%(rows)s signatures are too many to download at once. Use “Export…”, which "
                "prepares large files in the background."
            )
            self.message_user(request, message % {"rows": f"{rows:,}"}, messages.WARNING)
            return None
        petition_ids = list(queryset.order_by().values_list("petition_id", flat=True).distinct()[:2])
        export = exports.Export(
            queryset=queryset,
            columns=exports.DEFAULT_COLUMNS,
            format=format,
            user=request.user,
            via="admin action",
            filters={"selection": request.GET.urlencode() or "selected rows", "states": sorted(states)},
            petition=Petition.objects.get(pk=petition_ids[0]) if len(petition_ids) == 1 else None,
        )
        return stream_export(export)

    @admin.action(description=_("Export selected signatures (CSV)"), permissions=["export"])
    def export_csv(self, request, queryset):
        return self._export_selection(request, queryset, "csv")

    @admin.action(description=_("Export selected signatures (Excel)"), permissions=["export"])
    def export_xlsx(self, request, queryset):
        return self._export_selection(request, queryset, "xlsx")

    # -- extra pages --

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("export/", self.admin_site.admin_view(self.export_view), name=f"{info}_export"),
            path(
                "export/<int:pk>/download/",
                self.admin_site.admin_view(self.export_download_view),
                name=f"{info}_export_download",
            ),
            path("invalidate/", self.admin_site.admin_view(self.invalidate_view), name=f"{info}_invalidate"),
            *super().get_urls(),
        ]

    def _context(self, request, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "has_view_permission": self.has_view_permission(request),
        }

    def export_view(self, request):
        """A form choosing format, filters and columns, and the organiser's prepared exports.

        The POST downloads the file at once when the request can build it in time;
        a larger export is queued for the task worker (see petition/exports.py) and
        listed on this page, to download when ready.
        """
        if not self.has_export_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            form = ExportForm(request.POST)
        else:
            form = ExportForm(initial=export_initial(request.GET))
        if form.is_bound and form.is_valid():
            filters, format = form.filters(), form.cleaned_data["format"]
            rows = filters.apply(Signature.objects.all()).count()
            if format == "xlsx" and rows > exports.XLSX_MAX_ROWS:
                form.add_error(
                    "format",
                    _(
                        "%(rows)s signatures do not fit in one Excel sheet (at most %(limit)s rows). "
                        "Choose CSV, which Excel opens too, or narrow the filters."
                    )
                    % {"rows": f"{rows:,}", "limit": f"{exports.XLSX_MAX_ROWS:,}"},
                )
            elif rows > exports.inline_max_rows(format):
                exports.export_file_queue(
                    filters=filters, columns=form.cleaned_data["columns"], format=format, user=request.user
                )
                message = _(
                    "%(rows)s signatures are too many to download at once: the file is being "
                    "prepared. It appears under “Your recent exports” below, ready to download, "
                    "in a few minutes."
                )
                self.message_user(request, message % {"rows": f"{rows:,}"}, messages.SUCCESS)
                return redirect("admin:petition_signature_export")
            else:
                export = exports.export_signatures(
                    filters=filters,
                    columns=form.cleaned_data["columns"],
                    format=format,
                    user=request.user,
                    via="admin download",
                )
                return stream_export(export)
        recent = ExportFile.objects.filter(user=request.user).select_related("petition")[:10]
        context = {
            **self._context(request, _("Export signatures")),
            "form": form,
            "recent_exports": recent,
            "exports_pending": any(export_file.is_pending for export_file in recent),
            "retention_days": settings.EXPORT_RETENTION_DAYS,
        }
        return TemplateResponse(request, "admin/petition/signature/export.html", context)

    def export_download_view(self, request, pk):
        """A prepared export's file, for the organiser who asked for it or a superuser."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        export_file = (
            ExportFile.objects.visible_to(request.user).filter(pk=pk, status=ExportFile.Status.READY).first()
        )
        if export_file is None or not export_file.file:
            raise Http404
        try:
            handle = exports.private_storage().open(export_file.file, "rb")
        except FileNotFoundError:
            raise Http404 from None
        AuditLog.objects.create(
            action=AuditLog.Action.OTHER,
            user=request.user,
            petition_id=export_file.petition_id,
            rows=export_file.rows or 0,
            details={
                "via": "prepared export download",
                "export_file": export_file.pk,
                "format": export_file.format,
                "asked_by": export_file.user_id,
            },
        )
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=export_file.download_name or None,
            content_type=exports.FORMATS[export_file.format][0],
        )
        response["Cache-Control"] = "no-store"
        return response

    def invalidate_view(self, request):
        """Invalidate by email domain, IP hash or time window: preview the count, then confirm."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = InvalidateForm(request.POST or request.GET or None)
        context = {**self._context(request, _("Invalidate signatures in bulk")), "form": form}
        if form.is_bound and form.is_valid():
            criteria = form.criteria()
            matching = moderation.invalidation_candidates(criteria)
            count = matching.count()
            expected = form.cleaned_data.get("expected")
            if request.method == "POST" and "confirm" in request.POST and expected == count:
                outcome = moderation.signatures_invalidate_matching(criteria=criteria, user=request.user)
                message = ngettext(
                    "%(count)d signature invalidated.", "%(count)d signatures invalidated.", outcome.rows
                )
                self.message_user(request, message % {"count": outcome.rows}, messages.SUCCESS)
                return redirect(reverse("admin:petition_signature_changelist") + "?state__exact=invalidated")
            context.update(
                {
                    "preview": True,
                    "count": count,
                    "changed": expected is not None and expected != count,
                    "sample": matching.select_related("petition").order_by("-id")[:20],
                    "confirm_form": InvalidateForm(initial={**form.cleaned_data, "expected": count}),
                }
            )
        since = timezone.now() - timedelta(days=1)
        context["busiest"] = moderation.busiest_sources(since=since)
        return TemplateResponse(request, "admin/petition/signature/invalidate.html", context)


def export_initial(params):
    """Start the export form from the signature list's filters."""
    initial = {}
    if params.get("petition__id__exact"):
        initial["petition"] = params["petition__id__exact"]
    if params.get("state__exact") in Signature.State.values:
        initial["states"] = [params["state__exact"]]
    if params.get("country"):
        initial["country"] = params["country"]
    if params.get("kind__exact") in Signature.Kind.values:
        initial["kind"] = params["kind__exact"]
    return initial


def stream_export(export):
    response = StreamingHttpResponse(export.chunks(), content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(True, export.filename())
    response["Cache-Control"] = "no-store"
    return response


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class InvalidateForm(forms.Form):
    petition = forms.ModelChoiceField(
        Petition.objects.all(), required=False, empty_label=_("all petitions"), label=_("petition")
    )
    email_domain = forms.CharField(
        label=_("email domain"), required=False, max_length=254, help_text=_("For example: example.org")
    )
    ip_hash = forms.CharField(
        label=_("IP hash"),
        required=False,
        max_length=64,
        help_text=_("The full hash, as shown on a signature's page."),
    )
    created_from = forms.DateTimeField(label=_("signed from"), required=False, widget=DateTimeLocalInput)
    created_to = forms.DateTimeField(label=_("signed before"), required=False, widget=DateTimeLocalInput)
    expected = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if not self.errors and self.criteria().is_empty():
            raise forms.ValidationError(
                _("Give an email domain, an IP hash or a time window: a rule must not match everything.")
            )
        start, end = data.get("created_from"), data.get("created_to")
        if start and end and start >= end:
            self.add_error("created_to", _("The end of the window must come after its start."))
        return data

    def criteria(self):
        data = self.cleaned_data
        return moderation.Criteria(
            petition=data.get("petition"),
            email_domain=data.get("email_domain", "").strip().lstrip("@").lower(),
            ip_hash=data.get("ip_hash", "").strip(),
            created_from=data.get("created_from"),
            created_to=data.get("created_to"),
        )


class ExportForm(forms.Form):
    petition = forms.ModelChoiceField(Petition.objects.all(), label=_("petition"))
    format = forms.ChoiceField(
        label=_("format"),
        choices=[
            ("csv", _("CSV (Excel, Numbers, LibreOffice)")),
            ("xlsx", _("Excel workbook")),
            ("json", "JSON"),
        ],
        initial="csv",
        widget=forms.RadioSelect,
    )
    states = forms.MultipleChoiceField(
        label=_("states"),
        choices=Signature.State.choices,
        initial=[Signature.State.CONFIRMED],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Withdrawn signatures carry no personal data; invalidated ones are not counted."),
    )
    country = forms.ChoiceField(label=_("country"), required=False)
    kind = forms.ChoiceField(
        label=_("kind"),
        required=False,
        choices=[("", _("individuals and organisations")), *Signature.Kind.choices],
    )
    since = forms.DateField(
        label=_("signed on or after"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    columns = forms.MultipleChoiceField(
        label=_("columns"),
        choices=exports.column_choices,
        initial=list(exports.DEFAULT_COLUMNS),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Email addresses are filled in only for signers who agreed to receive campaign news."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("all countries")), *countries]
        current = Petition.objects.current()
        if current is not None:
            self.fields["petition"].initial = current.pk

    def filters(self):
        data = self.cleaned_data
        return exports.Filters(
            petition=data["petition"],
            states=tuple(data["states"]),
            country=data["country"],
            kind=data["kind"],
            since=data["since"],
        )


# --- Featured signatories -------------------------------------------------------


class FeaturedSignatoryForm(forms.ModelForm):
    photo = PictureField(
        label=_("photo or logo"),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF up to 5 MB; it is scaled to fit 600 × 600 pixels."),
    )

    class Meta:
        model = FeaturedSignatory
        fields = [
            "petition",
            "name",
            "chinese_name",
            "description",
            "country",
            "is_organisation",
            "photo",
            "photo_alt",
            "order",
            "is_visible",
        ]


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
