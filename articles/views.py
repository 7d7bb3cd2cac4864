"""The news pages: the list, categories, search, an article and its preview."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csp import csp_override

from articles.models import Article, Category
from articles.search import normalise_query, search_articles
from articles.text import plain_text
from core.links import absolute_url
from core.sanitize import VIDEO_FRAME_SOURCES

PER_PAGE = 10
LATEST = 5

# Article pages may show embedded videos from the sanitiser's allow-list.
allow_video_frames = csp_override(
    {**settings.SECURE_CSP, "frame-src": [*settings.SECURE_CSP.get("frame-src", []), *VIDEO_FRAME_SOURCES]}
)


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def article_list(request):
    page = _page(request, Article.objects.published().with_related())
    return render(request, "articles/list.html", {"page": page, "all_categories": Category.objects.all()})


def category_detail(request, slug):
    category = get_object_or_404(Category, slug=slug)
    page = _page(request, category.articles.published().with_related())
    context = {"category": category, "page": page, "all_categories": Category.objects.all()}
    return render(request, "articles/list.html", context)


def article_search(request):
    query = normalise_query(request.GET.get("q"))
    page = (
        _page(request, search_articles(Article.objects.published().with_related(), query)) if query else None
    )
    return render(request, "articles/search.html", {"query": query, "page": page})


def _detail_context(article):
    published = Article.objects.published()
    earlier = Q(published_at__lt=article.published_at) | Q(
        published_at=article.published_at, id__lt=article.id
    )
    later = Q(published_at__gt=article.published_at) | Q(published_at=article.published_at, id__gt=article.id)
    return {
        "article": article,
        "share_url": absolute_url(article.get_absolute_url()),
        "og_title": article.title,
        "og_description": article.summary or Truncator(plain_text(article.body)).words(40),
        "og_image": absolute_url(article.image.url) if article.image else "",
        "updated": timezone.localdate(article.updated_at) > timezone.localdate(article.published_at),
        "categories": list(article.categories.all()),
        # In the reader's language first, as on the home page; any other carries its badge.
        "latest": published.exclude(pk=article.pk).readers_language_first(get_language())[:LATEST],
        "previous": published.filter(earlier).order_by("-published_at", "-id").first(),
        "next": published.filter(later).order_by("published_at", "id").first(),
    }


@allow_video_frames
def article_detail(request, slug):
    article = get_object_or_404(Article.objects.published(), slug=slug)
    return render(request, "articles/detail.html", _detail_context(article))


@never_cache
@allow_video_frames
def article_preview(request, pk):
    """Any article as readers will see it, drafts and scheduled ones included: staff only."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), "admin:login")
    if not (request.user.is_staff and request.user.has_perm("articles.view_article")):
        raise PermissionDenied
    article = get_object_or_404(Article, pk=pk)
    context = _detail_context(article) | {"preview": True}
    response = render(request, "articles/detail.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
