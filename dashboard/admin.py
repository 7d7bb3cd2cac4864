"""The organisers' dashboard lives in the admin, on the URLs of the PetitionStats model.

Whoever may see signatures (`petition.view_signature`: the Organisers group and
superusers) sees "Campaign dashboard" on the admin index; the page itself is
the model's changelist URL. Nothing about the model is editable.
"""

from django.contrib import admin
from django.urls import path

from core.admin import ReadOnlyAdminMixin
from dashboard import views
from dashboard.models import PetitionStats


@admin.register(PetitionStats)
class DashboardAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    def has_module_permission(self, request):
        return request.user.has_perm(views.PERMISSION)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(views.PERMISSION)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path("", wrap(views.dashboard(self)), name="{}_{}_changelist".format(*info)),
            path("refresh/", wrap(views.refresh(self)), name="{}_{}_refresh".format(*info)),
            path("digest/", wrap(views.digest_settings(self)), name="{}_{}_digest".format(*info)),
        ]
