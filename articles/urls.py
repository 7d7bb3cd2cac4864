from django.urls import path

from articles import feeds, views
from core.replica import reads_replica

app_name = "articles"

# Fixed words come before <slug>: Article.clean() keeps slugs off them (RESERVED_SLUGS).
urlpatterns = [
    path("", views.article_list, name="list"),
    path("search/", views.article_search, name="search"),
    path("feed/", reads_replica(feeds.LatestArticlesAtom()), name="feed"),
    path("feed/rss/", reads_replica(feeds.LatestArticlesRss()), name="feed_rss"),
    path("category/<slug:slug>/", views.category_detail, name="category"),
    path("preview/<int:pk>/", views.article_preview, name="preview"),
    path("<slug:slug>/", views.article_detail, name="detail"),
]
