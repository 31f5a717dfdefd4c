"""Who may see or do what. Every command, button and modal asks this module; nothing else decides.

A person is described by plain facts (id, role ids, whether Discord grants Manage Server); the server's
configuration says which roles carry which task. Moderators can do everything organisers can, and
organisers everything callers can. Audience roles only open their own separatist spaces.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.errors import PermissionDenied
from bot.guilds import GuildConfig, RolePurpose


class Capability(StrEnum):
    EVERYONE = "everyone"
    CALLER = "caller"
    ORGANISER = "organiser"
    MODERATOR = "moderator"
    ADMIN = "admin"


class Audience(StrEnum):
    OPEN = "open"
    WOMEN_NONBINARY = "women-nonbinary"
    MEN = "men"

    @property
    def is_separatist(self) -> bool:
        return self is not Audience.OPEN


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
    audience = Audience(audience)
    if audience is Audience.OPEN:
        return True
    return _has_role(person, config, RolePurpose(audience.value))


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
    raise PermissionDenied("perm.denied" if configured else "perm.denied.unconfigured", role_key=role_name_key)


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
