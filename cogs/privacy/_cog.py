"""The /privacy commands, members who leave and come back, and the ledger's erasure and retention jobs."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot import clock, permissions, privacy
from bot.i18n import t, tn
from bot.ledger import Occurrence, SkipDelivery
from bot.permissions import Capability
from cogs._shared.feature import FeatureCog, delivers
from cogs._shared.interactions import reply
from cogs._shared.language import reply_language
from cogs._shared.ui import ConfirmView, config_of, requires
from cogs.privacy import render


@app_commands.guild_only()
class Privacy(FeatureCog, group_name="privacy", group_description="Your data and your rights"):
    @delivers("privacy.departed", privacy.plan_departures)
    async def _erase_departed(self, occurrence: Occurrence) -> None:
        async with self.bot.db.session() as session:
            user_id = await privacy.departed_member(session=session, departure_id=int(occurrence.object_id))
        if user_id is None:
            raise SkipDelivery()
        await self.bot.forget_member(occurrence.guild_id, user_id)

    @delivers("privacy.retention", privacy.plan_retention)
    async def _retention(self, occurrence: Occurrence) -> None:
        async with self.bot.db.session() as session:
            await privacy.apply_retention(session=session, now=clock.now())

    @commands.Cog.listener()
    async def on_member_remove(self, member: discord.Member) -> None:
        async with self.bot.db.session() as session:
            await privacy.member_left(session=session, guild_id=member.guild.id, user_id=member.id, when=clock.now())
        await self.bot.ledger.replan("privacy.departed", guild_id=member.guild.id)

    @commands.Cog.listener()
    async def on_member_join(self, member: discord.Member) -> None:
        async with self.bot.db.session() as session:
            await privacy.member_returned(session=session, guild_id=member.guild.id, user_id=member.id)
        await self.bot.ledger.replan("privacy.departed", guild_id=member.guild.id)

    @app_commands.command(name="info", description="What the bot stores about you, why and for how long")
    @requires(Capability.EVERYONE)
    async def info(self, interaction: discord.Interaction) -> None:
        config = await config_of(interaction)
        async with self.bot.db.session() as session:
            settings = await privacy.settings_of(session=session, guild_id=config.guild_id)
        await reply(interaction, embed=render.info_embed(settings, reply_language(interaction, config)))

    @app_commands.command(name="mydata", description="Get everything the bot stored about you as a file")
    @requires(Capability.EVERYONE)
    async def mydata(self, interaction: discord.Interaction) -> None:
        config = await config_of(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with self.bot.db.session() as session:
            data = await privacy.my_data(
                session=session,
                guild_id=config.guild_id,
                user_id=interaction.user.id,
                data_key=self.bot.settings.data_key,
            )
        file = render.mydata_file(config.guild_id, interaction.user.id, data, config.timezone)
        summary = render.mydata_summary(data, config.timezone, reply_language(interaction, config))
        await reply(interaction, summary, file=file)

    @app_commands.command(name="forget", description="Erase everything the bot stored about you")
    @requires(Capability.EVERYONE)
    async def forget(self, interaction: discord.Interaction) -> None:
        config = await config_of(interaction)
        lang = reply_language(interaction, config)

        async def confirmed(confirmation: discord.Interaction) -> None:
            await self.bot.forget_member(config.guild_id, confirmation.user.id)
            member = confirmation.user
            if isinstance(member, discord.Member):
                network_roles = permissions.separatist_role_ids(config)
                held = [role for role in member.roles if role.id in network_roles]
                if held:
                    await member.remove_roles(*held, reason="The member asked the bot to forget them")
            await confirmation.response.edit_message(content=t("privacy.forget.done", lang), view=None)

        view = ConfirmView(interaction, lang, confirmed)
        await reply(interaction, t("privacy.forget.ask", lang), view=view)

    @app_commands.command(name="contact", description="Who members contact about their data")
    @app_commands.describe(contact="Name and e-mail or channel")
    @requires(Capability.MODERATOR)
    async def contact(self, interaction: discord.Interaction, contact: app_commands.Range[str, 1, 300]) -> None:
        config = await config_of(interaction)
        async with self.bot.db.session() as session:
            await privacy.set_contact(session=session, guild_id=config.guild_id, contact=contact)
        await reply(interaction, t("privacy.contact.done", reply_language(interaction, config)))
        await self.bot.audit(config.guild_id, interaction.user.id, "privacy.contact")

    @app_commands.command(name="grace", description="Days before data about members who left is erased")
    @app_commands.describe(days="Number of days (0–365)")
    @requires(Capability.MODERATOR)
    async def grace(self, interaction: discord.Interaction, days: app_commands.Range[int, 0, 365]) -> None:
        config = await config_of(interaction)
        async with self.bot.db.session() as session:
            await privacy.set_grace_days(session=session, guild_id=config.guild_id, days=days)
        await self.bot.ledger.replan("privacy.departed", guild_id=config.guild_id)
        await reply(interaction, tn("privacy.grace.done", days, reply_language(interaction, config)))
        await self.bot.audit(config.guild_id, interaction.user.id, "privacy.grace", days=days)
