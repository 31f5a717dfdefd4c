"""Who may see or do what. Every command, button and modal asks this module; nothing else decides.

A person is described by plain facts (id, role ids, whether Discord grants Manage Server); the server's
configuration says which roles carry which task. Moderators can do everything organisers can, and
organisers everything callers can. Audience roles only open their own separatist spaces.

A channel is described the same way: who can view it (@everyone, which roles, which members by name), as the
Discord side computes it from the channel's overwrites and the roles' permissions. `outsiders` decides whether
it is closed to all but the people a private purpose is for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.audiences import SEPARATIST, Audience
from bot.errors import PermissionDenied
from bot.guilds import ChannelPurpose, GuildConfig, RolePurpose


class Capability(StrEnum):
    EVERYONE = "everyone"
    CALLER = "caller"
    ORGANISER = "organiser"
    MODERATOR = "moderator"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Person:
    user_id: int
    role_ids: frozenset[int]
    manage_guild: bool = False


def _has_role(person: Person, config: GuildConfig, purpose: RolePurpose) -> bool:
    role_id = config.role_id(purpose)
    return role_id is not None and role_id in person.role_ids


def is_admin(person: Person) -> bool:
    return person.manage_guild


def is_moderator(person: Person, config: GuildConfig) -> bool:
    return person.manage_guild or _has_role(person, config, RolePurpose.MODERATOR)


def is_organiser(person: Person, config: GuildConfig) -> bool:
    return is_moderator(person, config) or _has_role(person, config, RolePurpose.ORGANISER)


def is_caller(person: Person, config: GuildConfig) -> bool:
    return is_organiser(person, config) or _has_role(person, config, RolePurpose.CALLER)


def holds_audience_role(person: Person, config: GuildConfig, audience: Audience | str) -> bool:
    """Whether the person belongs to the audience itself (may RSVP, join its meetings)."""
    role = Audience(audience).role_purpose
    return role is None or _has_role(person, config, RolePurpose(role))


def can_see_audience(person: Person, config: GuildConfig, audience: Audience | str) -> bool:
    """Whether the person may see what exists for the audience: its members, and moderators."""
    return holds_audience_role(person, config, audience) or is_moderator(person, config)


def can_see_meeting(person: Person, config: GuildConfig, audience: Audience | str, created_by: int) -> bool:
    """Whether the person may see that a meeting exists (its title, time, place and answer counts).

    A separatist meeting is seen by its audience and moderators; an organiser outside the audience who
    scheduled it sees it too, while they are an organiser, so they can edit or cancel it. Roles are read as
    they are now: someone who leaves the audience or the organisers stops seeing it."""
    if can_see_audience(person, config, audience):
        return True
    return created_by == person.user_id and is_organiser(person, config)


def can_manage_meeting(person: Person, config: GuildConfig, audience: Audience | str, created_by: int) -> bool:
    """Edit and cancel: organisers who may see the meeting."""
    return is_organiser(person, config) and can_see_meeting(person, config, audience, created_by)


def can_see_attendees(person: Person, config: GuildConfig, audience: Audience | str) -> bool:
    """Who answered and who came, by name, and recording attendance: organisers; for a separatist meeting only
    organisers of its audience, and moderators. Everyone else who manages the meeting sees counts only."""
    return is_organiser(person, config) and can_see_audience(person, config, audience)


_CHECKS = {
    Capability.EVERYONE: lambda person, config: True,
    Capability.CALLER: is_caller,
    Capability.ORGANISER: is_organiser,
    Capability.MODERATOR: is_moderator,
    Capability.ADMIN: lambda person, config: is_admin(person),
}


def allows(person: Person, capability: Capability, config: GuildConfig) -> bool:
    return _CHECKS[capability](person, config)


def require(person: Person, capability: Capability, config: GuildConfig) -> None:
    """Raise a `PermissionDenied` that names the role needed, unless the person has the capability."""
    if allows(person, capability, config):
        return
    role_name_key = f"capability.{capability.value}"
    configured = capability is Capability.ADMIN or config.role_id(RolePurpose(capability.value)) is not None
    if not configured:
        raise PermissionDenied("perm.denied.unconfigured", role_key=role_name_key)
    raise PermissionDenied("perm.denied", role_key=role_name_key)


def require_audience(person: Person, config: GuildConfig, audience: Audience | str) -> None:
    """Only the audience's own members may take part in its separatist space."""
    if not holds_audience_role(person, config, audience):
        raise PermissionDenied("perm.denied", role_key=f"capability.{Audience(audience).value}")


def can_update_commitment(
    person: Person, config: GuildConfig, owner_user_ids: frozenset[int], owner_role_ids: frozenset[int]
) -> bool:
    """A commitment's progress is reported by its owners (members, or holders of an owning role),
    organisers and moderators."""
    return person.user_id in owner_user_ids or bool(person.role_ids & owner_role_ids) or is_organiser(person, config)


# ---------------------------------------------------------------------- private channels


