from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from campaign import views
from events import views as events_views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("lang/<str:code>/", views.switch_language, name="switch_language"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/", include("petition.api_urls")),
    path("api/events.json", events_views.events_json, name="events_json"),
    path("", include("campaign.root_urls")),
]

if settings.UPDATES_WEBHOOKS:
    urlpatterns.append(path("anymail/", include("anymail.urls")))

urlpatterns += i18n_patterns(
    path("", include("campaign.page_urls")),
    path("petition/", include("petition.urls")),
    path("partners/", include("petition.partner_urls")),
    path("articles/", include("articles.urls")),
    path("events/", include("events.urls")),
    path("groups/", include("events.group_urls")),
    path("updates/", include("updates.urls")),
    path("privacy/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
