"""Sealing a short text with the secret key: an address a task needs for a few hours.

A task's arguments are kept in the task table, and a record it reads is in the
database too: neither may hold an address in clear. `seal` encrypts and
authenticates with HMAC-SHA256 alone (the standard library has no block cipher): the
text is XORed with a keystream of HMAC(k₁, nonce ‖ counter) blocks, and HMAC(k₂,
nonce ‖ ciphertext) authenticates the result (encrypt-then-MAC). Both keys are
derived from SECRET_KEY and the purpose, so a sealed value opens only where the key
is, for the purpose it was sealed for; SECRET_KEY_FALLBACKS still open values sealed
before a key rotation. Meant for short-lived records deleted once used.
"""

import base64
import hashlib
import hmac
import secrets

from django.conf import settings

_NONCE = 16
_TAG = 32


class Unsealable(ValueError):
    """Not a value sealed with our key for this purpose (forged, damaged or a rotated key)."""


def _keys(secret, purpose):
    def derive(label):
        return hmac.new(secret.encode(), f"core.sealing:{label}:{purpose}".encode(), hashlib.sha256).digest()

    return derive("encrypt"), derive("authenticate")


def _keystream(key, nonce, length):
    blocks = (
        hmac.new(key, nonce + counter.to_bytes(8, "big"), hashlib.sha256).digest()
        for counter in range(-(-length // 32))
    )
    return b"".join(blocks)[:length]


def _xor(data, stream):
    return bytes(a ^ b for a, b in zip(data, stream, strict=True))


def seal(text, *, purpose):
    """`text` encrypted and authenticated with the secret key, as URL-safe ASCII."""
    encrypt, authenticate = _keys(settings.SECRET_KEY, purpose)
    nonce = secrets.token_bytes(_NONCE)
    data = text.encode()
    sealed = _xor(data, _keystream(encrypt, nonce, len(data)))
    tag = hmac.new(authenticate, nonce + sealed, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(nonce + sealed + tag).decode("ascii")


def unseal(value, *, purpose):
    """The text `seal` sealed for `purpose`. Raises Unsealable for anything else."""
    try:
        raw = base64.urlsafe_b64decode(value.encode("ascii"))
    except (ValueError, UnicodeError):
        raise Unsealable("not a sealed value") from None
    if len(raw) < _NONCE + _TAG:
        raise Unsealable("too short")
    nonce, sealed, tag = raw[:_NONCE], raw[_NONCE:-_TAG], raw[-_TAG:]
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        encrypt, authenticate = _keys(secret, purpose)
        if hmac.compare_digest(hmac.new(authenticate, nonce + sealed, hashlib.sha256).digest(), tag):
            try:
                return _xor(sealed, _keystream(encrypt, nonce, len(sealed))).decode()
            except UnicodeDecodeError:
                break
    raise Unsealable("not sealed with our key for this purpose")
