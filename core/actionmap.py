"""A world map of actions (protests, meetings…) by city, as inline SVG.

`render_action_map(markers, groups=…)` takes markers — (latitude, longitude, label,
url, count), labels already translated by the caller — and local groups — (latitude,
longitude, label, url) — and returns the SVG: a grey world outline, one numbered,
linked circle per place with actions and one linked diamond per city with groups.
Nothing is fetched from another host: the outline is pygal_maps_world's world map,
the one the signature map draws.

That map is drawn in the Robinson projection, centred on about 10.5° E, and scaled
to 2475 × 1388 units. The constants below were fitted on the outlines of small
countries and islands whose position is known (Hong Kong, Singapore, Malta, Cyprus,
Jamaica, Belgium, Iceland…); a city lands within about a degree of where it is,
which is closer than a marker's own size. Cities closer than a marker's width on
the map (Europe is dense) share one marker whose number is their sum and whose link
leads to the list beside the map.
"""

import hashlib
from functools import cache, lru_cache
from importlib import resources
from xml.etree import ElementTree

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from core.svgpath import _encode, _simplify, _subpaths

SOURCE_WIDTH = 2475
WIDTH = 1000
SCALE = WIDTH / SOURCE_WIDTH
HEIGHT = 475  # Antarctica and the empty polar band are cut off the bottom
TOLERANCE = 0.8

# Robinson projection fitted to the source map (units of the source map).
CENTRE_X = 1280.68
CENTRE_Y = 686.37
X_PER_DEGREE = 7.64  # at the equator
Y_FACTOR = 703.41  # y = CENTRE_Y - Y_FACTOR * Robinson's Y(latitude)
CENTRAL_MERIDIAN = 10.5023

# Robinson's table: (X, Y) every 5 degrees of latitude from 0 to 90.
_ROBINSON = (
    (1.0000, 0.0000), (0.9986, 0.0620), (0.9954, 0.1240), (0.9900, 0.1860),
    (0.9822, 0.2480), (0.9730, 0.3100), (0.9600, 0.3720), (0.9427, 0.4340),
    (0.9216, 0.4958), (0.8962, 0.5571), (0.8679, 0.6176), (0.8350, 0.6769),
    (0.7986, 0.7346), (0.7597, 0.7903), (0.7186, 0.8435), (0.6732, 0.8936),
    (0.6213, 0.9394), (0.5722, 0.9761), (0.5322, 1.0000),
)  # fmt: skip

# The map is drawn in a column about 360 px wide (a phone, a sidebar): 0.36 px a unit.
# A marker is then about 22 px across with a 12 px number, and its touch target 25 px
# (WCAG 2.5.8 asks 24).
MARKER_RADIUS = 30  # units of the 1000-wide map
TARGET_RADIUS = 35  # the invisible touch target around a marker
NUMBER_SIZE = 34
CLUSTER_DISTANCE = 2 * MARKER_RADIUS
LAND = "#e2dfdb"
MARKER = "#b3121f"
GROUP_RADIUS = 24  # half a group's diamond, corner to corner
GROUP = "#1d4f91"


def project(latitude, longitude):
    """(x, y) on the 1000-wide map for a place on Earth."""
    latitude = max(-90.0, min(90.0, float(latitude)))
    longitude = (float(longitude) - CENTRAL_MERIDIAN + 180.0) % 360.0 - 180.0
    step = min(abs(latitude) / 5.0, 17.999999)
    index = int(step)
    fraction = step - index
    (x1, y1), (x2, y2) = _ROBINSON[index], _ROBINSON[index + 1]
    factor_x = x1 + (x2 - x1) * fraction
    factor_y = y1 + (y2 - y1) * fraction
    if latitude < 0:
        factor_y = -factor_y
    x = CENTRE_X + X_PER_DEGREE * factor_x * longitude
    y = CENTRE_Y - Y_FACTOR * factor_y
    return x * SCALE, y * SCALE


@cache
def outline():
    """The path data of all land but Antarctica, simplified once per process."""
    source = resources.files("pygal_maps_world").joinpath("worldmap.svg").read_text(encoding="utf-8")
    root = ElementTree.fromstring(source)  # noqa: S314 -- a file shipped in an installed package
    ns = "{http://www.w3.org/2000/svg}"
    subpaths = []
    for group in root.iter(f"{ns}g"):
        classes = (group.get("class") or "").split()
        if "country" not in classes or classes[0] == "aq":
            continue
        for path in group.iter(f"{ns}path"):
            for points in _subpaths(path.get("d", "")):
                subpaths.append(_simplify([(px * SCALE, py * SCALE) for px, py in points], TOLERANCE))
    return _encode(subpaths)


def _safe_url(url):
    """Only links within the site: a path, never another host or a script."""
    url = str(url or "")
    if url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url
    return ""


