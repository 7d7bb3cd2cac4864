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
import re
from functools import cache
from importlib import resources
from xml.etree import ElementTree

from django.utils.html import escape
from django.utils.safestring import mark_safe

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

_TOKEN = re.compile(r"[MmLlCcSsHhVvZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _subpaths(d):
    """Absolute points of each subpath of a path, curves reduced to their end points."""
    tokens = _TOKEN.findall(d)
    x = y = 0.0
    start = (0.0, 0.0)
    command = None
    subpaths, current = [], []
    i = 0

    def number():
        nonlocal i
        value = float(tokens[i])
        i += 1
        return value

    while i < len(tokens):
        token = tokens[i]
        if token.isalpha():
            command = token
            i += 1
            if command in "Zz":
                x, y = start
                if current:
                    subpaths.append(current)
                current = []
                continue
        relative = command.islower()
        kind = command.lower()
        if kind == "m":
            dx, dy = number(), number()
            x, y = (x + dx, y + dy) if relative else (dx, dy)
            if current:
                subpaths.append(current)
            current = [(x, y)]
            start = (x, y)
            command = "l" if relative else "L"  # following pairs are lines
            continue
        if kind == "l":
            dx, dy = number(), number()
            x, y = (x + dx, y + dy) if relative else (dx, dy)
        elif kind == "h":
            dx = number()
            x = x + dx if relative else dx
        elif kind == "v":
            dy = number()
            y = y + dy if relative else dy
        elif kind == "c":
            for _ in range(4):
                number()
            dx, dy = number(), number()
            x, y = (x + dx, y + dy) if relative else (dx, dy)
        elif kind == "s":
            number(), number()
            dx, dy = number(), number()
            x, y = (x + dx, y + dy) if relative else (dx, dy)
        else:  # pragma: no cover - the map uses no other command
            raise ValueError(f"Unsupported path command {command!r}")
        current.append((x, y))
    if current:
        subpaths.append(current)
    return subpaths


def _simplify(points, tolerance):
    """Douglas–Peucker, iterative."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        worst, index = 0.0, None
        for k in range(first + 1, last):
            px, py = points[k]
            if length > 1e-6:
                distance = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / length
            else:
                distance = math.hypot(px - x1, py - y1)
            if distance > worst:
                worst, index = distance, k
        if index is not None and worst > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [p for p, k in zip(points, keep, strict=True) if k]


def _encode(subpaths):
    """Short path data: whole numbers, relative moves."""
    parts = []
    px = py = 0
    for points in subpaths:
        rounded = []
        for x, y in points:
            point = (round(x), round(y))
            if not rounded or rounded[-1] != point:
                rounded.append(point)
        if len(rounded) < 3:
            continue
        x0, y0 = rounded[0]
        steps = [f"m{x0 - px} {y0 - py}"]
        line = []
        for (ax, ay), (bx, by) in zip(rounded, rounded[1:], strict=False):
            line.append(f"{bx - ax} {by - ay}")
        steps.append("l" + " ".join(line).replace(" -", "-"))
        parts.append("".join(steps) + "z")
        px, py = x0, y0
    return "".join(parts)


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
