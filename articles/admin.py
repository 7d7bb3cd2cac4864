from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from articles.models import Article, Category


@admin.register(Category)
class CategoryAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Article)
class ArticleAdmin(TabbedTranslationAdmin):
    list_display = ["title", "status", "published_at", "byline"]
    list_filter = ["status", "categories", "original_language"]
    search_fields = ["title_en", "title_zh_hant", "title_zh_hans", "byline"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title_en"]}
    filter_horizontal = ["categories"]
