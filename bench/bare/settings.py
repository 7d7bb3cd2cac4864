"""The site's settings (the same database, connection settings and installed apps)
with one view and no middleware: what inserting a signature costs Django at the least."""

from campaign.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bare.urls"
MIDDLEWARE = []
