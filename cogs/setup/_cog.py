"""Server setup and the audit log: moderators' admin commands."""

from __future__ import annotations

from collections.abc import Callable

import discord
from discord import app_commands
from discord.ext import commands

from bot import audit, guilds, permissions
from bot.bot import RodBot, audit_text
from bot.guilds import ChannelPurpose, GuildConfig, RolePurpose
from bot.i18n import format_datetime, language_names, t
from bot.i18n.languages import COMMAND_LANGUAGE, LANGUAGES
from bot.permissions import Capability
from cogs._shared import visibility
from cogs._shared.interactions import clamp, reply
from cogs._shared.ui import Pager, choices, config_of, paginate, requires

SEND_PERMISSIONS = ("view_channel", "send_messages", "embed_links")


def _exists(lookup: Callable[[int], object | None], target_id: int | None) -> bool:
    """Whether a purpose is set to something that still exists (otherwise /setup create makes it)."""
    return target_id is not None and lookup(target_id) is not None


def creation_permissions(roles: list[RolePurpose], purposes: list[ChannelPurpose]) -> list[str]:
    """The server permissions the bot needs to create these: roles, channels, and overwrites on private ones."""
    needed = []
    if purposes:
        needed.append("manage_channels")
    if roles or any(permissions.is_private(p) for p in purposes):
        needed.append("manage_roles")
    return needed


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
    @app_commands.choices(purpose=choices(ChannelPurpose))
    @requires(Capability.ADMIN)
    async def channel(
        self,
        interaction: discord.Interaction,
        purpose: str,
        channel: discord.TextChannel,
    ) -> None:
        config = await config_of(interaction)
        lang = config.language
        me = channel.guild.me
        allowed = channel.permissions_for(me)
        if not all(getattr(allowed, name) for name in SEND_PERMISSIONS):
            await reply(interaction, t("setup.channel.cannot_send", lang, channel=channel.mention))
            return
        chosen = ChannelPurpose(purpose)
        if permissions.is_private(chosen):
            found = await visibility.outsiders_of(channel, permissions.private_role_ids(config, chosen))
            if found:
                text = t(
                    "setup.channel.not_private",
                    lang,
                    channel=channel.mention,
                    purpose=t(f"purpose.channel.{purpose}", lang),
                    who=visibility.who_text(found, lang),
                    fix=visibility.fix_text(config, chosen, lang),
                )
                await reply(interaction, text)
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
            purpose=purpose_text,
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
        lang = config.language
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
            lines = "\n".join(visibility.exposure_text(e, f"<#{e.channel_id}>", lang) for e in exposed)
            text += "\n" + t("setup.role.exposed", lang, lines=lines)
        await reply(interaction, text)
        await self.bot.audit(role.guild.id, interaction.user.id, "setup.role", purpose=purpose_text, role_id=role.id)

    @app_commands.command(name="language", description="The language the bot writes in on this server")
    @app_commands.describe(language=app_commands.locale_str(language_names(COMMAND_LANGUAGE), languages=language_names))
    @app_commands.choices(language=choices(language.code for language in LANGUAGES))
    @requires(Capability.ADMIN)
    async def language(self, interaction: discord.Interaction, language: str) -> None:
        config = await config_of(interaction)
        async with self.bot.db.session() as session:
            await guilds.set_language(session=session, config=config, language=language)
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
        channel_lines = "\n".join(
            f"{t(f'purpose.channel.{p.value}', lang)}: "
            + (f"<#{config.channel_id(p)}>" if config.channel_id(p) else unset)
            for p in ChannelPurpose
        )
        role_lines = "\n".join(
            f"{t(f'purpose.role.{p.value}', lang)}: " + (f"<@&{config.role_id(p)}>" if config.role_id(p) else unset)
            for p in RolePurpose
        )
        missing = config.missing()
        exposed = await visibility.exposures(config, visibility.cached_lookup(self.bot))
        if missing:
            missing_text = ", ".join(t(key, lang) for key in missing)
        else:
            missing_text = t("setup.show.missing_exposed" if exposed else "setup.show.missing_none", lang)
        embed = discord.Embed(title=t("setup.show.title", lang, guild=interaction.guild), colour=0xDA291C)
        embed.add_field(
            name=t("setup.show.general", lang),
            value=t("setup.show.language", lang, language=t(f"language.{config.language}", lang))
            + "\n"
            + t("setup.show.timezone", lang, timezone=config.timezone),
            inline=False,
        )
        embed.add_field(name=t("setup.show.channels", lang), value=channel_lines, inline=False)
        embed.add_field(name=t("setup.show.roles", lang), value=role_lines, inline=False)
        embed.add_field(name=t("setup.show.missing", lang), value=clamp(missing_text, 1024), inline=False)
        if exposed:
            lines = "\n".join(
                visibility.exposure_text(e, f"<#{e.channel_id}>", lang)
                + ". "
                + visibility.fix_text(config, e.purpose, lang)
                for e in exposed
            )
            embed.add_field(name=t("setup.show.exposed", lang), value=clamp(lines, 1024), inline=False)
        await reply(interaction, embed=embed)

    @app_commands.command(name="create", description="Create the missing roles and channels, set up correctly")
    @requires(Capability.ADMIN)
    async def create(self, interaction: discord.Interaction) -> None:
        config = await config_of(interaction)
        lang = config.language
        guild = interaction.guild
        assert guild is not None
        roles = [p for p in RolePurpose if not _exists(guild.get_role, config.role_id(p))]
        purposes = [p for p in ChannelPurpose if not _exists(guild.get_channel, config.channel_id(p))]
        if not roles and not purposes:
            await reply(interaction, t("setup.create.nothing", lang))
            return
        granted = guild.me.guild_permissions
        lacking = [name for name in creation_permissions(roles, purposes) if not getattr(granted, name)]
        if lacking:
            names = ", ".join(t(f"permission.{name}", lang) for name in lacking)
            await reply(interaction, t("setup.create.missing_permissions", lang, permissions=names))
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        lines: list[str] = []
        created: list[str] = []
        stopped = False
        try:
            for purpose in roles:
                role = await guild.create_role(
                    name=t(f"setup.create.role.{purpose.value}", lang),
                    permissions=discord.Permissions.none(),
                    reason="/setup create",
                )
                await self._bind(config, purpose, role.id)
                lines.append(
                    t("setup.create.line", lang, purpose=t(f"purpose.role.{purpose}", lang), target=role.mention)
                )
                created.append(role.mention)
            for purpose in purposes:
                channel = await guild.create_text_channel(
                    t(f"setup.create.channel.{purpose.value}", lang),
                    overwrites=visibility.creation_overwrites(guild, config, purpose),
                    reason="/setup create",
                )
                await self._bind(config, purpose, channel.id)
                lines.append(
                    t("setup.create.line", lang, purpose=t(f"purpose.channel.{purpose}", lang), target=channel.mention)
                )
                created.append(channel.mention)
        except discord.Forbidden:
            stopped = True
        await self._changed(guild.id)
        listed = "\n".join(lines) or t("setup.create.none_yet", lang)
        await reply(interaction, t("setup.create.stopped" if stopped else "setup.create.done", lang, lines=listed))
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
            entries = await audit.recent(session=session, guild_id=config.guild_id, limit=limit)
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
