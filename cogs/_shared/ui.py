"""Discord-side helpers shared by every cog: the permission gate, views, modals and persistent buttons, and a pager.

A refusal or bad input (a `UserError`) is the ordinary answer to what someone did, not a failure: commands (through
`requires`), buttons, menus and modals answer it in words where it is raised (`answered`), so it never reaches the
error handlers discord.py calls for failures (nor a test's recorded errors). Anything else reaches the bot's one
error handler, which logs it and gives the person an incident code."""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, Self, TypeVar, cast

import discord
from discord import app_commands
from discord.utils import resolve_annotation

from bot import permissions
from bot.bot import RodBot
from bot.errors import UserError
from bot.guilds import GuildConfig
from bot.i18n import t
from bot.permissions import Capability
from cogs._shared.interactions import (
    EMBED_DESCRIPTION_LIMIT,
    Unreadable,
    capability_of,
    clamp,
    declare_capability,
    person_of,
    reply,
)

T = TypeVar("T")
CommandCallback = TypeVar("CommandCallback", bound=Callable[..., Awaitable[Any]])


def bot_of(interaction: discord.Interaction) -> RodBot:
    """The bot an interaction came to, typed as the bot's own class."""
    client = interaction.client
    if not isinstance(client, RodBot):
        raise TypeError(f"rödbot's cogs run in a RodBot, not in a {type(client).__name__}")
    return client


async def config_of(interaction: discord.Interaction) -> GuildConfig:
    if interaction.guild_id is None:
        raise UserError("error.guild_only")
    return await bot_of(interaction).guild_config(interaction.guild_id)


async def gate(interaction: discord.Interaction, capability: Capability) -> GuildConfig:
    """Refuse unless the person has the capability; returns the server's configuration."""
    config = await config_of(interaction)
    permissions.require(person_of(interaction), capability, config)
    return config


async def answered(interaction: discord.Interaction, work: Awaitable[None]) -> None:
    """Await `work`, the handling of `interaction`; a `UserError` it raises is answered in words (`RodBot.explain`),
    as the ordinary answer it is. Anything else goes on, to the error handler."""
    try:
        await work
    except UserError as error:
        await bot_of(interaction).explain(interaction, error)


def requires(capability: Capability) -> Callable[[CommandCallback], CommandCallback]:
    """Declare the capability a command needs (written directly above its `async def`); the permission module
    decides before the command runs.

    The command runs inside its gate: a refusal, an option its reading refused (`Unreadable`, from the
    transformers in `cogs._shared.transformers`) and a `UserError` the command raises are answered in words, an
    ordinary reply; anything else reaches the bot's one error handler. discord.py reads the command's options from
    the signature, which the gate keeps (with its annotations read in the command's own module)."""

    def decorator(func: CommandCallback) -> CommandCallback:
        @functools.wraps(func)
        async def gated(*args: Any, **options: Any) -> None:
            interaction = args[-1]  # discord.py passes the cog (for a method), the interaction, then the options

            async def run() -> None:
                await gate(interaction, capability)
                for value in options.values():
                    if isinstance(value, Unreadable):
                        raise value.error
                await func(*args, **options)

            await answered(interaction, run())

        gated.__signature__ = _signature_of(func)  # type: ignore[attr-defined]
        declare_capability(gated, capability)
        return cast(CommandCallback, gated)

    return decorator


def _signature_of(func: Callable[..., Any]) -> inspect.Signature:
    """`func`'s signature with its annotations resolved in its own module, as discord.py resolves a callback's: it
    reads them in the callback's module (`__globals__`), which for the gate would be this one."""
    signature = inspect.signature(func)
    names = getattr(func, "__globals__", {})
    cache: dict[str, Any] = {}
    return signature.replace(
        parameters=[
            parameter
            if parameter.annotation is parameter.empty
            else parameter.replace(annotation=resolve_annotation(parameter.annotation, names, names, cache))
            for parameter in signature.parameters.values()
        ]
    )


