"""Unprefixed URLs: sitemap, robots.txt and the signing form's CSRF token."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.cache import cache_page

from campaign import views
from campaign.sitemaps import sitemaps
from petition.views import form_token

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("form-token/", form_token, name="form_token"),
    path(
        "sitemap.xml",
        cache_page(600)(sitemap),
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]
