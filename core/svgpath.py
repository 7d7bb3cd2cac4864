"""SVG path data made small: parse a path into points, simplify, encode again.

Shared by the maps drawn on the server (the signature map, the action map).
"""

import math
import re

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
