from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from articles.models import Article, Category


def article_list(request, slug=None):
    category = get_object_or_404(Category, slug=slug) if slug else None
    articles = Article.objects.published().prefetch_related("categories")
    if category:
        articles = articles.filter(categories=category)
    page = Paginator(articles, 10).get_page(request.GET.get("page"))
    return render(request, "articles/list.html", {"category": category, "page": page})


def article_detail(request, slug):
    article = get_object_or_404(Article.objects.published().prefetch_related("categories"), slug=slug)
    return render(request, "articles/detail.html", {"article": article})
