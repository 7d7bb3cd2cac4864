"""Sitemaps of actions (upcoming and past) and local groups, in all three languages."""

from django.contrib.sitemaps import Sitemap

from events.models import Event, LocalGroup


class I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class EventSitemap(I18nSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Event.objects.published().order_by("-starts_at", "-id").only("slug", "updated_at")

    def lastmod(self, event):
        return event.updated_at


class LocalGroupSitemap(I18nSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return LocalGroup.objects.published().only("slug", "updated_at")

    def lastmod(self, group):
        return group.updated_at
