"""Sitemaps of the articles and categories, each page in all three languages with hreflang."""

from django.contrib.sitemaps import Sitemap

from articles.models import Article, Category


class I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class ArticleSitemap(I18nSitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Article.objects.published().order_by("-published_at", "-id").only("slug", "updated_at")

    def lastmod(self, article):
        return article.updated_at


class CategorySitemap(I18nSitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        # Only categories with something to read.
        return Category.objects.filter(articles__in=Article.objects.published()).distinct().only("slug")
