"""/setup, which moderators configure the server with, and /admin, their tools (the audit log)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot import audit, guilds, permissions
from bot.guilds import ChannelPurpose, GuildConfig, Replies, RolePurpose
from bot.i18n import and_list, language_names, t
from bot.i18n.languages import COMMAND_LANGUAGE, LANGUAGES
from bot.permissions import Audience, Capability
from cogs._shared import visibility
from cogs._shared.feature import FeatureCog
from cogs._shared.interactions import reply
from cogs._shared.language import reply_language
from cogs._shared.ui import choices, config_of, requires, send_list
from cogs.setup import render

REPLIES = [
    app_commands.Choice(name="the server's language", value=Replies.SERVER.value),
    app_commands.Choice(name="each member's Discord language", value=Replies.MEMBER.value),
]
"""The choices of /setup language's `replies`: named in the language the commands are written in, and in the
others by the catalog ("choice:<value>")."""


def thread_gaps(guild: discord.Guild, config: GuildConfig) -> list[tuple[int, list[str]]]:
    """Each meeting channel where the bot lacks what a meeting's thread needs (`permissions.thread_permissions`),
    with those permissions. A channel not set or not found is already reported as missing."""
    gaps: list[tuple[int, list[str]]] = []
    for audience in Audience:
        channel = guild.get_channel(config.channel_id(audience.channel_purpose) or 0)
        if not isinstance(channel, discord.TextChannel) or any(channel.id == seen for seen, _ in gaps):
            continue
        granted = channel.permissions_for(guild.me)
        lacking = [name for name in permissions.thread_permissions(audience) if not getattr(granted, name)]
        if lacking:
            gaps.append((channel.id, lacking))
    return gaps


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Setup(FeatureCog, group_name="setup", group_description="Configure the bot for this server"):
    async def _changed(self, guild_id: int) -> None:
        self.bot.forget_config(guild_id)
        await self._retry_held(guild_id)

    @app_commands.command(name="channel", description="Choose the channel used for a purpose")
    @app_commands.describe(purpose="What the channel is for", channel="The channel")
    @app_commands.choices(purpose=choices(ChannelPurpose))
    @requires(Capability.ADMIN)
    async def channel(
        self,
        interaction: discord.Interaction,
        purpose: str,
        channel: discord.TextChannel,
    ) -> None:
        config = await config_of(interaction)
        lang = reply_language(interaction, config)
        me = channel.guild.me
        allowed = channel.permissions_for(me)
        if not all(getattr(allowed, name) for name in permissions.SEND_PERMISSIONS):
            await reply(interaction, t("setup.channel.cannot_send", lang, channel=channel.mention))
            return
        chosen = ChannelPurpose(purpose)
        if permissions.is_private(chosen):
            found = await visibility.outsiders_of(channel, permissions.private_role_ids(config, chosen))
            if found:
                await reply(interaction, render.not_private_text(config, chosen, channel.mention, found, lang))
                return
        async with self.bot.db.session() as session:
            await guilds.set_channel(session=session, config=config, purpose=chosen, channel_id=channel.id)
        await self._changed(channel.guild.id)
        purpose_text = t(f"purpose.channel.{purpose}", lang)
        await reply(interaction, t("setup.channel.done", lang, purpose=purpose_text, channel=channel.mention))
        await self.bot.audit(
            channel.guild.id,
            interaction.user.id,
            "setup.channel",
            purpose=t(f"purpose.channel.{purpose}", config.language),
            channel_id=channel.id,
        )

    @app_commands.command(name="role", description="Choose the role that carries a task")
    @app_commands.describe(purpose="The role's task", role="The role")
    @app_commands.choices(purpose=choices(RolePurpose))
    @requires(Capability.ADMIN)
    async def role(
        self,
        interaction: discord.Interaction,
        purpose: str,
        role: discord.Role,
    ) -> None:
        config = await config_of(interaction)
        lang = reply_language(interaction, config)
        if role.managed or role.is_default():
            await reply(interaction, t("setup.role.managed", lang, role=role.mention))
            return
        async with self.bot.db.session() as session:
            await guilds.set_role(session=session, config=config, purpose=RolePurpose(purpose), role_id=role.id)
        await self._changed(role.guild.id)
        purpose_text = t(f"purpose.role.{purpose}", lang)
        text = t("setup.role.done", lang, purpose=purpose_text, role=role.mention)
        exposed = await visibility.exposures(config, visibility.cached_lookup(self.bot))
        if exposed:
            text += "\n" + t("setup.role.exposed", lang, lines=render.exposed_lines(exposed, lang))
        await reply(interaction, text)
        purpose_text = t(f"purpose.role.{purpose}", config.language)
        await self.bot.audit(role.guild.id, interaction.user.id, "setup.role", purpose=purpose_text, role_id=role.id)

    @app_commands.command(name="language", description="The language the bot writes in on this server")
    @app_commands.describe(
        language=app_commands.locale_str(language_names(COMMAND_LANGUAGE), languages=language_names),
        replies="Replies only the member sees: in the server's language, or in each member's Discord language",
    )
    @app_commands.choices(language=choices(language.code for language in LANGUAGES), replies=REPLIES)
    @requires(Capability.ADMIN)
    async def language(self, interaction: discord.Interaction, language: str, replies: str | None = None) -> None:
        config = await config_of(interaction)
        chosen = Replies(replies) if replies is not None else None
        async with self.bot.db.session() as session:
            await guilds.set_language(session=session, config=config, language=language, replies=chosen)
        await self._changed(config.guild_id)
        lang = reply_language(interaction, config)
        text = t("setup.language.done", lang, language=t(f"language.{language}", lang))
        if chosen is not None:
            text += "\n" + render.replies_done(chosen, lang)
        await reply(interaction, text)
        await self.bot.audit(
            config.guild_id,
            interaction.user.id,
            "setup.language",
            language=t(f"language.{language}", language),
        )
        if chosen is not None:
            await self.bot.audit(config.guild_id, interaction.user.id, "setup.replies", replies=chosen.value)

    @app_commands.command(name="show", description="Show the settings and what is still missing")
    @requires(Capability.ADMIN)
    async def show(self, interaction: discord.Interaction) -> None:
        config = await config_of(interaction)
        exposed = await visibility.exposures(config, visibility.cached_lookup(self.bot))
        lang = reply_language(interaction, config)
        gaps = thread_gaps(interaction.guild, config) if interaction.guild is not None else []
        await reply(interaction, embed=render.show_embed(config, exposed, interaction.guild, lang, thread_gaps=gaps))

    @app_commands.command(name="create", description="Create the missing roles and channels, set up correctly")
    @requires(Capability.ADMIN)
    async def create(self, interaction: discord.Interaction) -> None:
        config = await config_of(interaction)
        lang = reply_language(interaction, config)
        named = config.language  # the roles and channels are the server's: named in its language
        guild = interaction.guild
        assert guild is not None
        roles, purposes = config.to_create(
            role_exists=lambda role_id: guild.get_role(role_id) is not None,
            channel_exists=lambda channel_id: guild.get_channel(channel_id) is not None,
        )
        if not roles and not purposes:
            await reply(interaction, t("setup.create.nothing", lang))
            return
        granted = guild.me.guild_permissions
        lacking = [name for name in permissions.creation_permissions(roles, purposes) if not getattr(granted, name)]
        if lacking:
            names = and_list((t(f"permission.{name}", lang) for name in lacking), lang)
            await reply(interaction, t("setup.create.missing_permissions", lang, permissions=names))
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        lines: list[str] = []
        created: list[str] = []
        stopped = False
        try:
            for purpose in roles:
                role = await guild.create_role(
                    name=t(f"setup.create.role.{purpose.value}", named),
                    permissions=discord.Permissions.none(),
                    reason="/setup create",
                )
                await self._bind(config, purpose, role.id)
                lines.append(render.created_line(purpose, role.mention, lang))
                created.append(role.mention)
            for purpose in purposes:
                channel = await guild.create_text_channel(
                    t(f"setup.create.channel.{purpose.value}", named),
                    overwrites=visibility.creation_overwrites(guild, config, purpose),
                    reason="/setup create",
                )
                await self._bind(config, purpose, channel.id)
                lines.append(render.created_line(purpose, channel.mention, lang))
                created.append(channel.mention)
        except discord.Forbidden:
            stopped = True
        await self._changed(guild.id)
        listed = "\n".join(lines) or t("setup.create.none_yet", lang)
        done = t("setup.create.stopped", lang, lines=listed) if stopped else t("setup.create.done", lang, lines=listed)
        await reply(interaction, done)
        if created:
            await self.bot.audit(guild.id, interaction.user.id, "setup.create", created=", ".join(created))

    async def _bind(self, config: GuildConfig, purpose: RolePurpose | ChannelPurpose, target_id: int) -> None:
        async with self.bot.db.session() as session:
            if isinstance(purpose, RolePurpose):
                await guilds.set_role(session=session, config=config, purpose=purpose, role_id=target_id)
            else:
                await guilds.set_channel(session=session, config=config, purpose=purpose, channel_id=target_id)

    @commands.Cog.listener()
    async def on_guild_channel_update(self, before: discord.abc.GuildChannel, after: discord.abc.GuildChannel) -> None:
        """A private channel's permissions changed: posts held back for it may go out now."""
        if before.overwrites != after.overwrites:
            await self._retry_held(after.guild.id)

    @commands.Cog.listener()
    async def on_guild_role_update(self, before: discord.Role, after: discord.Role) -> None:
        if before.permissions != after.permissions:
            await self._retry_held(after.guild.id)

    async def _retry_held(self, guild_id: int) -> None:
        await self.bot.ledger.unblock(guild_id)
        await self.bot.ledger.run_due()


@app_commands.guild_only()
class Admin(FeatureCog, group_name="admin", group_description="Moderators' tools"):
    @app_commands.command(name="audit", description="Show the audit log")
    @app_commands.describe(limit="How many entries (at most 50)")
    @requires(Capability.MODERATOR)
    async def audit_log(self, interaction: discord.Interaction, limit: app_commands.Range[int, 1, 50] = 20) -> None:
        config = await config_of(interaction)
        lang = reply_language(interaction, config)
        async with self.bot.db.session() as session:
            entries = await audit.recent(session=session, guild_id=config.guild_id, limit=limit)
        lines = render.audit_lines(entries, config, lang)
        await send_list(interaction, lang, lines, title=t("audit.title", lang), empty="audit.empty")