def places(markers):
    """The markers as drawn: one per place, nearby places merged.

    Returns [{"x", "y", "count", "cities": [(label, url, count)]}], the biggest first.
    """
    by_city = {}
    for latitude, longitude, label, url, count in markers:
        key = (round(float(latitude), 2), round(float(longitude), 2))
        city = by_city.setdefault(key, {"label": str(label), "url": _safe_url(url), "count": 0})
        city["count"] += max(int(count), 1)
    drawn = []
    for (latitude, longitude), city in sorted(by_city.items(), key=lambda item: -item[1]["count"]):
        x, y = project(latitude, longitude)
        for place in drawn:
            if (place["x"] - x) ** 2 + (place["y"] - y) ** 2 < CLUSTER_DISTANCE**2:
                place["cities"].append((city["label"], city["url"], city["count"]))
                place["count"] += city["count"]
                break
        else:
            drawn.append(
                {
                    "x": x,
                    "y": y,
                    "count": city["count"],
                    "cities": [(city["label"], city["url"], city["count"])],
                }
            )
    return drawn


def group_places(groups):
    """The local groups as drawn: one diamond per city, the groups of a city together.

    Returns [{"x", "y", "groups": [(label, url)]}], in the order the groups came.
    """
    by_city = {}
    for latitude, longitude, label, url in groups:
        key = (round(float(latitude), 2), round(float(longitude), 2))
        by_city.setdefault(key, []).append((str(label), _safe_url(url)))
    drawn = []
    for (latitude, longitude), members in by_city.items():
        x, y = project(latitude, longitude)
        drawn.append({"x": x, "y": y, "groups": members})
    return drawn


def groups_list_id(list_id):
    """The id of the list of groups beside the map."""
    return f"{list_id}-groups"


def place_id(list_id, index, city):
    """The id of a city's entry in the list beside the map: the marker's name."""
    return f"{list_id}-{index}-{city}"


def render_action_map(markers, *, groups=(), list_id="action-map-list"):
    """The map as safe HTML. Cached per language, markers and groups: the same actions
    give the same bytes, so a page that includes it can be cached too."""
    frozen = tuple((float(a), float(b), str(c), str(d), int(e)) for a, b, c, d, e in markers)
    frozen_groups = tuple((float(a), float(b), str(c), str(d)) for a, b, c, d in groups)
    return _render(frozen, frozen_groups, list_id, get_language())


def _diamond(x, y):
    r = GROUP_RADIUS
    return f"M{x} {round(y - r, 1)}L{round(x + r, 1)} {y}L{x} {round(y + r, 1)}L{round(x - r, 1)} {y}Z"


@lru_cache(maxsize=64)
def _render(markers, groups, list_id, language):
    if groups:
        title = gettext("Map of upcoming actions and local groups")
    else:
        title = gettext("Map of upcoming actions")
    drawn = places(markers)
    digest = hashlib.blake2s(repr((markers, groups, language)).encode(), digest_size=4).hexdigest()
    title_id = f"action-map-title-{digest}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="action-map-svg" '
        f'role="group" aria-labelledby="{title_id}">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<path d="{outline()}" fill="{LAND}" stroke="#ffffff" stroke-width="0.5" aria-hidden="true"/>'
    ]
    for index, place in enumerate(drawn):
        x, y = round(place["x"], 1), round(place["y"], 1)
        if len(place["cities"]) == 1 and place["cities"][0][1]:
            href = escape(place["cities"][0][1])
        else:
            href = f"#{escape(list_id)}"
        # The marker's name is its places' entries in the list beside the map, which
        # carry each name's own language (a Latin city name on a Chinese page).
        names = " ".join(escape(place_id(list_id, index, n)) for n in range(len(place["cities"])))
        label = (
            f'<text x="{x}" y="{y}" dy="0.35em" text-anchor="middle" font-size="{NUMBER_SIZE}" '
            f'font-weight="700" fill="#ffffff" aria-hidden="true">{place["count"]}</text>'
            if place["count"] > 1
            else ""
        )
        parts.append(
            f'<a href="{href}" class="action-map-marker" aria-labelledby="{names}">'
            f'<circle cx="{x}" cy="{y}" r="{TARGET_RADIUS}" fill="transparent"/>'
            f'<circle cx="{x}" cy="{y}" r="{MARKER_RADIUS}" fill="{MARKER}" stroke="#fff" stroke-width="2"/>'
            f"{label}</a>"
        )
    groups_id = groups_list_id(list_id)
    for index, place in enumerate(group_places(groups)):
        x, y = place["x"], place["y"]
        # Beside an action's circle rather than under it.
        if any((p["x"] - x) ** 2 + (p["y"] - y) ** 2 < CLUSTER_DISTANCE**2 for p in drawn):
            x, y = x + MARKER_RADIUS + GROUP_RADIUS // 2, y - MARKER_RADIUS
        x, y = round(x, 1), round(y, 1)
        members = place["groups"]
        href = escape(members[0][1]) if len(members) == 1 and members[0][1] else f"#{escape(groups_id)}"
        names = " ".join(escape(place_id(groups_id, index, n)) for n in range(len(members)))
        parts.append(
            f'<a href="{href}" class="action-map-group" aria-labelledby="{names}">'
            f'<circle cx="{x}" cy="{y}" r="{TARGET_RADIUS}" fill="transparent"/>'
            f'<path d="{_diamond(x, y)}" fill="{GROUP}" stroke="#fff" stroke-width="2"/></a>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 -- every text in it is escaped above
