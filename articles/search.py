"""Article search: PostgreSQL full-text search where available, plain matching on SQLite.

Everything searchable is kept in `Article.search_text` (lower-case plain text of every
language, Chinese in both scripts), so one index serves all three sites and a reader
typing Simplified characters finds an article written in Traditional.

- English words use PostgreSQL's `english` configuration (stemming: "unions" finds
  "union"), served by a GIN index on `to_tsvector('english', search_text)`.
- Chinese has no spaces between words and needs no stemming: a Chinese term matches
  as a substring, served by a trigram GIN index (pg_trgm) on `search_text`.
- On SQLite every term matches as a substring.
The indexes are created by migration 0002 on PostgreSQL only.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F

MAX_QUERY_LENGTH = 100
MAX_TERMS = 8
# CJK ideographs (basic, extension A, compatibility, extensions B and later) and kana.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def normalise_query(raw):
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def document():
    """The expression the full-text GIN index is built on (keep the two identical)."""
    return SearchVector("search_text", config="english")


def search_articles(queryset, raw_query):
    """The articles of `queryset` matching the query, best matches first."""
    query = normalise_query(raw_query).lower()
    terms = query.split()[:MAX_TERMS]
    if not terms:
        return queryset.none()
    if connection.vendor != "postgresql":
        for term in terms:
            queryset = queryset.filter(search_text__contains=term)
        return queryset
    words = [term for term in terms if not CJK.search(term)]
    for term in terms:
        if CJK.search(term):
            queryset = queryset.filter(search_text__contains=term)
    if not words:
        return queryset
    tsquery = SearchQuery(" ".join(words), config="english", search_type="websearch")
    return (
        queryset.annotate(document=document())
        .filter(document=tsquery)
        .annotate(rank=SearchRank(F("document"), tsquery))
        .order_by("-rank", "-published_at", "-id")
    )
