"""Discord-side helpers shared by every cog: the permission gate, replies, views that route their errors."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeVar

import aiohttp
import discord
from discord import app_commands

from bot import permissions
from bot.errors import UserError
from bot.guilds import GuildConfig
from bot.i18n import t
from bot.ledger import (
    NONCE_WINDOW,
    BlockedDelivery,
    OutcomeUnknown,
    Sent,
    SkipDelivery,
    TransientDeliveryError,
    current_attempt,
)
from bot.permissions import Capability, Person

if TYPE_CHECKING:
    from bot.bot import RodBot

T = TypeVar("T")

EMBED_DESCRIPTION_LIMIT = 4096
EMBED_FIELD_LIMIT = 1024
MESSAGE_LIMIT = 2000
LOOKUP_SLACK = timedelta(seconds=30)
"""How far before its first send the look-up for a message starts: the bot's clock and Discord's may differ."""
LOOKUP_LIMIT = 100
KEPT_FINGERPRINTS = 8
UNKNOWN_MESSAGE = 10008
CONNECTION_ERRORS = (TimeoutError, ConnectionError, aiohttp.ClientError)
"""A request that raised one of these may have reached Discord: its answer, not the request, is what was lost."""


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


def choices(values: Iterable[str]) -> list[app_commands.Choice[str]]:
    """A command option's choices from a registry (audiences, purposes, languages), made when the cog is imported:
    Discord registers choices with the command. Each is named by its value, as a `Literal` option's are."""
    return [app_commands.Choice(name=str(value), value=str(value)) for value in values]


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


# ---------------------------------------------------------------------- sending exactly once


def answer_lost(error: BaseException) -> bool:
    """Whether a send that raised this may have reached Discord all the same: a timeout, a broken connection or
    a 5xx after the request left. Its outcome is unknown, not failed."""
    if isinstance(error, CONNECTION_ERRORS):
        return True
    return isinstance(error, discord.HTTPException) and error.status >= 500


def _custom_ids(components: Iterable[Any]) -> list[str]:
    found: list[str] = []
    for component in components:
        if isinstance(component, dict):
            if "custom_id" in component:
                found.append(str(component["custom_id"]))
            found.extend(_custom_ids(component.get("components", [])))
    return found


def _fingerprint(content: str | None, embeds: Sequence[discord.Embed], custom_ids: list[str]) -> str:
    parts = [content or ""]
    for embed in embeds:
        parts += [embed.title or "", embed.description or "", embed.footer.text or ""]
        parts += [f"{field.name}\n{field.value}" for field in embed.fields]
    parts += custom_ids
    return hashlib.blake2b("\x1f".join(part.strip() for part in parts).encode(), digest_size=8).hexdigest()


def payload_fingerprint(send: dict[str, Any]) -> str:
    """What a message will say (text, embeds' text, button ids), as `message_fingerprint` reads it back."""
    embeds = send.get("embeds") or ([send["embed"]] if send.get("embed") else [])
    view = send.get("view")
    components = view.to_components() if view else []
    return _fingerprint(send.get("content"), embeds, _custom_ids(components))


def message_fingerprint(message: discord.Message) -> str:
    return _fingerprint(message.content, message.embeds, _custom_ids(c.to_dict() for c in message.components))


async def _find_sent(bot: RodBot, channel: Any, known: Sent) -> discord.Message | None:
    """The bot's own message in the channel since the first send, recognised by what it says.

    Discord keeps no nonce with a message, so what can be found again is the message itself: the bot as its
    author, created after the first send, and the fingerprint of one of the payloads sent (a retry renders the
    post anew, and its text may have changed in between, say a registration added to a reminder)."""
    assert bot.user is not None
    try:
        async for message in channel.history(limit=LOOKUP_LIMIT, after=known.sent_at - LOOKUP_SLACK, oldest_first=True):
            if message.author.id == bot.user.id and message_fingerprint(message) in known.fingerprints:
                return message
    except discord.Forbidden:
        # Without Read Message History there is no telling whether the post is there: ask for the permission
        # rather than risk posting twice.
        raise BlockedDelivery("forbidden", getattr(channel, "id", None)) from None
    except Exception as error:
        if answer_lost(error):
            raise TransientDeliveryError(type(error).__name__) from None
        raise
    return None


