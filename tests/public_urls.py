"""Every public HTML page of the site, for tests that crawl them all."""

from django.urls import reverse
from django.utils import translation

from articles.models import Article, Category
from events.models import Event, LocalGroup
from petition.models import Partner

PAGE_NAMES = [
    "campaign:home",
    "campaign:what_you_can_do",
    "campaign:qa",
    "campaign:materials",
    "campaign:contact",
    "campaign:contact_thanks",
    "privacy",
    "petition:sign",
    "petition:wall",
    "petition:thanks",
    "petition:withdrawn",
    "petition:embed",
    "petition:embed_form",
    "partners:list",
    "campaign:motions",
    "campaign:motion_report",
    "campaign:motion_thanks",
    "articles:list",
    "events:list",
    "events:submit",
    "events:submitted",
    "groups:list",
    "groups:start",
    "groups:start_sent",
]


def public_urls(language):
    """The pages, in one language; with content in the database, its detail pages too."""
    with translation.override(language):
        urls = [reverse(name) for name in PAGE_NAMES]
        urls.append(reverse("petition:wall") + "?country=HK")
        urls.append(reverse("articles:search") + "?q=Hong")
        partner = Partner.objects.listed().first()
        if partner:
            urls.append(partner.get_absolute_url())
        article = Article.objects.published().first()
        if article:
            urls.append(article.get_absolute_url())
        urls.append(reverse("events:list") + "?country=GB")
        for event in (Event.objects.upcoming().first(), Event.objects.past().first()):
            if event:
                urls.append(event.get_absolute_url())
        upcoming = Event.objects.upcoming().first()
        if upcoming:
            urls.append(reverse("events:join", kwargs={"slug": upcoming.slug}))
            urls.append(reverse("events:joined", kwargs={"slug": upcoming.slug}))
        group = LocalGroup.objects.published().first()
        if group:
            urls.append(group.get_absolute_url())
        group = LocalGroup.objects.published().exclude(contact_email="").first()
        if group:
            urls.append(reverse("groups:contact", kwargs={"slug": group.slug}))
        category = Category.objects.filter(articles__isnull=False).first()
        if category:
            urls.append(category.get_absolute_url())
    return urls
