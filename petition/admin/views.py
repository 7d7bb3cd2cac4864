"""The signature admin's own pages: the export page, the download of a prepared export,
and bulk invalidation. Each checks the permission, lets its form validate, asks the
export or moderation services, and answers."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.storage import open_stream
from petition import moderation
from petition.admin.forms import ExportForm, InvalidateForm, export_initial
from petition.export_services import Verdict, export_decide, export_file_queue
from petition.exports.prepared import export_file_download
from petition.exports.run import export_signatures
from petition.exports.writers import FORMATS
from petition.models import ExportFile, Signature


def stream_export(export):
    """The export as a download, sent as it is written."""
    response = StreamingHttpResponse(export.chunks(), content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(True, export.filename())
    response["Cache-Control"] = "no-store"
    return response


class SignatureAdminViews:
    """The pages SignatureAdmin adds to the admin, beside its list and change form."""

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
            path("<int:pk>/logo/", self.admin_site.admin_view(self.logo_view), name=f"{info}_logo"),
            *super().get_urls(),
        ]

    def _context(self, request, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "has_view_permission": self.has_view_permission(request),
        }

    def logo_view(self, request, pk):
        """An organisation's logo for moderators: one awaiting approval lies in private
        storage, and this is the only way to see it. Logos are re-encoded as PNG when
        uploaded (core/uploads.py), so nothing else is ever served from here."""
        signature = get_object_or_404(Signature, pk=pk)
        if not self.has_change_permission(request, signature):
            raise PermissionDenied
        logo = signature.organisation_logo or signature.published_logo
        if not logo:
            raise Http404
        try:
            file = open_stream(logo.storage, logo.name)
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(file, content_type="image/png")
        response["Content-Disposition"] = "inline"
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    def export_view(self, request):
        """A form choosing format, filters and columns, and the organiser's prepared exports.

        The POST downloads the file at once when the request can build it in time;
        a larger export is queued for the task worker (see docs/exports.md) and
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
            decision = export_decide(
                signatures=filters.signatures(), format=format, within_request=True, can_queue=True
            )
            if decision.verdict is Verdict.STREAM:
                export = export_signatures(
                    filters=filters,
                    columns=form.cleaned_data["columns"],
                    format=format,
                    user=request.user,
                    via="admin download",
                )
                return stream_export(export)
            # Too many for one request (the page can always queue): prepared in the background.
            export_file_queue(
                filters=filters, columns=form.cleaned_data["columns"], format=format, user=request.user
            )
            message = _(
                "%(rows)s signatures are too many to download at once: the file is being "
                "prepared. It appears under “Your recent exports” below, ready to download, "
                "in a few minutes."
            )
            self.message_user(request, message % {"rows": f"{decision.rows:,}"}, messages.SUCCESS)
            return redirect("admin:petition_signature_export")
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
            handle = export_file_download(export_file=export_file, user=request.user)
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=export_file.download_name or None,
            content_type=FORMATS[export_file.format][0],
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
