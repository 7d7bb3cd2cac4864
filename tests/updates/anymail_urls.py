"""The site's URLs with a provider's webhooks served (as with ANYMAIL_WEBHOOK_SECRET set)."""

from django.urls import include, path

from campaign.urls import urlpatterns as site

urlpatterns = [path("anymail/", include("anymail.urls")), *site]
