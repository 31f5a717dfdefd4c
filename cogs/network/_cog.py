"""/network: members join or leave the separatist networks (the audience roles); moderators choose whether
joining is open or needs an organiser's approval; organisers and moderators can remove someone."""

from __future__ import annotations

import re
from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot import clock
from bot.audiences import SEPARATIST
from bot.bot import RodBot
from bot.errors import NotConfigured, UserError
from bot.guilds import ChannelPurpose, GuildConfig, RolePurpose
from bot.i18n import t
from bot.meetings import service as meetings
from bot.meetings.service import JoinMode
from bot.permissions import Audience, Capability
from cogs._shared import channels
from cogs._shared.interactions import reply
from cogs._shared.notices import dm_or_mention
from cogs._shared.ui import ConfirmView, PersistentButton, choices, config_of, gate, requires

NETWORK_CHOICES = choices(SEPARATIST)


def network_role_id(config: GuildConfig, audience: Audience | str) -> int:
    audience = Audience(audience)
    role_id = config.role_id(RolePurpose(audience.role_purpose))
    if role_id is None:
        raise NotConfigured("error.not_configured", what_key=f"purpose.role.{audience.value}", command="/setup role")
    return role_id


async def change_role(member: discord.Member, role_id: int, *, add: bool, reason: str) -> None:
    """Add or remove a network role; Discord's refusal (hierarchy, permission) becomes a clear message."""
    try:
        if add:
            await member.add_roles(discord.Object(role_id), reason=reason)
        else:
            await member.remove_roles(discord.Object(role_id), reason=reason)
    except discord.Forbidden:
        raise UserError("network.role_forbidden", role=f"<@&{role_id}>") from None


class DecisionButton(PersistentButton, template=r"network:decide:(?P<id>[0-9]+):(?P<verdict>approve|decline)"):
    """Approve / Decline on a join request in the organisers' channel; works after a restart."""

    def __init__(self, request_id: int, verdict: str, label: str | None = None) -> None:
        super().__init__(
            f"network:decide:{request_id}:{verdict}",
            label=label or verdict,
            style=discord.ButtonStyle.success if verdict == "approve" else discord.ButtonStyle.danger,
        )
        self.request_id = request_id
        self.verdict = verdict

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button[Any], match: re.Match[str]
    ) -> DecisionButton:
        return cls(int(match["id"]), match["verdict"], item.label)

    async def clicked(self, interaction: discord.Interaction, bot: RodBot) -> None:
        await bot.cog(Network).decide(interaction, self.request_id, approve=self.verdict == "approve")


