"""Atom and RSS feeds of the latest published articles, one per language."""

from django.contrib.syndication.views import Feed
from django.templatetags.static import static
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext

from articles.models import Article
from articles.text import plain_text
from core.i18n import BCP47
from core.links import absolute_url
from core.models import SiteSettings

FEED_LENGTH = 20
LOGO = "img/og-default.png"
ICON = "img/favicon.svg"


class Bcp47Language:
    """Feeds say zh-Hant / zh-Hans, like the pages' lang attributes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = self.feed["language"] or get_language()
        self.feed["language"] = BCP47.get(language, language)


class AtomWithLogo(Bcp47Language, Atom1Feed):
    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        handler.addQuickElement("icon", self.feed["icon"])
        handler.addQuickElement("logo", self.feed["logo"])


class RssWithImage(Bcp47Language, Rss201rev2Feed):
    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        handler.startElement("image", {})
        handler.addQuickElement("url", self.feed["logo"])
        handler.addQuickElement("title", self.feed["title"])
        handler.addQuickElement("link", self.feed["link"])
        handler.endElement("image")


class LatestArticlesRss(Feed):
    """The feed object is shared by all requests: per-request data travels in `obj`."""

    feed_type = RssWithImage

    def get_object(self, request, *args, **kwargs):
        return {"site": SiteSettings.get_solo(), "path": request.path}

    def title(self, obj):
        return gettext("%(campaign)s: news") % {"campaign": obj["site"].campaign_name}

    def description(self, obj):
        return str(obj["site"].slogan)

    def subtitle(self, obj):
        return self.description(obj)

    def link(self, obj):
        return absolute_url(reverse("articles:list"))

    def feed_url(self, obj):
        return absolute_url(obj["path"])

    def feed_extra_kwargs(self, obj):
        return {"logo": absolute_url(static(LOGO)), "icon": absolute_url(static(ICON))}

    def items(self):
        return Article.objects.published().with_related()[:FEED_LENGTH]

    def item_title(self, item):
        return str(item.title)

    def item_description(self, item):
        # The whole summary (plain text); without one, the start of the body.
        return str(item.summary) or Truncator(plain_text(item.body)).words(60)

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        return [str(category.name) for category in item.categories.all()]


class LatestArticlesAtom(LatestArticlesRss):
    feed_type = AtomWithLogo
