"""The Approve / Decline buttons on a join request in the organisers' channel: persistent, deciding after a
restart; only organisers decide, whoever can reach the button."""

from __future__ import annotations

import discord

from bot import clock
from bot.bot import RodBot
from bot.errors import UserError
from bot.guilds import ChannelPurpose
from bot.i18n import t
from bot.meetings import networks
from bot.permissions import Audience, Capability
from cogs._shared.notices import dm_or_mention
from cogs._shared.ui import PersistentButton, gate
from cogs.network import render
from cogs.network.roles import change_role


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

    async def clicked(self, interaction: discord.Interaction, bot: RodBot) -> None:
        approve = self.verdict == "approve"
        config = await gate(interaction, Capability.ORGANISER)
        lang = config.language
        guild = interaction.guild
        assert guild is not None
        async with bot.db.session() as session:
            request = await networks.decide_join(
                session=session,
                guild_id=guild.id,
                request_id=self.request_id,
                approve=approve,
                decided_by=interaction.user.id,
                now=clock.now(),
            )
            if approve:
                try:
                    member = guild.get_member(request.user_id) or await guild.fetch_member(request.user_id)
                except discord.NotFound:
                    raise UserError("network.member_gone") from None
                role_id = networks.network_role_id(config, request.audience)
                await change_role(member, role_id, add=True, reason="network approval")
        embed = render.decided_embed(request, lang, approved=approve, moderator=interaction.user.mention)
        await interaction.response.edit_message(embed=embed, view=None)
        # A member whose DMs are closed learns an approval in the network's own channel, which they now see; a
        # refusal is shown nowhere else.
        await dm_or_mention(
            bot,
            guild.id,
            [request.user_id],
            render.answer_text(request, lang, approved=approve),
            fallback=ChannelPurpose(Audience(request.audience).channel_purpose) if approve else None,
            what_key="private.what.network_answer",
            organiser_id=interaction.user.id,
        )
        await bot.audit(
            guild.id,
            interaction.user.id,
            f"network.{self.verdict}",
            request_id=request.id,
            audience=request.audience,
        )


def decision_view(request_id: int, lang: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(DecisionButton(request_id, "approve", t("network.request.approve", lang)))
    view.add_item(DecisionButton(request_id, "decline", t("network.request.decline", lang)))
    return view
