"""Server setup and the audit log: moderators' admin commands."""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot import audit, guilds
from bot.bot import RodBot, audit_text
from bot.guilds import ChannelPurpose, RolePurpose
from bot.i18n import format_datetime, t
from bot.permissions import Capability
from bot.ui import Pager, clamp, config_of, paginate, reply, requires

SEND_PERMISSIONS = ("view_channel", "send_messages", "embed_links")


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Setup(commands.GroupCog, group_name="setup", group_description="Configure the bot for this server"):
    def __init__(self, bot: RodBot) -> None:
        self.bot = bot

    async def _changed(self, guild_id: int) -> None:
        self.bot.forget_config(guild_id)
        await self.bot.ledger.unblock(guild_id)
        await self.bot.ledger.run_due()

    @app_commands.command(name="channel", description="Choose the channel used for a purpose")
    @app_commands.describe(purpose="What the channel is for", channel="The channel")
    @requires(Capability.ADMIN)
    async def channel(
        self,
        interaction: discord.Interaction,
        purpose: Literal["announcements", "organisers", "women-nonbinary", "men", "audit-log"],
        channel: discord.TextChannel,
    ) -> None:
        config = await config_of(interaction)
        lang = config.language
        me = channel.guild.me
        allowed = channel.permissions_for(me)
        if not all(getattr(allowed, name) for name in SEND_PERMISSIONS):
            await reply(interaction, t("setup.channel.cannot_send", lang, channel=channel.mention))
            return
        async with self.bot.db.session() as session:
            await guilds.set_channel(session, config, ChannelPurpose(purpose), channel.id)
        await self._changed(channel.guild.id)
        purpose_text = t(f"purpose.channel.{purpose}", lang)
        await reply(interaction, t("setup.channel.done", lang, purpose=purpose_text, channel=channel.mention))
        await self.bot.audit(
            channel.guild.id,
            interaction.user.id,
            "setup.channel",
            purpose=purpose_text,
            channel_id=channel.id,
        )

    @app_commands.command(name="role", description="Choose the role that carries a task")
    @app_commands.describe(purpose="The role's task", role="The role")
    @requires(Capability.ADMIN)
    async def role(
        self,
        interaction: discord.Interaction,
        purpose: Literal["moderator", "organiser", "caller", "women-nonbinary", "men"],
        role: discord.Role,
    ) -> None:
        config = await config_of(interaction)
        lang = config.language
        if role.managed or role.is_default():
            await reply(interaction, t("setup.role.managed", lang, role=role.mention))
            return
        async with self.bot.db.session() as session:
            await guilds.set_role(session, config, RolePurpose(purpose), role.id)
        await self._changed(role.guild.id)
        purpose_text = t(f"purpose.role.{purpose}", lang)
        await reply(interaction, t("setup.role.done", lang, purpose=purpose_text, role=role.mention))
        await self.bot.audit(role.guild.id, interaction.user.id, "setup.role", purpose=purpose_text, role_id=role.id)

    @app_commands.command(name="language", description="The language the bot writes in on this server")
    @app_commands.describe(language="Swedish or English")
    @requires(Capability.ADMIN)
    async def language(self, interaction: discord.Interaction, language: Literal["sv", "en"]) -> None:
        config = await config_of(interaction)
        async with self.bot.db.session() as session:
            await guilds.set_language(session, config, language)
        await self._changed(config.guild_id)
        await reply(interaction, t("setup.language.done", language))
        await self.bot.audit(
            config.guild_id,
            interaction.user.id,
            "setup.language",
            language=t(f"language.{language}", language),
        )

    @app_commands.command(name="show", description="Show the settings and what is still missing")
    @requires(Capability.ADMIN)
    async def show(self, interaction: discord.Interaction) -> None:
        config = await config_of(interaction)
        lang = config.language
        unset = t("setup.show.unset", lang)
        channels = "\n".join(
            f"{t(f'purpose.channel.{p.value}', lang)}: "
            + (f"<#{config.channel_id(p)}>" if config.channel_id(p) else unset)
            for p in ChannelPurpose
        )
        roles = "\n".join(
            f"{t(f'purpose.role.{p.value}', lang)}: " + (f"<@&{config.role_id(p)}>" if config.role_id(p) else unset)
            for p in RolePurpose
        )
        missing = config.missing()
        embed = discord.Embed(title=t("setup.show.title", lang, guild=interaction.guild), colour=0xDA291C)
        embed.add_field(
            name=t("setup.show.general", lang),
            value=t("setup.show.language", lang, language=t(f"language.{config.language}", lang))
            + "\n"
            + t("setup.show.timezone", lang, timezone=config.timezone),
            inline=False,
        )
        embed.add_field(name=t("setup.show.channels", lang), value=channels, inline=False)
        embed.add_field(name=t("setup.show.roles", lang), value=roles, inline=False)
        embed.add_field(
            name=t("setup.show.missing", lang),
            value=", ".join(t(key, lang) for key in missing) if missing else t("setup.show.missing_none", lang),
            inline=False,
        )
        await reply(interaction, embed=embed)


@app_commands.guild_only()
class Admin(commands.GroupCog, group_name="admin", group_description="Moderators' tools"):
    def __init__(self, bot: RodBot) -> None:
        self.bot = bot

    @app_commands.command(name="audit", description="Show the audit log")
    @app_commands.describe(limit="How many entries (at most 50)")
    @requires(Capability.MODERATOR)
    async def audit_log(self, interaction: discord.Interaction, limit: app_commands.Range[int, 1, 50] = 20) -> None:
        config = await config_of(interaction)
        lang = config.language
        async with self.bot.db.session() as session:
            entries = await audit.recent(session, config.guild_id, limit)
        if not entries:
            await reply(interaction, t("audit.empty", lang))
            return
        lines = [
            t(
                "audit.entry",
                lang,
                when=format_datetime(entry.created_at, config.timezone, lang),
                actor=f"<@{entry.actor_id}>" if entry.actor_id else t("audit.system", lang),
                action=clamp(audit_text(entry.action, entry.details, lang), 300),
            )
            for entry in entries
        ]
        pages = paginate(lines, title=t("audit.title", lang))
        await Pager(interaction.user.id, lang, pages).send(interaction)


async def setup(bot: RodBot) -> None:
    await bot.add_cog(Setup(bot))
    await bot.add_cog(Admin(bot))