def decision_view(request_id: int, lang: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(DecisionButton(request_id, "approve", t("network.request.approve", lang)))
    view.add_item(DecisionButton(request_id, "decline", t("network.request.decline", lang)))
    return view


@app_commands.guild_only()
class Network(commands.GroupCog, group_name="network", group_description="The networks for women and men"):
    def __init__(self, bot: RodBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(DecisionButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(DecisionButton)

    @app_commands.command(name="join", description="Join a network (you confirm who the space is for)")
    @app_commands.describe(audience="Which network")
    @app_commands.choices(audience=NETWORK_CHOICES)
    @requires(Capability.EVERYONE)
    async def join(self, interaction: discord.Interaction, audience: str) -> None:
        config = await config_of(interaction)
        lang = config.language
        role_id = network_role_id(config, audience)
        member = interaction.user
        assert isinstance(member, discord.Member)
        if member.get_role(role_id) is not None:
            raise UserError("network.join.already")

        async def confirmed(inner: discord.Interaction) -> None:
            await self._join_confirmed(inner, config, audience, role_id)

        view = ConfirmView(interaction, lang, confirmed)
        await reply(interaction, t(f"network.join.confirm.{audience}", lang), view=view)

    async def _join_confirmed(
        self, interaction: discord.Interaction, config: GuildConfig, audience: str, role_id: int
    ) -> None:
        lang = config.language
        member = interaction.user
        assert isinstance(member, discord.Member)
        async with self.bot.db.session() as session:
            mode = await meetings.join_mode(session, config.guild_id)
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
            self.bot, config.guild_id, ChannelPurpose.ORGANISERS, what_key="private.what.join_request", actor_id=None
        )
        async with self.bot.db.session() as session:
            request = await meetings.request_join(session, config.guild_id, member.id, audience)
            embed = discord.Embed(
                title=t("network.request.title", lang),
                description=t(
                    "network.request.body",
                    lang,
                    user=member.mention,
                    network=t(f"meetings.audience.{audience}", lang),
                ),
                colour=0xDA291C,
            )
            try:
                message = await channel.send(embed=embed, view=decision_view(request.id, lang))
            except discord.HTTPException:
                raise UserError("error.channel_unusable", channel=f"<#{channel_id}>") from None
            request.channel_id, request.message_id = channel_id, message.id
            session.add(request)
        await interaction.response.edit_message(content=t("network.join.requested", lang), view=None)

    async def decide(self, interaction: discord.Interaction, request_id: int, *, approve: bool) -> None:
        config = await gate(interaction, Capability.ORGANISER)
        lang = config.language
        guild = interaction.guild
        assert guild is not None
        async with self.bot.db.session() as session:
            request = await meetings.decide_join(
                session, guild.id, request_id, approve=approve, decided_by=interaction.user.id, now=clock.now()
            )
            if approve:
                try:
                    member = guild.get_member(request.user_id) or await guild.fetch_member(request.user_id)
                except discord.NotFound:
                    raise UserError("network.member_gone") from None
                await change_role(
                    member, network_role_id(config, request.audience), add=True, reason="network approval"
                )
        verdict = "approved" if approve else "declined"
        embed = discord.Embed(
            title=t("network.request.title", lang),
            description=t(
                "network.request.body",
                lang,
                user=f"<@{request.user_id}>",
                network=t(f"meetings.audience.{request.audience}", lang),
            )
            + "\n\n"
            + t(f"network.request.{verdict}", lang, moderator=interaction.user.mention),
            colour=0x2E7D32 if approve else 0x777777,
        )
        await interaction.response.edit_message(embed=embed, view=None)
        # A member whose DMs are closed learns an approval in the network's own channel, which they now see; a
        # refusal is shown nowhere else.
        await dm_or_mention(
            self.bot,
            guild.id,
            [request.user_id],
            t(f"network.request.dm.{verdict}", lang, network=t(f"meetings.audience.{request.audience}", lang)),
            fallback=ChannelPurpose(Audience(request.audience).channel_purpose) if approve else None,
            what_key="private.what.network_answer",
            organiser_id=interaction.user.id,
        )
        await self.bot.audit(
            guild.id,
            interaction.user.id,
            f"network.{'approve' if approve else 'decline'}",
            request_id=request.id,
            audience=request.audience,
        )

    @app_commands.command(name="leave", description="Leave a network")
    @app_commands.describe(audience="Which network (default: every network you are in)")
    @app_commands.choices(audience=NETWORK_CHOICES)
    @requires(Capability.EVERYONE)
    async def leave(self, interaction: discord.Interaction, audience: str | None = None) -> None:
        config = await config_of(interaction)
        lang = config.language
        member = interaction.user
        assert isinstance(member, discord.Member)
        wanted = [Audience(audience)] if audience else SEPARATIST
        role_ids = [config.role_id(RolePurpose(a.role_purpose)) for a in wanted]
        held = [role_id for role_id in role_ids if role_id and member.get_role(role_id)]
        if not held:
            raise UserError("network.leave.not_member")
        for role_id in held:
            await change_role(member, role_id, add=False, reason="network leave")
        await reply(interaction, t("network.leave.done", lang, roles=", ".join(f"<@&{r}>" for r in held)))

    @app_commands.command(name="mode", description="Whether joining a network is open or needs approval")
    @app_commands.describe(mode="Open, or an organiser approves each request")
    @requires(Capability.MODERATOR)
    async def mode(self, interaction: discord.Interaction, mode: Literal["open", "approval"]) -> None:
        config = await config_of(interaction)
        async with self.bot.db.session() as session:
            await meetings.set_join_mode(session, config.guild_id, mode)
        await reply(interaction, t(f"network.mode.{mode}", config.language))
        await self.bot.audit(config.guild_id, interaction.user.id, "network.mode", mode=mode)

    @app_commands.command(name="remove", description="Remove someone from a network")
    @app_commands.describe(member="The member", audience="Which network")
    @app_commands.choices(audience=NETWORK_CHOICES)
    @requires(Capability.ORGANISER)
    async def remove(self, interaction: discord.Interaction, member: discord.Member, audience: str) -> None:
        config = await config_of(interaction)
        lang = config.language
        role_id = network_role_id(config, audience)
        if member.get_role(role_id) is None:
            raise UserError("network.remove.not_member", user=member.mention)
        await change_role(member, role_id, add=False, reason=f"removed by {interaction.user.id}")
        await reply(interaction, t("network.remove.done", lang, user=member.mention, role=f"<@&{role_id}>"))
        await self.bot.audit(
            config.guild_id, interaction.user.id, "network.remove", user_id=member.id, audience=audience
        )
