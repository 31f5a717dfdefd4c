"""Discord-side helpers shared by every cog: the permission gate, replies, views that route their errors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord import app_commands

from bot import permissions
from bot.errors import UserError
from bot.guilds import GuildConfig
from bot.i18n import t
from bot.permissions import Capability, Person

if TYPE_CHECKING:
    from bot.bot import RodBot

T = TypeVar("T")

EMBED_DESCRIPTION_LIMIT = 4096
EMBED_FIELD_LIMIT = 1024
MESSAGE_LIMIT = 2000


class Refused(app_commands.CheckFailure):
    """A check refused the interaction; carries the user-facing reason."""

    def __init__(self, error: UserError) -> None:
        super().__init__(error.key)
        self.error = error


def member_person(member: discord.Member) -> Person:
    """The plain facts the permission rules read about a member, as they are now."""
    return Person(
        user_id=member.id,
        role_ids=frozenset(role.id for role in member.roles),
        manage_guild=member.guild_permissions.manage_guild,
    )


def person_of(interaction: discord.Interaction) -> Person:
    user = interaction.user
    if not isinstance(user, discord.Member):
        return Person(user.id, frozenset())
    return member_person(user)


async def config_of(interaction: discord.Interaction) -> GuildConfig:
    bot: RodBot = interaction.client  # type: ignore[assignment]
    if interaction.guild_id is None:
        raise UserError("error.guild_only")
    return await bot.guild_config(interaction.guild_id)


async def gate(interaction: discord.Interaction, capability: Capability) -> GuildConfig:
    """Refuse unless the person has the capability; returns the server's configuration."""
    config = await config_of(interaction)
    permissions.require(person_of(interaction), capability, config)
    return config


def requires(capability: Capability) -> Callable[[T], T]:
    """Declare the capability a command needs; the permission module decides, before the command runs."""

    async def predicate(interaction: discord.Interaction) -> bool:
        try:
            await gate(interaction, capability)
        except UserError as error:
            raise Refused(error) from None
        return True

    def decorator(func: T) -> T:
        checked = app_commands.check(predicate)(func)
        target = checked if isinstance(checked, app_commands.Command) else None
        if target is not None:
            target.extras["capability"] = capability
        else:
            func.__rodbot_capability__ = capability  # type: ignore[attr-defined]
        return checked

    return decorator


def capability_of(command: app_commands.Command[Any, ..., Any]) -> Capability | None:
    return command.extras.get("capability") or getattr(command.callback, "__rodbot_capability__", None)


def render(error: UserError, lang: str) -> str:
    """A `UserError` in words; values named `*_key` are catalog keys, translated too."""
    values = {}
    for name, value in error.values.items():
        if name.endswith("_key") and isinstance(value, str):
            values[name.removesuffix("_key")] = t(value, lang)
        else:
            values[name] = value
    return t(error.key, lang, **values)


async def reply(
    interaction: discord.Interaction,
    content: str | None = None,
    *,
    ephemeral: bool = True,
    **kwargs: Any,
) -> None:
    """Answer the interaction whether or not it was already answered or deferred."""
    if content is not None and len(content) > MESSAGE_LIMIT:
        content = content[: MESSAGE_LIMIT - 1] + "…"
    if interaction.response.is_done():
        await interaction.followup.send(content=content, ephemeral=ephemeral, **kwargs)
    else:
        await interaction.response.send_message(content=content, ephemeral=ephemeral, **kwargs)


def clamp(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class BaseView(discord.ui.View):
    """A view whose errors reach the bot's one error handler."""

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any]) -> None:
        await interaction.client.handle_interaction_error(interaction, error)  # type: ignore[attr-defined]


class BaseModal(discord.ui.Modal):
    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        await interaction.client.handle_interaction_error(interaction, error)  # type: ignore[attr-defined]


class OwnedView(BaseView):
    """A short-lived view only its owner may use (a preview, a confirmation, a pager)."""

    def __init__(self, owner_id: int, *, timeout: float = 600) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            raise UserError("common.not_yours")
        return True


