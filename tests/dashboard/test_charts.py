"""Charts are valid SVG that the site's Content-Security-Policy lets through."""

from datetime import date, timedelta
from pathlib import Path
from xml.etree import ElementTree

from django.conf import settings
from django.utils import translation

from dashboard import charts, worldmap

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ElementTree.fromstring(str(svg))  # noqa: S314 -- our own output


def titles(root):
    return [el.text for el in root.iter(f"{SVG}title")]


def assert_fit_for_the_page(root):
    tags = {el.tag for el in root.iter()}
    assert f"{SVG}style" not in tags
    assert f"{SVG}script" not in tags
    assert not [el for el in root.iter() if "style" in el.attrib]
    assert root.get("role") == "img"


def days(n):
    start = date(2026, 11, 1)
    return [(start + timedelta(days=i), {"confirmed": i, "signed": i + 1}) for i in range(n)]


def test_the_daily_chart_has_a_bar_per_day_with_its_number():
    root = parse(charts.daily_chart(days(5), title="Per day"))

    assert_fit_for_the_page(root)
    assert titles(root)[0] == "Per day"
    assert [t for t in titles(root) if t.endswith(": 4")]
    assert len([g for g in root.iter(f"{SVG}g") if g.get("class") == "bar"]) == 5


def test_the_cumulative_chart_shows_the_goal_when_it_is_within_sight():
    near = parse(charts.cumulative_chart(days(5), [1, 3, 6, 10, 15], 20, title="In all"))
    far = parse(charts.cumulative_chart(days(5), [1, 3, 6, 10, 15], 10000, title="In all"))

    assert_fit_for_the_page(near)
    legend = [t.text for t in near.iter(f"{SVG}text") if t.text]
    assert "Confirmed signatures" in legend and "Goal" in legend
    assert "Goal" not in [t.text for t in far.iter(f"{SVG}text")]


def test_bar_and_pie_charts_carry_each_label_and_value():
    bars = parse(charts.bar_chart([("WhatsApp", 7), ("Telegram", 3)], title="Channels", series="Confirmed"))
    ring = parse(charts.pie_chart([("Individuals", 9), ("Organisations", 1)], title="Kinds"))

    for root in (bars, ring):
        assert_fit_for_the_page(root)
    assert {"WhatsApp: 7", "Telegram: 3"} <= set(titles(bars))
    assert {"Individuals: 9", "Organisations: 1"} <= set(titles(ring))


def test_the_world_map_colours_countries_with_signatures_and_names_them():
    root = parse(
        worldmap.render_map({"HK": 5, "GB": 1}, title="Map", tooltip=lambda code, n: f"{code} has {n}")
    )

    countries = {el.get("data-country"): el for el in root.iter() if el.get("data-country")}
    assert countries["GB"].get("fill") != worldmap.EMPTY
    assert countries["FR"].get("fill") == worldmap.EMPTY
    assert "HK has 5" in titles(root)
    assert root.iter(f"{SVG}circle")  # Hong Kong is too small for a shape alone: it gets a dot
    assert not [el for el in root.iter() if "style" in el.attrib]


def test_the_world_map_stays_light_enough_for_a_phone():
    svg = worldmap.render_map({"HK": 1}, title="Map", tooltip=lambda code, n: code)
    assert len(svg) < 80_000


def test_the_served_chart_stylesheet_matches_the_chart_style():
    served = (Path(settings.BASE_DIR) / "static/css/dashboard-charts.css").read_text()
    assert charts.chart_css() in served


def test_the_digest_chart_becomes_a_png_when_cairo_is_there():
    svg = charts.digest_chart_svg(days(30), list(range(30)))
    ElementTree.fromstring(svg)  # noqa: S314 -- our own output
    png = charts.svg_to_png(svg)
    assert png is None or png.startswith(b"\x89PNG")


def test_the_cumulative_chart_marks_the_day_each_milestone_was_passed():
    shown = days(5)
    passed = [(shown[1][0], 3), (shown[3][0], 10), (date(2026, 10, 1), 1)]  # the last before the days shown
    root = parse(charts.cumulative_chart(shown, [1, 3, 6, 10, 15], 20, title="In all", milestones=passed))

    assert_fit_for_the_page(root)
    texts = [t.text for t in root.iter(f"{SVG}text") if t.text]
    assert "Milestones" in texts, "in the legend"
    labels = [t for t in texts if "passed on" in t]
    assert labels == ["3 passed on Nov. 2, 2026", "10 passed on Nov. 4, 2026"]
    assert {"3 passed on Nov. 2, 2026: 3", "10 passed on Nov. 4, 2026: 10"} <= set(titles(root))


def test_milestone_marks_are_in_the_reader_s_language():
    with translation.override("zh-hant"):
        root = parse(
            charts.cumulative_chart(days(3), [1, 3, 6], 20, title="In all", milestones=[(days(3)[2][0], 5)])
        )
    texts = [t.text for t in root.iter(f"{SVG}text") if t.text]
    assert any("突破" in text and "5" in text for text in texts), texts


def test_no_milestone_no_mark():
    root = parse(charts.cumulative_chart(days(3), [1, 3, 6], 10000, title="In all"))
    assert "Milestones" not in [t.text for t in root.iter(f"{SVG}text")]
