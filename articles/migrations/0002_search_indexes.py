"""Search indexes on PostgreSQL (see articles/search.py); nothing to do on SQLite."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from articles.search import document

INDEXES = [
    GinIndex(document(), name="article_search_fts"),
    GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="article_search_trgm"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
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

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
