"""Template context for every page: the site settings and the page's address in each language."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from core.i18n import BCP47
from core.links import absolute_url
from core.models import SiteSettings

NATIVE_NAMES = {"en": "English", "zh-hant": "繁體中文", "zh-hans": "简体中文"}
OG_LOCALES = {"en": "en_GB", "zh-hant": "zh_HK", "zh-hans": "zh_CN"}


def site(request):
    """Site settings and the same page in each language (switcher, hreflang, canonical)."""
    current = get_language()
    path = request.path
    alternates = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        alternates.append(
            {
                "code": code,
                "bcp47": BCP47.get(code, code),
                "native_name": NATIVE_NAMES.get(code, code),
                "url": url,
                "absolute_url": absolute_url(url),
                "is_current": code == current,
            }
        )
    return {
        "site": SiteSettings.get_solo(),
        "alternates": alternates,
        "canonical_url": absolute_url(path),
        "html_lang": BCP47.get(current, current),
        "og_locale": OG_LOCALES.get(current, "en_GB"),
        "site_url": settings.SITE_URL,
    }
