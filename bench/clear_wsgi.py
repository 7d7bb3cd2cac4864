"""The site as it was before signers' data was encrypted: addresses and their canonical
form stored in clear. For the bench's comparison of the sign POST with and without
encryption only (bench/README.md, step 9); never served anywhere else.

The site reads a value stored in clear as it is (core/crypto.py), so rows signed here
stay readable; `manage.py rotate_signer_key` would encrypt them.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign.settings")
application = get_wsgi_application()

from core import crypto  # noqa: E402
from petition import addresses  # noqa: E402


def _stored_as_it_is(value):
    return value


crypto.encrypt = _stored_as_it_is
addresses.signer_hash = _stored_as_it_is
