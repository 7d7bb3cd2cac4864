from django import template

from core.actionmap import places, render_action_map

register = template.Library()


@register.inclusion_tag("includes/action_map.html")
def action_map(markers, list_id="action-map-list"):
    """The world map of actions with the list that says the same.

    markers: (latitude, longitude, translated label, url, count) for each city."""
    markers = list(markers)
    return {"svg": render_action_map(markers, list_id=list_id), "places": places(markers), "list_id": list_id}
