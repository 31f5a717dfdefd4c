"""/network: members join or leave the separatist networks (the audience roles); moderators choose whether
joining is open or needs an organiser's approval; organisers and moderators can remove someone."""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands

from bot.audiences import SEPARATIST
from bot.errors import NotConfigured, UserError
from bot.guilds import ChannelPurpose, GuildConfig
from bot.i18n import and_list, t
from bot.meetings import networks
from bot.meetings.models import JoinMode
from bot.permissions import Capability
from cogs._shared import channels
from cogs._shared.feature import FeatureCog
from cogs._shared.interactions import reply
from cogs._shared.language import reply_language
from cogs._shared.ui import ConfirmView, choices, config_of, requires
from cogs.network import render
from cogs.network.roles import change_role, held_role_ids
from cogs.network.views import DecisionButton, decision_view

NETWORK_CHOICES = choices(SEPARATIST)


@app_commands.guild_only()
class Network(FeatureCog, group_name="network", group_description="The networks for women and men"):
    buttons = (DecisionButton,)

    @app_commands.command(name="join", description="Join a network (you confirm who the space is for)")
    @app_commands.describe(audience="Which network")
    @app_commands.choices(audience=NETWORK_CHOICES)
    @requires(Capability.EVERYONE)
    async def join(self, interaction: discord.Interaction, audience: str) -> None:
        config = await config_of(interaction)
        lang = reply_language(interaction, config)
        member = interaction.user
        assert isinstance(member, discord.Member)
        role_id = networks.role_to_join(config, audience, held_role_ids(member))

        async def confirmed(inner: discord.Interaction) -> None:
            await self._join_confirmed(inner, config, audience, role_id)

        view = ConfirmView(interaction, lang, confirmed)
        await reply(interaction, t(f"network.join.confirm.{audience}", lang), view=view)

    async def _join_confirmed(
        self, interaction: discord.Interaction, config: GuildConfig, audience: str, role_id: int
    ) -> None:
        lang = reply_language(interaction, config)
        member = interaction.user
        assert isinstance(member, discord.Member)
        async with self.bot.db.session() as session:
            mode = await networks.join_mode(session=session, guild_id=config.guild_id)
        if mode is JoinMode.OPEN:
            await change_role(member, role_id, add=True, reason="network join")
            await interaction.response.edit_message(
                content=t("network.join.done", lang, role=f"<@&{role_id}>"), view=None
            )
            return
        channel_id = config.channel_id(ChannelPurpose.ORGANISERS)
        channel = self.bot.get_channel(channel_id) if channel_id else None
        if not isinstance(channel, discord.abc.Messageable):
            raise NotConfigured("error.not_configured", what_key="purpose.channel.organisers", command="/setup channel")
        await channels.refuse_if_exposed(
            self.bot,
            config.guild_id,
            ChannelPurpose.ORGANISERS,
            what_key="private.what.join_request",
            actor_id=None,
            lang=lang,
        )
        async with self.bot.db.session() as session:
            request = await networks.request_join(
                session=session, guild_id=config.guild_id, user_id=member.id, audience=audience
            )
            try:
                message = await channel.send(
                    embed=render.request_embed(request, config.language),
                    view=decision_view(request.id, config.language),
                )
            except discord.HTTPException:
                raise UserError("error.channel_unusable", channel=f"<#{channel_id}>") from None
            await networks.set_request_posted(request, session=session, channel_id=channel_id, message_id=message.id)
        await interaction.response.edit_message(content=t("network.join.requested", lang), view=None)

    @app_commands.command(name="leave", description="Leave a network")
    @app_commands.describe(audience="Which network (default: every network you are in)")
    @app_commands.choices(audience=NETWORK_CHOICES)
    @requires(Capability.EVERYONE)
    async def leave(self, interaction: discord.Interaction, audience: str | None = None) -> None:
        config = await config_of(interaction)
        member = interaction.user
        assert isinstance(member, discord.Member)
        held = networks.roles_to_leave(config, audience, held_role_ids(member))
        for role_id in held:
            await change_role(member, role_id, add=False, reason="network leave")
        lang = reply_language(interaction, config)
        roles = and_list((f"<@&{r}>" for r in held), lang)
        await reply(interaction, t("network.leave.done", lang, roles=roles))

    @app_commands.command(name="mode", description="Whether joining a network is open or needs approval")
    @app_commands.describe(mode="Open, or an organiser approves each request")
    @requires(Capability.MODERATOR)
    async def mode(self, interaction: discord.Interaction, mode: Literal["open", "approval"]) -> None:
        config = await config_of(interaction)
        async with self.bot.db.session() as session:
            await networks.set_join_mode(session=session, guild_id=config.guild_id, mode=mode)
        await reply(interaction, t(f"network.mode.{mode}", reply_language(interaction, config)))
        await self.bot.audit(config.guild_id, interaction.user.id, "network.mode", mode=mode)

    @app_commands.command(name="remove", description="Remove someone from a network")
    @app_commands.describe(member="The member", audience="Which network")
    @app_commands.choices(audience=NETWORK_CHOICES)
    @requires(Capability.ORGANISER)
    async def remove(self, interaction: discord.Interaction, member: discord.Member, audience: str) -> None:
        config = await config_of(interaction)
        role_id = networks.role_to_remove(config, audience, member.id, held_role_ids(member))
        await change_role(member, role_id, add=False, reason=f"removed by {interaction.user.id}")
        done = t("network.remove.done", reply_language(interaction, config), user=member.mention, role=f"<@&{role_id}>")
        await reply(interaction, done)
        await self.bot.audit(
            config.guild_id, interaction.user.id, "network.remove", user_id=member.id, audience=audience
        )
