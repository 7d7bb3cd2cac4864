"""Personal data encrypted at rest, and compared through a keyed hash.

A stolen database dump must reveal no signer's address. The fields here keep a Fernet
token of their value (AES-128-CBC with an HMAC-SHA256, from the `cryptography` package)
in a text column; the model reads and writes plain strings, so forms, templates and
emails see no difference. An empty value stays empty (erasure leaves nothing to decrypt).

- `SIGNER_DATA_KEY`: one Fernet key, or several separated by commas. The first encrypts,
  every one decrypts (MultiFernet): a new key goes first, `manage.py rotate_signer_key`
  re-encrypts every row with it, then the old one is removed.
- `SIGNER_HASH_KEY`: the key of `signer_hash`, which stands in for a value where the
  database must compare it (one signature per address is a unique constraint on the hash
  of the canonical address). It does not rotate with the encryption key: a hash must stay
  the same for as long as its row lives, or the constraint would stop seeing duplicates.

Neither is `SECRET_KEY`, and neither ever appears in a log, an error or a page.
docs/deploy.md ("Signers' data keys") says how they are kept and rotated.
"""

import base64
import binascii
import functools
import hashlib
import hmac
import re

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models
from django.db.models.lookups import Exact, IsNull

# A Fernet token: version byte 0x80 and a 64-bit time stamp (whose first bytes are zero
# for centuries), an IV, at least one AES block and the HMAC, in URL-safe base64.
_TOKEN = re.compile(r"gAAAAA[A-Za-z0-9_-]{92,}={0,2}")
HASH_KEY_MIN_LENGTH = 32


class UndecryptableError(ValueError):
    """A stored token that no key of SIGNER_DATA_KEY opens: a key is missing."""


# --- Keys ------------------------------------------------------------------------------


def data_key_problem(keys):
    """Why `keys` (SIGNER_DATA_KEY as a list) cannot be used, or None. Never quotes a key."""
    if not keys:
        return "SIGNER_DATA_KEY holds no key."
    for number, key in enumerate(keys, 1):
        try:
            Fernet(key)
        except (ValueError, binascii.Error, TypeError):
            return (
                f"SIGNER_DATA_KEY: key number {number} is not a Fernet key (32 bytes in URL-safe base64, "
                "44 characters)."
            )
    return None


def hash_key_problem(key, *, data_keys=(), secret_key=""):
    """Why `key` cannot be SIGNER_HASH_KEY, or None. Never quotes a key."""
    if len(key) < HASH_KEY_MIN_LENGTH:
        return f"SIGNER_HASH_KEY must be at least {HASH_KEY_MIN_LENGTH} characters long."
    if key == secret_key or key in data_keys:
        return "SIGNER_HASH_KEY must be a key of its own, neither SECRET_KEY nor a SIGNER_DATA_KEY."
    return None


def development_keys(secret_key):
    """(data key, hash key) derived from a development SECRET_KEY: a `.env` written before
    these keys existed still starts in DEBUG, and keeps reading what it wrote."""

    def derive(purpose):
        return hashlib.sha256(f"{purpose}\0{secret_key}".encode()).digest()

    return (
        base64.urlsafe_b64encode(derive("signer-data-key")).decode(),
        base64.urlsafe_b64encode(derive("signer-hash-key")).decode(),
    )


@functools.lru_cache(maxsize=4)
def _fernet(keys):
    return MultiFernet([Fernet(key) for key in keys])


@functools.lru_cache(maxsize=4)
def _first(key):
    return Fernet(key)


def _keys():
    return tuple(settings.SIGNER_DATA_KEY)


# --- Encrypting ------------------------------------------------------------------------


def encrypt(value):
    """A Fernet token of `value` with the first key; an empty value stays empty."""
    if not value:
        return value
    return _fernet(_keys()).encrypt(value.encode()).decode()


def looks_encrypted(value):
    """Whether a stored value is a token (else it was written in clear, before encryption)."""
    return bool(value) and _TOKEN.fullmatch(value) is not None


def decrypt(value):
    """The text a stored value holds. A value that is not a token was written in clear by
    the release before encryption and is read as it is, until `rotate_signer_key`
    encrypts it. A token no key opens raises UndecryptableError."""
    if not looks_encrypted(value):
        return value
    try:
        return _fernet(_keys()).decrypt(value.encode()).decode()
    except InvalidToken:
        raise UndecryptableError(
            "Stored signer data could not be decrypted with any key of SIGNER_DATA_KEY: "
            "a key that encrypted it is missing."
        ) from None


def reencrypt(value):
    """(value to store, what it was): "empty", "current" (already with the first key, kept),
    "rotated" (re-encrypted with the first key) or "clear" (encrypted now)."""
    if not value:
        return value, "empty"
    if not looks_encrypted(value):
        return encrypt(value), "clear"
    try:
        _first(_keys()[0]).decrypt(value.encode())
        return value, "current"
    except InvalidToken:
        pass
    try:
        return _fernet(_keys()).rotate(value.encode()).decode(), "rotated"
    except InvalidToken:
        raise UndecryptableError(
            "Stored signer data could not be decrypted with any key of SIGNER_DATA_KEY: "
            "a key that encrypted it is missing."
        ) from None


# --- Hashing -------------------------------------------------------------------------


def signer_hash(value):
    """HMAC-SHA256 of `value` with SIGNER_HASH_KEY, as hex: compared, never reversed."""
    return hmac.new(settings.SIGNER_HASH_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


# --- Fields ----------------------------------------------------------------------------


class EmptyOnlyExact(Exact):
    """`field=""` on an encrypted field (is it erased?); any other value would be compared
    with a fresh token that matches nothing, so it is refused."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None) and not hasattr(self.rhs, "resolve_expression"):
            raise ValueError(
                "An encrypted field can only be compared with the empty string; "
                "compare a keyed hash (core.crypto.signer_hash) instead."
            )
        return super().get_prep_lookup()


class EncryptedMixin:
    """Stores a Fernet token of the value in a text column and reads the value back.

    `max_length` still bounds the value (forms and validation), not the token, which is
    longer: the column is `text`. Only `isnull` and comparing with "" are allowed as
    lookups: the database cannot see inside a token."""

    def get_internal_type(self):
        return "TextField"

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value

    def get_lookup(self, lookup_name):
        return {"exact": EmptyOnlyExact, "isnull": IsNull}.get(lookup_name)

    def get_transform(self, name):
        return None


class EncryptedCharField(EncryptedMixin, models.CharField):
    pass


class EncryptedEmailField(EncryptedMixin, models.EmailField):
    pass
