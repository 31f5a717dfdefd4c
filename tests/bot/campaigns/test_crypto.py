"""The encryption of personal data at rest (`bot.campaigns.crypto`) and the rotation to a new key
(`bot.campaigns.keys`): pure functions, no Discord, no database."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

import pytest
from cryptography.fernet import Fernet, MultiFernet
from hypothesis import given
from hypothesis import strategies as st

from bot.campaigns import keys
from bot.campaigns.crypto import InvalidDataKey, MissingDataKey, Vault
from bot.errors import UserError
from tests.conftest import TEST_DATA_KEY

NUMBER = "+46701740605"
OTHER_KEY = "3Vq9o0cX3yYtYg6lNfV8bq2kq1bH5m4r0X7zQe8uJ2c="


def refusal(action) -> UserError:
    with pytest.raises(UserError) as raised:
        action()
    return raised.value


# ---------------------------------------------------------------------------- encryption


@given(st.text())
def test_any_text_comes_back_as_it_went_in(text):
    vault = Vault(TEST_DATA_KEY)
    assert vault.decrypt(vault.encrypt(text)) == text


@given(st.dictionaries(st.text(), st.one_of(st.text(), st.dictionaries(st.text(), st.text()))))
def test_a_sealed_record_opens_to_the_same_record(record):
    vault = Vault(TEST_DATA_KEY)
    assert vault.open(vault.seal(record)) == record


def test_a_token_hides_the_number_and_differs_every_time():
    vault = Vault(TEST_DATA_KEY)
    first, second = vault.encrypt(NUMBER), vault.encrypt(NUMBER)
    assert NUMBER not in first and NUMBER.removeprefix("+46") not in first
    assert first != second  # a fresh IV: equal numbers never show as equal tokens (the keyed hash finds them)
    assert vault.decrypt(first) == vault.decrypt(second) == NUMBER
    assert vault.open(None) == vault.open("") == {}


def test_a_wrong_key_is_refused_with_a_catalog_key_and_nothing_of_the_data():
    token = Vault(TEST_DATA_KEY).encrypt(NUMBER)
    sealed = Vault(TEST_DATA_KEY).seal({"phone": NUMBER})
    stranger = Vault(OTHER_KEY)
    assert (stranger.opens(token), stranger.opens(sealed)) == (False, False)
    assert (stranger.opens(None), stranger.opens("")) == (True, True)  # nothing stored: nothing to refuse
    for error in (refusal(lambda: stranger.decrypt(token)), refusal(lambda: stranger.open(sealed))):
        assert (error.key, error.values, error.args) == (
            "campaigns.error.wrong_data_key",
            {},
            ("campaigns.error.wrong_data_key",),
        )
        assert error.__cause__ is None and error.__suppress_context__  # the token stays out of the traceback


def test_vault_encrypts_hashes_and_needs_a_key():
    vault = Vault("k3bN0uZs8e1Vq2m7aD4pX9yL6cR5tW0fH8jG3nE2iO4=")
    token = vault.encrypt("+46701740605")
    assert "+46701740605" not in token and vault.decrypt(token) == "+46701740605"
    assert vault.digest("+46701740605") == vault.digest("+46701740605") != vault.digest("+46701740606")
    other = Fernet.generate_key().decode()
    assert Vault(other).digest("+46701740605") != vault.digest("+46701740605")
    assert Vault(other).open(Vault(other).seal({"a": 1})) == {"a": 1}
    with pytest.raises(MissingDataKey) as raised:
        Vault(None)
    assert raised.value.key == "campaigns.error.no_data_key"


def test_a_data_key_must_be_a_fernet_key_written_exactly():
    key = "k3bN0uZs8e1Vq2m7aD4pX9yL6cR5tW0fH8jG3nE2iO4="
    for wrong in ("a passphrase that is no fernet key", key + "!", key[:-1], "!" + key, key.replace("k", "+"), ""):
        with pytest.raises((InvalidDataKey, MissingDataKey)):
            Vault(wrong)


# ---------------------------------------------------------------------------- the keyed hash


def test_the_keyed_hash_is_stable_and_depends_on_the_key():
    digest = Vault(TEST_DATA_KEY).digest(NUMBER)
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert Vault(TEST_DATA_KEY).digest(NUMBER) == digest  # another start, the same key: the same hash
    assert Vault(OTHER_KEY).digest(NUMBER) != digest
    assert Vault(TEST_DATA_KEY).digest("+46701740606") != digest
    assert hashlib.sha256(NUMBER.encode()).hexdigest() != digest  # keyed: no one can hash a guess without the key


def test_cipher_and_hash_keys_come_from_the_same_decoded_secret_as_before_for_a_well_formed_key():
    key = "k3bN0uZs8e1Vq2m7aD4pX9yL6cR5tW0fH8jG3nE2iO4="
    vault = Vault(key)
    # what earlier versions computed for this key (an HMAC keyed with the key's text), so stored hashes stay valid
    before = hmac.new(
        hmac.new(key.encode(), b"rodbot campaigns keyed hash v1", hashlib.sha256).digest(),
        b"+46701740605",
        hashlib.sha256,
    )
    assert vault.digest("+46701740605") == before.hexdigest()
    assert Fernet(key).decrypt(vault.encrypt("x").encode()) == b"x"
    # a key with a stray character used to decrypt the same data and hash differently; it is refused now, and
    # rotate-key still reads data stored under it as earlier versions did
    stray = key + "!"
    assert Vault.previous(stray).fernet.decrypt(vault.encrypt("x").encode()) == b"x"
    assert Vault.previous(stray).digest("+46701740605") != vault.digest("+46701740605")
    passphrase = Vault.previous("a passphrase that is no fernet key")
    assert passphrase.open(passphrase.seal({"a": 1})) == {"a": 1}


# ---------------------------------------------------------------------------- the fingerprint


def test_the_fingerprint_names_the_key_and_reveals_neither_it_nor_its_hashes():
    vault = Vault(TEST_DATA_KEY)
    secret = base64.urlsafe_b64decode(TEST_DATA_KEY)
    expected = hmac.new(secret, b"rodbot data key fingerprint v1", hashlib.sha256).hexdigest()[:32]
    assert vault.fingerprint == expected  # as stored by earlier starts: a database keeps matching its key
    assert Vault(TEST_DATA_KEY).fingerprint == vault.fingerprint != Vault(OTHER_KEY).fingerprint
    assert Vault.previous(TEST_DATA_KEY).fingerprint == vault.fingerprint  # rotation recognises the stored key
    assert vault.fingerprint not in vault.digest(NUMBER) and vault.fingerprint not in secret.hex()


# ---------------------------------------------------------------------------- rotation


def test_rotation_reads_old_and_new_tokens_and_writes_only_new_ones():
    old, new, stranger = Vault(TEST_DATA_KEY), Vault(OTHER_KEY), Vault(Fernet.generate_key().decode())
    both = MultiFernet([new.fernet, old.fernet])  # as keys.rotate builds it: new first, old second
    stored = old.encrypt(NUMBER)
    assert keys._read(both, stored) == keys._read(both, new.encrypt(NUMBER)) == NUMBER
    assert keys._read(both, stranger.encrypt(NUMBER)) is None  # neither key: reported, never guessed
    rotated = both.rotate(stored.encode()).decode()
    assert new.decrypt(rotated) == NUMBER
    assert refusal(lambda: old.decrypt(rotated)).key == "campaigns.error.wrong_data_key"
