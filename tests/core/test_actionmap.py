import re
import time
from importlib import resources
from xml.etree import ElementTree

import pytest
from django.template import Context, Template
from django.utils import translation

from core.actionmap import SCALE, places, project, render_action_map
from core.svgpath import _subpaths

CITIES = {
    # name: (latitude, longitude, ISO code of its country on the outline)
    "Hong Kong": (22.30, 114.17, "hk"),
    "London": (51.51, -0.13, "gb"),
    "New York": (40.71, -74.01, "us"),
    "Sydney": (-33.87, 151.21, "au"),
    "São Paulo": (-23.55, -46.63, "br"),
}


def country_polygons(code):
    source = resources.files("pygal_maps_world").joinpath("worldmap.svg").read_text(encoding="utf-8")
    root = ElementTree.fromstring(source)  # noqa: S314
    ns = "{http://www.w3.org/2000/svg}"
    for group in root.iter(f"{ns}g"):
        if (group.get("class") or "").split()[:1] == [code]:
            return [
                [(x * SCALE, y * SCALE) for x, y in points]
                for path in group.iter(f"{ns}path")
                for points in _subpaths(path.get("d", ""))
            ]
    raise AssertionError(code)


def inside(point, polygon):
    x, y = point
    result = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            result = not result
    return result


def distance_to(point, polygons):
    return min(((point[0] - x) ** 2 + (point[1] - y) ** 2) ** 0.5 for poly in polygons for x, y in poly)


@pytest.mark.parametrize("name", CITIES)
def test_a_city_lands_in_its_country(name):
    latitude, longitude, code = CITIES[name]
    point = project(latitude, longitude)
    polygons = country_polygons(code)
    # Inside its country, or (a coastal city) within 4 units of a 1000-wide map of its coast.
    assert any(inside(point, poly) for poly in polygons) or distance_to(point, polygons) < 4


def test_cities_fall_in_the_right_order_on_the_map():
    hk, london, new_york, sydney, sao_paulo = (project(lat, lon) for lat, lon, _ in CITIES.values())
    assert new_york[0] < sao_paulo[0] < london[0] < hk[0] < sydney[0]
    assert london[1] < new_york[1] < hk[1] < sao_paulo[1] < sydney[1]


def markers():
    return [
        (22.30, 114.17, "Hong Kong", "/en/events/hk-rally/", 1),
        (51.51, -0.13, "London", "/en/events/london/", 3),
        (40.71, -74.01, "New York", "/en/events/ny/", 2),
    ]


def test_one_marker_per_city_numbered_when_more_than_one():
    svg = str(render_action_map(markers() + [(22.30, 114.17, "Hong Kong", "/en/events/hk-rally/", 1)]))
    assert svg.count('class="action-map-marker"') == 3
    numbers = re.findall(r'aria-hidden="true">(\d+)</text>', svg)
    assert sorted(numbers) == ["2", "2", "3"]  # Hong Kong's two rows make one marker of 2


def test_a_single_action_has_no_number():
    svg = str(render_action_map([(22.30, 114.17, "Hong Kong", "/en/events/hk/", 1)]))
    assert "<text" not in svg


def test_each_marker_is_a_link_named_by_its_entry_in_the_list_beside_the_map():
    html = str(
        Template("{% load action_map_tags %}{% action_map markers %}").render(Context({"markers": markers()}))
    )
    for match in re.finditer(r'<a href="([^"]+)" class="action-map-marker" aria-labelledby="([^"]+)">', html):
        url, ids = match.groups()
        entries = [re.search(rf'<li id="{i}">(.*?)</li>', html, re.S).group(1) for i in ids.split()]
        assert all(entries)
        if len(entries) == 1:
            assert f'href="{url}"' in entries[0]
    assert re.search(r'<li id="[^"]+"><a href="/en/events/london/">London</a>\s*\(3 actions\)', html)


def test_nearby_cities_share_a_marker_linking_to_the_list():
    brussels, amsterdam = (50.85, 4.35, "Brussels", "/en/e/b/", 1), (52.37, 4.90, "Amsterdam", "/en/e/a/", 2)
    drawn = places([brussels, amsterdam])
    assert len(drawn) == 1 and drawn[0]["count"] == 3
    svg = str(render_action_map([brussels, amsterdam], list_id="list-x"))
    assert 'href="#list-x"' in svg and 'aria-labelledby="list-x-0-0 list-x-0-1"' in svg


def test_an_attackers_city_name_cannot_inject_markup():
    evil = '"><script>alert(1)</script><a href="javascript:x">'
    marker = [(10, 10, evil, "javascript:alert(1)", 2)]
    html = str(
        Template("{% load action_map_tags %}{% action_map markers %}").render(Context({"markers": marker}))
    )
    assert "<script" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html