class ConfirmView(OwnedView):
    """Confirm or cancel; `on_confirm(interaction)` runs only on Confirm. Both buttons then disable.

    Only the person who ran the command may answer, and the click asks the permission gate again for the
    command's capability: a role taken away while the question was shown is refused."""

    def __init__(self, asked: discord.Interaction, lang: str, on_confirm: Callable[[discord.Interaction], Any]) -> None:
        super().__init__(asked.user.id)
        command = asked.command
        capability = capability_of(command) if isinstance(command, app_commands.Command) else None
        if capability is None:
            raise TypeError("a confirmation belongs to a command that declares its capability")
        self.capability = capability
        self.on_confirm = on_confirm
        self.confirm_button.label = t("common.confirm", lang)
        self.cancel_button.label = t("common.cancel", lang)
        self.lang = lang

    def _finish(self) -> None:
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        self.stop()

    @discord.ui.button(style=discord.ButtonStyle.success, custom_id="confirm")
    async def confirm_button(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        await gate(interaction, self.capability)
        self._finish()
        await self.on_confirm(interaction)

    @discord.ui.button(style=discord.ButtonStyle.secondary, custom_id="cancel")
    async def cancel_button(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        self._finish()
        await interaction.response.edit_message(content=t("common.cancelled", self.lang), embeds=[], view=None)


class Pager(OwnedView):
    """Pages of embeds with Previous/Next buttons."""

    def __init__(self, owner_id: int, lang: str, pages: Sequence[discord.Embed]) -> None:
        super().__init__(owner_id)
        self.pages = list(pages)
        self.index = 0
        self.lang = lang
        self.previous_button.label = t("common.previous", lang)
        self.next_button.label = t("common.next", lang)
        self._refresh()

    def _refresh(self) -> None:
        self.previous_button.disabled = self.index == 0
        self.next_button.disabled = self.index >= len(self.pages) - 1
        if len(self.pages) > 1:
            self.pages[self.index].set_footer(
                text=t("common.page", self.lang, page=self.index + 1, pages=len(self.pages))
            )

    async def send(self, interaction: discord.Interaction, *, ephemeral: bool = True) -> None:
        view = self if len(self.pages) > 1 else discord.utils.MISSING
        await reply(interaction, embed=self.pages[0], view=view, ephemeral=ephemeral)

    @discord.ui.button(style=discord.ButtonStyle.secondary, custom_id="pager:previous")
    async def previous_button(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        self.index -= 1
        self._refresh()
        await interaction.response.edit_message(embed=self.pages[self.index], view=self)

    @discord.ui.button(style=discord.ButtonStyle.secondary, custom_id="pager:next")
    async def next_button(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        self.index += 1
        self._refresh()
        await interaction.response.edit_message(embed=self.pages[self.index], view=self)


def paginate(lines: Sequence[str], *, title: str, per_page: int = 10, colour: int = 0xDA291C) -> list[discord.Embed]:
    """Embeds of at most `per_page` lines each, never over Discord's description limit."""
    pages: list[discord.Embed] = []
    chunk: list[str] = []
    size = 0
    for line in lines:
        line = clamp(line, 1000)
        if chunk and (len(chunk) >= per_page or size + len(line) + 1 > EMBED_DESCRIPTION_LIMIT):
            pages.append(discord.Embed(title=title, description="\n".join(chunk), colour=colour))
            chunk, size = [], 0
        chunk.append(line)
        size += len(line) + 1
    if chunk or not pages:
        pages.append(discord.Embed(title=title, description="\n".join(chunk), colour=colour))
    return pages


async def deliver(bot: RodBot, channel_id: int | None, **send: Any) -> discord.Message:
    """Send a scheduled post, turning Discord's answers into the ledger's outcomes:
    no channel or no access blocks the occurrence (reported, retried once fixed), 5xx and rate limits
    are transient (retried with backoff)."""
    from bot.ledger import BlockedDelivery, TransientDeliveryError

    if channel_id is None:
        raise BlockedDelivery("missing")
    channel = bot.get_channel(channel_id)
    if channel is None or not isinstance(channel, discord.abc.Messageable):
        raise BlockedDelivery("missing", channel_id)
    try:
        return await channel.send(**send)
    except discord.NotFound:
        raise BlockedDelivery("missing", channel_id) from None
    except discord.Forbidden:
        raise BlockedDelivery("forbidden", channel_id) from None
    except (discord.DiscordServerError, discord.RateLimited) as error:
        raise TransientDeliveryError(str(error)) from None
    except discord.HTTPException as error:
        if error.status == 429:  # discord.py gave up waiting out a rate limit: try again later
            raise TransientDeliveryError(str(error)) from None
        raise
