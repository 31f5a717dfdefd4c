"""Giving and taking a network's role on Discord."""

from __future__ import annotations

import discord

from bot.errors import UserError


async def change_role(member: discord.Member, role_id: int, *, add: bool, reason: str) -> None:
    """Add or remove a network role; Discord's refusal (hierarchy, permission) becomes a clear message."""
    try:
        if add:
            await member.add_roles(discord.Object(role_id), reason=reason)
        else:
            await member.remove_roles(discord.Object(role_id), reason=reason)
    except discord.Forbidden:
        raise UserError("network.role_forbidden", role=f"<@&{role_id}>") from None


def held_role_ids(member: discord.Member) -> frozenset[int]:
    """The roles the member holds now, as the network rules read them."""
    return frozenset(role.id for role in member.roles)