def test_no_external_url_in_the_output():
    svg = str(
        render_action_map(markers() + [(0, 0, "Far", "https://evil.example/", 1), (1, 50, "X", "//h/", 1)])
    )
    urls = re.findall(r'href="([^"]*)"', svg)
    assert urls and all(u.startswith(("/", "#")) and not u.startswith("//") for u in urls)
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_title_is_translated():
    with translation.override("zh-hant"):
        svg = str(render_action_map(markers()))
    assert "Map of upcoming actions" not in svg


def test_fifty_markers_render_fast():
    many = [(-40 + i * 1.6, -170 + i * 6.8, f"City {i}", f"/en/events/{i}/", i % 4 + 1) for i in range(50)]
    render_action_map(many[:1])  # the outline is prepared once per process
    started = time.perf_counter()
    render_action_map(many)
    assert time.perf_counter() - started < 0.05


def test_partial_renders_the_map_and_the_list():
    html = Template("{% load action_map_tags %}{% action_map markers %}").render(
        Context({"markers": markers()})
    )
    assert "<svg" in html and 'id="action-map-list"' in html
    assert '<a href="/en/events/london/">London</a>' in html and "(3 actions)" in html


def groups():
    return [
        (51.51, -0.13, "London Hong Kong Solidarity", "/en/groups/london-hk/"),
        (51.51, -0.13, "Students for Hong Kong, London", "/en/groups/students/"),
        (52.52, 13.40, "Berlin Solidarity", "/en/groups/berlin/"),
    ]


def render_with_groups(language="en"):
    template = Template("{% load action_map_tags %}{% action_map markers groups %}")
    with translation.override(language):
        return str(template.render(Context({"markers": markers(), "groups": groups()})))


def test_each_group_city_is_one_diamond_apart_from_the_actions():
    html = render_with_groups()
    assert html.count('class="action-map-marker"') == 3, "the actions' circles as before"
    diamonds = re.findall(r'<a href="[^"]+" class="action-map-group"[^>]*>(.*?)</a>', html)
    assert len(diamonds) == 2, "London's two groups share one marker"
    assert all("<path" in d and "<text" not in d for d in diamonds), "a diamond, never numbered"


def test_each_group_marker_is_a_link_named_by_its_entries_in_the_list_of_groups():
    html = render_with_groups()
    found = re.findall(r'<a href="([^"]+)" class="action-map-group" aria-labelledby="([^"]+)">', html)
    named = {}
    for url, ids in found:
        entries = [re.search(rf'<li id="{i}">(.*?)</li>', html, re.S).group(1) for i in ids.split()]
        named[url] = entries
    (london,) = (entries for url, entries in named.items() if len(entries) == 2)
    assert "London Hong Kong Solidarity" in london[0] and "Students for Hong Kong" in london[1]
    assert '<a href="/en/groups/berlin/">Berlin Solidarity</a>' in named["/en/groups/berlin/"][0]
    assert "#action-map-list-groups" in named, "two groups in one city: the marker leads to the list"


def test_the_legend_says_in_words_which_shape_is_which_in_the_readers_language():
    assert "action-map-legend" not in str(
        Template("{% load action_map_tags %}{% action_map markers %}").render(Context({"markers": markers()}))
    ), "no legend when there is one shape"
    english = render_with_groups()
    legend = re.search(r'<figcaption class="action-map-legend[^"]*">(.*?)</figcaption>', english, re.S).group(
        1
    )
    assert "Circle" in legend and "Diamond" in legend
    chinese = render_with_groups("zh-hant")
    legend = re.search(r'<figcaption class="action-map-legend[^"]*">(.*?)</figcaption>', chinese, re.S).group(
        1
    )
    assert not re.search(r"[A-Za-z]{3,}", re.sub(r"<[^>]+>", "", legend)), legend
    assert "Map of upcoming actions" not in chinese


def test_markers_are_big_enough_to_read_and_tap_on_a_phone():
    """Drawn about 360 px wide (a phone, a sidebar): a marker's touch target is at least
    24 px (WCAG 2.5.8) and its number about 12 px high."""
    svg = str(render_action_map([(51.51, -0.13, "London", "/en/events/a/", 2)]))
    px_per_unit = 360 / float(re.search(r'viewBox="0 0 (\d+)', svg).group(1))
    target = max(float(r) for r in re.findall(r'r="([\d.]+)" fill="transparent"', svg))
    assert 2 * target * px_per_unit >= 24
    assert float(re.search(r'font-size="([\d.]+)"', svg).group(1)) * px_per_unit >= 12
