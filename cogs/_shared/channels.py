"""Posting in a private channel: check it again right before the post, and hold the post back while others can
see it (`cogs._shared.visibility` reads who can)."""

from __future__ import annotations

from bot import permissions
from bot.bot import RodBot
from bot.guilds import ChannelPurpose
from bot.i18n import t
from bot.permissions import Audience
from cogs._shared.visibility import Channel, ChannelExposed, audit_who, held_now, outsiders_of


async def require_private(
    bot: RodBot, guild_id: int, purpose: ChannelPurpose, *, organiser_id: int | None = None
) -> None:
    """Check a private purpose's channel again right before posting there; raise `ChannelExposed` if others
    can see it. A channel that is not set or not found is left to the post's own delivery to report."""
    config = await bot.guild_config(guild_id)
    channel_id = config.channel_id(purpose)
    channel = bot.get_channel(channel_id) if channel_id is not None else None
    if channel_id is None or not isinstance(channel, Channel):
        return
    found = await outsiders_of(channel, permissions.private_role_ids(config, purpose))
    if found:
        raise ChannelExposed(purpose, channel_id, found, organiser_id=organiser_id)


async def require_audience_channel(
    bot: RodBot, guild_id: int, audience: Audience | str, *, organiser_id: int | None = None
) -> None:
    """`require_private` for a separatist audience's channel; open meetings need nothing."""
    audience = Audience(audience)
    if audience.is_separatist:
        await require_private(bot, guild_id, ChannelPurpose(audience.channel_purpose), organiser_id=organiser_id)


async def refuse_if_exposed(
    bot: RodBot, guild_id: int, purpose: ChannelPurpose, *, what_key: str, actor_id: int | None, lang: str
) -> None:
    """Before a post someone asked for: if its private channel is visible to others, write that to the audit
    log and refuse with a message (in `lang`, the language of the reply to the one who asked) that names who can
    see it (nothing is sent)."""
    try:
        await require_private(bot, guild_id, purpose)
    except ChannelExposed as exposed:
        await hold_back(bot, guild_id, exposed, what_key=what_key, actor_id=actor_id)
        raise held_now(exposed, what_key, lang) from None


async def hold_back(
    bot: RodBot, guild_id: int, exposed: ChannelExposed, *, what_key: str, actor_id: int | None
) -> None:
    """A post made on someone's command was held back: write it to the audit log (what, where, who can see it,
    never the post itself)."""
    lang = (await bot.guild_config(guild_id)).language
    await bot.audit(
        guild_id,
        actor_id,
        "private.held",
        what=t(what_key, lang),
        channel_id=exposed.channel_id,
        who=audit_who(exposed.found, lang),
    )
