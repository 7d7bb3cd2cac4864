"""A light world map of signatures by country, as inline SVG.

The country shapes come from pygal_maps_world's map (the one the pygal World
chart draws), simplified once per process to a few dozen kilobytes: curves become
their end points, coordinates are rounded to whole units of a 1000-wide view and
Douglas–Peucker drops the points a reader cannot see. Countries too small to
click on (Hong Kong, Macao, Singapore…) get a dot as well, so they can be seen
and hovered. Colours are presentation attributes, not CSS, so the map needs no
stylesheet and is allowed by the site's Content-Security-Policy.
"""

import math
from functools import cache
from importlib import resources
from xml.etree import ElementTree

from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.svgpath import _encode, _simplify, _subpaths

SOURCE_WIDTH = 2475
WIDTH = 1000
SCALE = WIDTH / SOURCE_WIDTH
# Cut Antarctica and the empty polar band off the bottom.
HEIGHT = 475
TOLERANCE = 0.6
SMALL = 6  # a country whose shape fits in a box this wide also gets a dot

# Six steps from "no signatures" to "the most".
EMPTY = "#e9e7e4"
SCALE_COLOURS = ["#f6c9c4", "#eb948b", "#d95f55", "#b3121f", "#6e0a12"]
STROKE = "#ffffff"


@cache
def shapes():
    """{ISO alpha-2 code (upper case): (path data, (cx, cy) or None for a dot)}."""
    source = resources.files("pygal_maps_world").joinpath("worldmap.svg").read_text(encoding="utf-8")
    root = ElementTree.fromstring(source)  # noqa: S314 -- a file shipped in an installed package
    ns = "{http://www.w3.org/2000/svg}"
    out = {}
    for group in root.iter(f"{ns}g"):
        classes = (group.get("class") or "").split()
        if "country" not in classes or classes[0] == "aq":
            continue
        code = classes[0].upper()
        subpaths = []
        for path in group.iter(f"{ns}path"):
            for points in _subpaths(path.get("d", "")):
                scaled = [(px * SCALE, py * SCALE) for px, py in points]
                subpaths.append(_simplify(scaled, TOLERANCE))
        xs = [px for points in subpaths for px, _ in points]
        ys = [py for points in subpaths for _, py in points]
        if not xs:
            continue
        # Keep the subpaths a reader can see; a small country keeps all of them.
        big = [p for p in subpaths if _extent(p) >= 2]
        dot = None
        if max(xs) - min(xs) < SMALL and max(ys) - min(ys) < SMALL:
            dot = (round((max(xs) + min(xs)) / 2, 1), round((max(ys) + min(ys)) / 2, 1))
            big = subpaths
        out[code] = (_encode(big), dot)
    return out


def _extent(points):
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return max(max(xs) - min(xs), max(ys) - min(ys))


def round_number_above(value):
    """The first of 1, 2, 5, 10, 20, 50, 100 … at or above `value`: a legend reads
    "1 to 10, 11 to 20", never "11 to 12, 13 to 16"."""
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude >= value:
                return step * magnitude
        magnitude *= 10


def buckets(counts):
    """Upper bounds of the colour steps for these counts: quantiles rounded up to round
    numbers, increasing."""
    values = sorted(v for v in counts.values() if v > 0)
    if not values:
        return []
    bounds = []
    steps = len(SCALE_COLOURS)
    for k in range(1, steps + 1):
        bound = round_number_above(values[min(len(values) - 1, math.ceil(k * len(values) / steps) - 1)])
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    return bounds


def colour_for(value, bounds):
    if not value:
        return EMPTY
    # Spread the steps that exist over the whole scale, the top step darkest.
    for index, bound in enumerate(bounds):
        if value <= bound:
            position = (
                index if len(bounds) == 1 else round(index * (len(SCALE_COLOURS) - 1) / (len(bounds) - 1))
            )
            if len(bounds) == 1:
                position = len(SCALE_COLOURS) - 2
            return SCALE_COLOURS[position]
    return SCALE_COLOURS[-1]


def legend(bounds):
    """[(colour, low, high)] for the colour steps in use."""
    out, low = [], 1
    for bound in bounds:
        out.append((colour_for(bound, bounds), low, bound))
        low = bound + 1
    return out


def render_map(counts, *, title, tooltip):
    """An inline SVG world map, as safe HTML.

    counts: {ISO code: number}; title: the map's accessible name; tooltip(code, number):
    the translated text shown when pointing at a country.
    """
    bounds = buckets(counts)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="signature-map-svg" role="img" aria-labelledby="signature-map-title">'
        f'<title id="signature-map-title">{escape(title)}</title>'
        f'<g stroke="{STROKE}" stroke-width="0.5" stroke-linejoin="round">'
    ]
    dots = []
    for code, (d, dot) in shapes().items():
        value = counts.get(code, 0)
        colour = colour_for(value, bounds)
        tip = escape(tooltip(code, value))
        css = "map-country has-signatures" if value else "map-country"
        if d:
            parts.append(
                f'<path class="{css}" data-country="{code}" fill="{colour}" d="{d}">'
                f"<title>{tip}</title></path>"
            )
        if dot and value:
            dots.append(
                f'<circle class="map-dot" data-country="{code}" cx="{dot[0]}" cy="{dot[1]}" r="4" '
                f'fill="{colour}" stroke="#1d1d24" stroke-width="0.8"><title>{tip}</title></circle>'
            )
    parts.append("</g>")
    parts.extend(dots)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 -- every text in it is escaped above
