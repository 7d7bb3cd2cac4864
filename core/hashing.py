"""Keyed hashes: stable, not reversible, not guessable without the secret key.

Rate-limit keys, stored IP fingerprints and token digests use them, so that no
address or domain is ever kept in clear where a hash is enough.
"""

import hashlib
import hmac

from django.conf import settings


def keyed_hash(value):
    """HMAC-SHA256 of a value with the secret key, as hex."""
    return hmac.new(settings.SECRET_KEY.encode(), str(value).encode(), hashlib.sha256).hexdigest()
