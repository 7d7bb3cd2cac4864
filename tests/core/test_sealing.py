"""Sealed values: unreadable without the secret key, and refused when touched."""

import pytest

from core.sealing import Unsealable, seal, unseal


def test_a_sealed_value_opens_for_its_purpose_and_shows_nothing_of_it():
    sealed = seal("陳大文@example.org", purpose="one")
    assert "example" not in sealed
    assert unseal(sealed, purpose="one") == "陳大文@example.org"
    assert seal("a@example.org", purpose="one") != seal("a@example.org", purpose="one"), "a nonce each time"


@pytest.mark.parametrize("purpose", ["other"])
def test_another_purpose_cannot_open_it(purpose):
    with pytest.raises(Unsealable):
        unseal(seal("a@example.org", purpose="one"), purpose=purpose)


def test_a_changed_byte_is_refused():
    sealed = seal("a@example.org", purpose="one")
    flipped = sealed[:30] + ("A" if sealed[30] != "A" else "B") + sealed[31:]
    for value in (flipped, sealed[:-4], "", "not base64 ✓"):
        with pytest.raises(Unsealable):
            unseal(value, purpose="one")


def test_a_rotated_key_still_opens_what_it_sealed(settings):
    sealed = seal("a@example.org", purpose="one")
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-the-test-0123456789-abcdefghij"
    assert unseal(sealed, purpose="one") == "a@example.org"
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(Unsealable):
        unseal(sealed, purpose="one")