@dataclass(frozen=True, slots=True)
class Viewer:
    """A role, or a member given access by name, that can view a channel.

    `manages_server`: the role grants (or the member has) Manage Server or Administrator, which makes its
    holders moderators here. `bot`: a bot's own integration role, or a bot member."""

    id: int
    name: str
    manages_server: bool = False
    bot: bool = False
    role_ids: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Visibility:
    """Who can view a channel: @everyone, the roles that can (each on its own, with @everyone's permissions and
    the channel's overwrites), and the members given access by a member overwrite (or as a private thread's
    members)."""

    everyone: bool
    roles: tuple[Viewer, ...] = ()
    members: tuple[Viewer, ...] = ()


@dataclass(frozen=True, slots=True)
class Outsiders:
    """Who can view a channel that should be closed to them; empty (false) when the channel is closed."""

    everyone: bool = False
    roles: tuple[Viewer, ...] = ()
    members: tuple[Viewer, ...] = ()

    def __bool__(self) -> bool:
        return self.everyone or bool(self.roles) or bool(self.members)


PRIVATE_CHANNELS: dict[ChannelPurpose, tuple[RolePurpose, ...]] = {
    **{ChannelPurpose(a.channel_purpose): (RolePurpose(a.role_purpose),) for a in SEPARATIST},
    ChannelPurpose.ORGANISERS: (RolePurpose.ORGANISER,),
    ChannelPurpose.AUDIT_LOG: (),
}
"""The purposes whose channel must be closed, and the roles it is for besides the moderators (and bots)."""


SEND_PERMISSIONS = ("view_channel", "send_messages", "embed_links")
"""What the bot needs in a channel to post there (Discord's permission names)."""


def thread_permissions(audience: Audience | str) -> tuple[str, ...]:
    """What the bot needs in a meeting's announcement channel to open the meeting's thread and keep it: a public
    thread on an open meeting's announcement, a private one (members added, archived and reopened) for a
    separatist meeting. Without them the meeting goes on without a thread."""
    create = "create_private_threads" if Audience(audience).is_separatist else "create_public_threads"
    return (create, "send_messages_in_threads", "manage_threads")


def creation_permissions(roles: Sequence[RolePurpose], purposes: Sequence[ChannelPurpose]) -> list[str]:
    """The server permissions the bot needs to create these: roles, channels, and overwrites on private ones."""
    needed = []
    if purposes:
        needed.append("manage_channels")
    if roles or any(is_private(p) for p in purposes):
        needed.append("manage_roles")
    return needed


def separatist_role_ids(config: GuildConfig) -> frozenset[int]:
    """The configured roles of the separatist audiences (membership of their networks), which a member who asks to
    be forgotten no longer holds."""
    return frozenset(
        role_id
        for audience in SEPARATIST
        if (role_id := config.role_id(RolePurpose(audience.role_purpose))) is not None
    )


def is_private(purpose: ChannelPurpose | str) -> bool:
    return ChannelPurpose(purpose) in PRIVATE_CHANNELS


def private_role_ids(config: GuildConfig, purpose: ChannelPurpose | str) -> frozenset[int]:
    """The configured roles that may see a private purpose's channel: its own roles and the moderator role."""
    purposes = (*PRIVATE_CHANNELS[ChannelPurpose(purpose)], RolePurpose.MODERATOR)
    return frozenset(role_id for p in purposes if (role_id := config.role_id(p)) is not None)


def audience_role_ids(config: GuildConfig, audience: Audience | str) -> frozenset[int]:
    """The configured roles that may see a separatist audience's spaces: the audience's role and the moderators'."""
    return private_role_ids(config, Audience(audience).channel_purpose)


def outsiders(visibility: Visibility, allowed_role_ids: frozenset[int]) -> Outsiders:
    """Who can view the channel besides the allowed roles, the moderators (Manage Server) and bots.

    The one rule wherever the bot relies on a channel or thread being closed. @everyone seeing it says it all;
    a member given access by name is an outsider unless they hold an allowed role, manage the server or are a bot."""
    if visibility.everyone:
        return Outsiders(everyone=True)

    def inside(viewer: Viewer) -> bool:
        allowed = viewer.id in allowed_role_ids or bool(viewer.role_ids & allowed_role_ids)
        return allowed or viewer.manages_server or viewer.bot

    return Outsiders(
        roles=tuple(v for v in visibility.roles if not inside(v)),
        members=tuple(v for v in visibility.members if not inside(v)),
    )


def only_audience_can_view(seen: Visibility, config: GuildConfig, audience: Audience | str) -> bool:
    """Whether a room is the audience's own: its role can view it and nobody else but moderators and bots."""
    audience = Audience(audience)
    role_id = config.role_id(RolePurpose(audience.role_purpose)) if audience.role_purpose else None
    if role_id is None:
        return False
    return any(role.id == role_id for role in seen.roles) and not outsiders(seen, audience_role_ids(config, audience))


def can_have_scheduled_event(config: GuildConfig, audience: Audience | str, room: Visibility | None) -> bool:
    """Whether a meeting may get a Discord scheduled event, which everyone who can see its room (for an event
    without a room: everyone in the server) can see. An open meeting may; a separatist one only when it is held in
    a voice room only its audience can view (`room`: who can view its voice room, None when it has none)."""
    if not Audience(audience).is_separatist:
        return True
    return room is not None and only_audience_can_view(room, config, audience)
