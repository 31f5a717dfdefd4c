"""Personal data at rest: Fernet encryption, and a keyed hash for de-duplication and do-not-call.

Both keys come from `DATA_KEY`. A valid Fernet key is used as it is; any other secret is stretched with
SHA-256. The hash key is derived separately, so knowing hashes reveals nothing about the encryption key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from bot.errors import UserError


class MissingDataKey(UserError):
    """DATA_KEY is not set, so personal data can be neither stored nor read."""

    def __init__(self) -> None:
        super().__init__("campaigns.error.no_data_key")


class Vault:
    def __init__(self, data_key: str | None) -> None:
        if not data_key:
            raise MissingDataKey()
        raw = data_key.encode()
        try:
            self._fernet = Fernet(raw)
        except (ValueError, TypeError):
            self._fernet = Fernet(base64.urlsafe_b64encode(hashlib.sha256(b"fernet:" + raw).digest()))
        self._hash_key = hmac.new(raw, b"rodbot campaigns keyed hash v1", hashlib.sha256).digest()

    def encrypt(self, text: str) -> str:
        return self._fernet.encrypt(text.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            raise UserError("campaigns.error.wrong_data_key") from None

    def seal(self, data: dict[str, Any]) -> str:
        return self.encrypt(json.dumps(data, ensure_ascii=False, separators=(",", ":")))

    def open(self, token: str | None) -> dict[str, Any]:
        if not token:
            return {}
        return json.loads(self.decrypt(token))

    def digest(self, e164: str) -> str:
        """The keyed hash of a normalised (E.164) phone number."""
        return hmac.new(self._hash_key, e164.encode(), hashlib.sha256).hexdigest()