def choices(values: Iterable[str]) -> list[app_commands.Choice[str]]:
    """A command option's choices from a registry (audiences, purposes, languages), made when the cog is imported:
    Discord registers choices with the command. Each is named by its value, as a `Literal` option's are."""
    return [app_commands.Choice(name=str(value), value=str(value)) for value in values]


def _answering(callback: Callable[[discord.Interaction], Awaitable[None]]) -> Callable[..., Awaitable[None]]:
    """An item's callback, or a modal's `on_submit`, with its `UserError`s answered in words (`answered`)."""
    if getattr(callback, "rodbot_answering", False):
        return callback

    async def answering(interaction: discord.Interaction) -> None:
        await answered(interaction, callback(interaction))

    answering.rodbot_answering = True  # type: ignore[attr-defined]
    return answering


class BaseView(discord.ui.View):
    """A view whose buttons and menus answer a `UserError` in words, and whose other errors reach the bot's one
    error handler. An item added by hand gets its callback before it is added."""

    def __init__(self, *, timeout: float | None = 180) -> None:
        super().__init__(timeout=timeout)
        for item in self.children:
            self._answer_errors_of(item)

    def add_item(self, item: discord.ui.Item[Any]) -> Self:
        super().add_item(item)
        self._answer_errors_of(item)
        return self

    @staticmethod
    def _answer_errors_of(item: discord.ui.Item[Any]) -> None:
        item.callback = _answering(item.callback)  # type: ignore[method-assign]

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any]) -> None:
        await bot_of(interaction).handle_interaction_error(interaction, error)


class BaseModal(discord.ui.Modal):
    """A modal whose `on_submit` answers a `UserError` in words, and whose other errors reach the bot's one error
    handler."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.on_submit = _answering(self.on_submit)  # type: ignore[method-assign]

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        await bot_of(interaction).handle_interaction_error(interaction, error)


class PersistentButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"(?!)"):
    """The base of every persistent button: a discord.py `DynamicItem`, which answers from its custom id (carrying
    the object it acts on), also after a restart. Its own template (`(?!)`) matches nothing; each button gives one,
    whose groups are the button's first constructor arguments (see `from_custom_id`).

    discord.py only logs what a dynamic item raises: here a `UserError` (a refusal, bad input) is answered in
    words, as a view's and a modal's are, and anything else reaches the bot's one error handler, which gives an
    incident code. A button does its work in `clicked`, which is given the bot typed as the bot's own class; it
    finds its cog by type with `bot.cog(TheCog)`."""

    def __init__(
        self,
        custom_id: str,
        *,
        label: str | None,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        row: int | None = None,
    ) -> None:
        super().__init__(discord.ui.Button(label=label, style=style, row=row, custom_id=custom_id))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> Self:
        """The button again from its custom id: the template's groups, in order, are the constructor's first
        arguments (a group of digits read as a whole number), with the label and the style the message shows."""
        values = [int(value) if value.isdigit() else value for value in match.groups()]
        button = cls(*values, label=item.label or "")
        button.item.style = item.style
        return button

    async def callback(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        try:
            await answered(interaction, self.clicked(interaction, bot))
        except Exception as error:
            await bot.handle_interaction_error(interaction, error)

    async def clicked(self, interaction: discord.Interaction, bot: RodBot) -> None:
        raise NotImplementedError


class OwnedView(BaseView):
    """A short-lived view only its owner may use (a preview, a confirmation, a pager)."""

    def __init__(self, owner_id: int, *, timeout: float = 600) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            await bot_of(interaction).explain(interaction, UserError("common.not_yours"))
            return False
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


async def send_list(
    interaction: discord.Interaction, lang: str, lines: Sequence[str], *, title: str, empty: str, per_page: int = 10
) -> None:
    """A list in pages only the person asking sees; `empty` (a catalog key) says so when there is nothing in it."""
    if not lines:
        await reply(interaction, t(empty, lang))
        return
    await Pager(interaction.user.id, lang, paginate(lines, title=title, per_page=per_page)).send(interaction)
