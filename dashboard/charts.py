"""The dashboard's charts: pygal SVG, made fit to be inlined under the site's Content-Security-Policy.

pygal writes a <style> and a <script> into each chart and styles its tooltips
with a style attribute; the policy allows none of them. `inline()` removes them
(the same rules, scoped to `.pygal-chart`, are served from
static/css/dashboard-charts.css: see `chart_css`) and turns pygal's hidden value
descriptions into <title> elements, which browsers show on hover with no script.
"""

import re
from xml.etree import ElementTree

import pygal
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

SVG = "http://www.w3.org/2000/svg"
ElementTree.register_namespace("", SVG)
ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")

FONT = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, '
    '"Noto Sans CJK TC", "Noto Sans CJK SC", sans-serif'
)
STYLE = Style(
    font_family=FONT,
    background="transparent",
    plot_background="transparent",
    foreground="#1d1d24",
    foreground_strong="#1d1d24",
    foreground_subtle="#6c6c75",
    opacity=".85",
    opacity_hover="1",
    colors=(
        "#b3121f",
        "#1d4e89",
        "#2e7d32",
        "#d97706",
        "#6a1b9a",
        "#00838f",
        "#795548",
        "#ad1457",
        "#455a64",
        "#827717",
    ),
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    value_font_size=13,
    value_label_font_size=13,
    title_font_size=16,
    tooltip_font_size=13,
)

COMMON = {
    "style": STYLE,
    "disable_xml_declaration": True,
    "js": [],
    "width": 560,
    "height": 300,
    "margin": 12,
    "margin_bottom": 28,  # room for a legend at the bottom, which pygal would clip
    "legend_at_bottom": True,
    "legend_at_bottom_columns": 2,
    "truncate_legend": 40,
    "truncate_label": 30,
}


def _tag(element):
    return element.tag.rsplit("}", 1)[-1]


def _desc(element, kind):
    for child in element:
        if _tag(child) == "desc" and kind in (child.get("class") or "").split():
            return child
    return None


def inline(svg, title):
    """A pygal chart as inline SVG markup: no <style>, <script> or style attribute;
    an accessible name; a <title> tooltip on each value."""
    root = ElementTree.fromstring(svg)  # noqa: S314 -- made by pygal from our own numbers
    root.set("role", "img")
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in list(root.iter()):
        tag = _tag(element)
        if tag in ("style", "script") or "tooltip-overlay" in (element.get("class") or ""):
            parents[element].remove(element)
            continue
        element.attrib.pop("style", None)
        value = _desc(element, "value")
        if value is not None:
            label = _desc(element, "label")
            if label is None:
                label = _desc(element, "x_label")
            text = f"{label.text}: {value.text}" if label is not None and label.text else value.text
            tooltip = ElementTree.Element(f"{{{SVG}}}title")
            tooltip.text = text
            element.insert(0, tooltip)
            for child in list(element):
                if _tag(child) == "desc":
                    element.remove(child)
    for child in root:
        if _tag(child) == "title":
            child.text = str(title)
            break
    return mark_safe(ElementTree.tostring(root, encoding="unicode"))  # noqa: S308 -- serialised by ElementTree


def chart_css():
    """pygal's stylesheet for STYLE, scoped to `.pygal-chart` instead of one chart's id."""
    chart = pygal.Line(**COMMON)
    for _colour in STYLE.colors:  # one series per colour, so that each colour's rules are written
        chart.add("", [1, 2])
    root = ElementTree.fromstring(chart.render())  # noqa: S314
    css = "\n".join(el.text or "" for el in root.iter(f"{{{SVG}}}style"))
    return re.sub(r"#chart-[0-9a-f-]+", ".pygal-chart", css).strip() + "\n"


def day_label(day):
    return formats.date_format(day, "MONTH_DAY_FORMAT")


def _every(count, labels=8):
    return max(1, round(count / labels))


