"""Domain errors. A `UserError` carries a catalog key; it is answered in words where it is raised (an ephemeral
reply, `RodBot.explain`), the ordinary answer to a refusal or bad input rather than an error."""

from __future__ import annotations


class UserError(Exception):
    """Something the person can act on: bad input, a refusal, a missing configuration."""

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


class PermissionDenied(UserError):
    """The person lacks the capability an action needs."""


class NotConfigured(UserError):
    """The server lacks a channel or role that an action needs."""


class NotFound(UserError):
    """The thing asked for does not exist in this server (or is not visible to the person)."""
