from modeltranslation.translator import TranslationOptions

from articles.models import Article, Category
from core.i18n import register_translated


@register_translated(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name", "description")


@register_translated(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "byline", "image_alt", "image_caption")
