"""Who a meeting is for: the one list of audiences. The audience choices of the commands, the channel and role
purposes of /setup, the privacy rules for their channels, the networks of /network and the meetings' colours are
all derived from it.

An open audience is every member: its meetings go to the announcements channel. A separatist audience has a role
and a private channel of its own, both named by its key, and a network that members join through /network.
Adding an audience is one member of `Audience` and its texts in each language's catalog (`catalog_keys` lists
them, and the command choice's name); no migration, since channels and roles are stored by purpose and meetings
by the audience's key (at most `KEY_LENGTH` characters).
"""

from __future__ import annotations

from enum import StrEnum

KEY_LENGTH = 20
"""The length of `meeting.audience` and `network_join_request.audience`."""

OPEN_CHANNEL = "announcements"
"""The channel purpose of an open audience's meetings."""


class Audience(StrEnum):
    """Each member: its key (the value), the colour of its meetings' announcements, whether it is separatist."""

    OPEN = "open", 0xDA291C, False
    WOMEN_NONBINARY = "women-nonbinary", 0x8E44AD, True
    MEN = "men", 0x2E86C1, True

    colour: int
    is_separatist: bool

    def __new__(cls, key: str, colour: int, separatist: bool) -> Audience:
        member = str.__new__(cls, key)
        member._value_ = key
        member.colour = colour
        member.is_separatist = separatist
        return member

    @property
    def channel_purpose(self) -> str:
        """Where its meetings are announced: its own channel, or the announcements channel for an open one."""
        return self.value if self.is_separatist else OPEN_CHANNEL

    @property
    def role_purpose(self) -> str | None:
        """The role its members hold; None when it is every member."""
        return self.value if self.is_separatist else None

    @property
    def catalog_keys(self) -> tuple[str, ...]:
        """The messages the catalog must hold for it, in every language."""
        keys = (f"meetings.audience.{self}", f"commitments.audience.{self}")
        if not self.is_separatist:
            return keys
        return (
            *keys,
            f"capability.{self}",
            f"purpose.channel.{self}",
            f"purpose.role.{self}",
            f"private.fix.{self}",
            f"setup.create.channel.{self}",
            f"setup.create.role.{self}",
            f"network.join.confirm.{self}",
        )


SEPARATIST = tuple(audience for audience in Audience if audience.is_separatist)
"""The audiences with a role, a private channel and a network of their own."""