async def send_once(
    bot: RodBot, channel: Any, *, recipient: int | None = None, **send: Any
) -> discord.Message | discord.PartialMessage:
    """Send a message of the ledger occurrence being delivered, once however often the occurrence is tried.

    The message carries the occurrence's nonce for this recipient (Discord enforces it: a repeat within its nonce
    window is answered with the first message), and a lost answer raises `OutcomeUnknown`. A retry skips what
    an earlier attempt had confirmed, and past the nonce window looks for the message before sending again.
    Outside an occurrence (a command's own post) this is a plain send."""
    attempt = current_attempt.get()
    if attempt is None:
        try:
            return await channel.send(**send)
        except Exception as error:
            if answer_lost(error):
                raise OutcomeUnknown(type(error).__name__) from None
            raise
    nonce = attempt.nonce(recipient)
    known = attempt.known(nonce)
    if known is not None and known.message_id is not None:
        return channel.get_partial_message(known.message_id)
    now = bot.ledger.now()
    if known is not None and now - known.sent_at >= NONCE_WINDOW:
        found = await _find_sent(bot, channel, known)
        if found is not None:
            attempt.record(nonce, replace(known, message_id=found.id))
            return found
        known = None  # it never arrived: this send starts afresh
    printed = payload_fingerprint(send)
    try:
        # discord.py 2.7 sends `enforce_nonce: true` with every nonce it is given (it has no parameter for it).
        message = await channel.send(nonce=nonce, **send)
    except discord.NotFound as error:
        if error.code == UNKNOWN_MESSAGE:
            # Discord's answer to a nonce whose message was posted and then deleted: someone removed the post.
            raise SkipDelivery() from None
        raise
    except Exception as error:
        if not answer_lost(error):
            raise
        if known is None:
            attempt.record(nonce, Sent(now, (printed,)))
        else:
            earlier = tuple(f for f in known.fingerprints if f != printed)
            attempt.record(nonce, replace(known, fingerprints=(*earlier, printed)[-KEPT_FINGERPRINTS:]))
        raise OutcomeUnknown(type(error).__name__) from None
    attempt.record(nonce, Sent(known.sent_at if known else now, (printed,), message.id))
    return message


async def deliver(bot: RodBot, channel_id: int | None, **send: Any) -> discord.Message | discord.PartialMessage:
    """Send a scheduled post (once, see `send_once`), turning Discord's answers into the ledger's outcomes:
    no channel or no access blocks the occurrence (reported, retried once fixed), rate limits are transient
    (retried with backoff), a lost answer is an unknown outcome (retried with the same nonce)."""
    if channel_id is None:
        raise BlockedDelivery("missing")
    channel = bot.get_channel(channel_id)
    if channel is None or not isinstance(channel, discord.abc.Messageable):
        raise BlockedDelivery("missing", channel_id)
    try:
        return await send_once(bot, channel, **send)
    except discord.NotFound:
        raise BlockedDelivery("missing", channel_id) from None
    except discord.Forbidden:
        raise BlockedDelivery("forbidden", channel_id) from None
    except discord.RateLimited as error:
        raise TransientDeliveryError(str(error)) from None
    except discord.HTTPException as error:
        if error.status == 429:  # discord.py gave up waiting out a rate limit: try again later
            raise TransientDeliveryError(str(error)) from None
        raise


async def deliver_dm(bot: RodBot, user_id: int, **send: Any) -> discord.Message | discord.PartialMessage:
    """A direct message (once per recipient and occurrence, see `send_once`). Closed DMs raise Forbidden."""
    user = bot.get_user(user_id) or await bot.fetch_user(user_id)
    channel = user.dm_channel or await user.create_dm()
    return await send_once(bot, channel, recipient=user_id, **send)
