"""Demo categories (the articles' own demo content is added with the articles pages)."""

from articles.models import Category
from campaign.i18n import fill_other_script

CATEGORIES = [
    ("hong-kong", "Hong Kong", "香港"),
    ("china", "China", "中國"),
    ("solidarity-campaign", "Solidarity campaign", "聲援運動"),
    ("international", "International", "國際"),
]


def load(stdout=None):
    for order, (slug, en, zh_hant) in enumerate(CATEGORIES, start=1):
        category, _ = Category.objects.get_or_create(slug=slug, defaults={"name_en": en})
        category.name_en = en
        category.name_zh_hant = zh_hant
        category.name_zh_hans = ""
        fill_other_script(category, ["name"])
        category.order = order
        category.save()
    return f"{len(CATEGORIES)} categories"