def daily_chart(days, *, title):
    """Bars of the confirmed signatures of each day."""
    chart = pygal.Bar(
        **COMMON,
        show_legend=False,
        x_labels_major_every=_every(len(days), 5),
        show_minor_x_labels=False,
    )
    chart.x_labels = [day_label(day) for day, _c in days]
    chart.add(_("Confirmed"), [counts["confirmed"] for _d, counts in days])
    return inline(chart.render(), title)


def goal_in_sight(cumulative, goal):
    """Whether the goal fits on the chart without flattening the total into a line at the bottom."""
    return bool(goal) and bool(cumulative) and goal <= 4 * max(cumulative[-1], 1)


def milestone_label(goal, day):
    return _("%(goal)s passed on %(day)s") % {
        "goal": formats.number_format(goal, force_grouping=True),
        "day": formats.date_format(day, "DATE_FORMAT"),
    }


def cumulative_chart(days, cumulative, goal, *, title, milestones=()):
    """The running total as an area, with the goal as a dashed line when it is within sight
    (the second series: dashboard.css draws it unfilled), and a labelled mark on the day
    each milestone (day, goal) was passed (the last series: dots only)."""
    chart = pygal.Line(
        **COMMON,
        fill=True,
        show_dots=False,
        x_labels_major_every=_every(len(days), 5),
        show_minor_x_labels=False,
        include_x_axis=True,
        show_legend=goal_in_sight(cumulative, goal) or bool(milestones),
        print_labels=True,  # only the milestones' marks have labels
    )
    chart.x_labels = [day_label(day) for day, _c in days]
    chart.add(_("Confirmed signatures"), cumulative)
    if goal_in_sight(cumulative, goal):
        chart.add(_("Goal"), [goal] * len(days))
    index = {day: n for n, (day, _counts) in enumerate(days)}
    marks = [None] * len(days)
    for day, passed in milestones:
        if day in index:  # passed within the days shown
            marks[index[day]] = {"value": passed, "label": milestone_label(passed, day)}
    if any(marks):
        chart.add(_("Milestones"), marks, stroke=False, fill=False, show_dots=True, dots_size=5)
    return inline(chart.render(), title)


def bar_chart(items, *, title, series):
    """Horizontal bars, largest on top: items are (label, number)."""
    items = list(items)
    chart = pygal.HorizontalBar(
        **{**COMMON, "height": max(140, 50 + 24 * len(items))},
        show_legend=False,
        print_values=True,
        print_values_position="top",
    )
    ordered = list(reversed(items))  # pygal draws the first bar at the bottom
    chart.x_labels = [label for label, _n in ordered]
    chart.add(series, [{"value": n, "label": label} for label, n in ordered])
    return inline(chart.render(), title)


def pie_chart(items, *, title):
    """A ring: items are (label, number)."""
    chart = pygal.Pie(**{**COMMON, "height": 240, "legend_at_bottom": False}, inner_radius=0.5)
    total = sum(n for _label, n in items) or 1
    for label, n in items:
        chart.add(f"{label} ({round(n * 100 / total)}%)", [{"value": n, "label": label}])
    return inline(chart.render(), title)


def digest_chart_svg(days, cumulative):
    """The digest's chart as a standalone SVG document (with pygal's own styles): the last
    30 days' confirmed signatures as bars. Turned into a PNG for the email."""
    days = days[-30:]
    chart = pygal.Bar(
        **{**COMMON, "width": 600, "height": 260},
        show_legend=False,
        x_labels_major_every=_every(len(days), 6),
        show_minor_x_labels=False,
    )
    chart.x_labels = [day.isoformat()[5:] for day, _c in days]
    chart.add("", [counts["confirmed"] for _d, counts in days])
    root = ElementTree.fromstring(chart.render())  # noqa: S314
    for parent in list(root.iter()):
        for child in list(parent):
            if _tag(child) == "script":
                parent.remove(child)
    return ElementTree.tostring(root, encoding="unicode")


def svg_to_png(svg):
    """PNG bytes of an SVG document, or None when cairo is not installed on this machine."""
    try:
        import cairosvg
    except OSError:  # cairocffi raises OSError when the cairo library is missing
        return None
    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), output_width=1200)
