from django.apps import AppConfig
from django.core.checks import Tags, register
from django.utils.translation import gettext_lazy as _

from core.checks import cache_is_shared, glossary_is_readable


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Site")

    def ready(self):
        register(cache_is_shared, Tags.caches, deploy=True)
        register(glossary_is_readable, Tags.translation)

        import django_countries

        from core import countries

        # Country lists in Chinese ordered by pinyin instead of by Latin letters.
        django_countries.sort_key = countries.sort_key
