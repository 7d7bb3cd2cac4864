"""The public map of signatures by country: `{% load dashboard_tags %}{% signature_map petition %}`."""

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from dashboard import worldmap
from dashboard.labels import country_label
from petition.counts import petition_counts

register = template.Library()


def map_context(petition):
    """The map's SVG and the table rows, in the active language, cached for a short while."""
    language = translation.get_language()
    key = f"dashboard:signature-map:{petition.pk}:{language}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    counts = {code: n for code, n in petition_counts(petition).by_country.items() if code and n}
    rows = sorted(((country_label(code), n) for code, n in counts.items()), key=lambda row: (-row[1], row[0]))

    def tooltip(code, n):
        if not n:
            return country_label(code)
        # Translators: a country's name and its number of confirmed signatures, on the world map.
        return _("%(country)s: %(count)s") % {"country": country_label(code), "count": number_format(n)}

    context = {
        "svg": worldmap.render_map(counts, title=_("Map of the signatures by country"), tooltip=tooltip)
        if counts
        else "",
        "rows": rows,
        "legend": worldmap.legend(worldmap.buckets(counts)),
        "empty_colour": worldmap.EMPTY,
    }
    cache.set(key, context, timeout=settings.SIGNATURE_MAP_CACHE_SECONDS)
    return context


@register.inclusion_tag("includes/_signature_map.html")
def signature_map(petition):
    """A world map of the petition's confirmed signatures by country, with the same figures as a table."""
    if petition is None:
        return {"petition": None}
    return {"petition": petition, **map_context(petition)}
