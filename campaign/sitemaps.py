"""One sitemap for every public page of every app, in all three languages.

Django's i18n sitemaps list each item once per language with hreflang alternates.
The signatory walls are left out: signers' names stay out of search engines.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.sitemaps import ArticleSitemap, CategorySitemap
from events.sitemaps import EventSitemap, LocalGroupSitemap


class StaticPagesSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "daily"

    def items(self):
        return [
            "campaign:home",
            "petition:sign",
            "articles:list",
            "privacy",
            "campaign:what_you_can_do",
            "campaign:qa",
            "campaign:materials",
            "campaign:contact",
            "campaign:motions",
            "partners:list",
            "events:list",
            "groups:list",
        ]

    def location(self, item):
        return reverse(item)


sitemaps = {
    "pages": StaticPagesSitemap,
    "articles": ArticleSitemap,
    "article-categories": CategorySitemap,
    "events": EventSitemap,
    "groups": LocalGroupSitemap,
}
