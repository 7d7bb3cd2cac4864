"""Search indexes on PostgreSQL (see articles/search.py); nothing to do on SQLite."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

# The full-text expression must stay identical to articles.search.document().
INDEXES = [
    GinIndex(SearchVector("search_text", config="english"), name="article_search_fts"),
    GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="article_search_trgm"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Other apps use pg_trgm too: it is created if missing and never dropped here.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    Article = apps.get_model("articles", "Article")
    for index in INDEXES:
        schema_editor.add_index(Article, index)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("articles", "Article")
    for index in INDEXES:
        schema_editor.remove_index(Article, index)


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
