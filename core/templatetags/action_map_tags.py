from django import template

from core.actionmap import GROUP, MARKER, group_places, groups_list_id, places, render_action_map

register = template.Library()


@register.inclusion_tag("includes/action_map.html")
def action_map(markers, groups=(), list_id="action-map-list"):
    """The world map of actions and local groups with the lists that say the same.

    markers: (latitude, longitude, translated label, url, count) for each city with actions;
    groups: (latitude, longitude, translated name, url) for each local group."""
    markers, groups = list(markers), list(groups)
    return {
        "svg": render_action_map(markers, groups=groups, list_id=list_id),
        "places": places(markers),
        "group_places": group_places(groups),
        "list_id": list_id,
        "groups_id": groups_list_id(list_id),
        "colours": {"action": MARKER, "group": GROUP},
    }
