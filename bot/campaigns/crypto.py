"""Personal data at rest: Fernet encryption, and a keyed hash for de-duplication and do-not-call.

`DATA_KEY` is a Fernet key: 32 random bytes in URL-safe base64, as `Fernet.generate_key()` makes them. Both keys
come from those decoded bytes: the cipher key is them, the hash key an HMAC keyed with their canonical encoding
(which is the key as generated, so the hashes stored under a well-formed key by earlier versions stay valid). A
fingerprint of the key, kept in the database, lets the bot refuse a key that does not match its data
(`bot/campaigns/keys.py`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from bot.errors import UserError

HASH_LABEL = b"rodbot campaigns keyed hash v1"
FINGERPRINT_LABEL = b"rodbot data key fingerprint v1"
MAKE_A_KEY = 'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'


class MissingDataKey(UserError):
    """DATA_KEY is not set, so personal data can be neither stored nor read."""

    def __init__(self) -> None:
        super().__init__("campaigns.error.no_data_key")


class InvalidDataKey(ValueError):
    """The text is not a Fernet key."""


class DataKeyError(Exception):
    """The key cannot be used with this database; the message is one line for the operator."""


def decode_key(text: str) -> bytes:
    """The 32 bytes of a Fernet key written canonically (no stray or missing character)."""
    try:
        secret = base64.b64decode(text.encode("ascii"), altchars=b"-_", validate=True)
    except (UnicodeEncodeError, binascii.Error):
        raise InvalidDataKey(text) from None
    if len(secret) != 32 or base64.urlsafe_b64encode(secret).decode() != text:
        raise InvalidDataKey(text)
    return secret


class Vault:
    def __init__(self, data_key: str | None) -> None:
        if not data_key:
            raise MissingDataKey()
        secret = decode_key(data_key)
        canonical = base64.urlsafe_b64encode(secret)
        self.fernet = Fernet(canonical)
        self._hash_key = hmac.new(canonical, HASH_LABEL, hashlib.sha256).digest()
        self.fingerprint = hmac.new(secret, FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[:32]

    @classmethod
    def previous(cls, data_key: str) -> Vault:
        """A key as earlier versions read it, to rotate away from: a Fernet key, or any other text, which they
        stretched with SHA-256 for the cipher and used as it was for the hash."""
        try:
            return cls(data_key)
        except InvalidDataKey:
            pass
        vault = cls.__new__(cls)
        raw = data_key.encode()
        try:
            vault.fernet = Fernet(raw)
        except (ValueError, TypeError):
            vault.fernet = Fernet(base64.urlsafe_b64encode(hashlib.sha256(b"fernet:" + raw).digest()))
        vault._hash_key = hmac.new(raw, HASH_LABEL, hashlib.sha256).digest()
        vault.fingerprint = hmac.new(raw, FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[:32]
        return vault

    def encrypt(self, text: str) -> str:
        return self.fernet.encrypt(text.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self.fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            raise UserError("campaigns.error.wrong_data_key") from None

    def seal(self, data: dict[str, Any]) -> str:
        return self.encrypt(json.dumps(data, ensure_ascii=False, separators=(",", ":")))

    def open(self, token: str | None) -> dict[str, Any]:
        if not token:
            return {}
        return json.loads(self.decrypt(token))

    def opens(self, token: str | None) -> bool:
        """Whether this key made the token (an empty one is readable: there is nothing to read)."""
        if not token:
            return True
        try:
            self.fernet.decrypt(token.encode())
        except InvalidToken:
            return False
        return True

    def digest(self, e164: str) -> str:
        """The keyed hash of a normalised (E.164) phone number."""
        return hmac.new(self._hash_key, e164.encode(), hashlib.sha256).hexdigest()
