"""The bot: wiring of settings, database, ledger, scheduler, translator, cogs and the one error handler."""

from __future__ import annotations

import asyncio
import gc
import hashlib
import json
import logging
import pkgutil
import re
import secrets
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Protocol, TypeVar

import discord
from discord import app_commands
from discord.ext import commands
from sqlmodel.ext.asyncio.session import AsyncSession

import cogs
from bot import audit, guilds, permissions, privacy
from bot.campaigns import keys
from bot.db import BotState, Database
from bot.errors import UserError
from bot.guilds import ChannelPurpose, GuildConfig
from bot.i18n import stored_text, t, value_text
from bot.ledger import BlockedDelivery, Ledger, Occurrence
from bot.scheduler import Scheduler
from bot.settings import Settings
from bot.translator import CatalogTranslator
from cogs._shared import visibility
from cogs._shared.interactions import capability_of, person_of, render, reply
from cogs._shared.language import reply_language
from cogs._shared.lost_answers import CONNECTION_ERRORS
from cogs._shared.visibility import ChannelExposed

log = logging.getLogger(__name__)


class GuildHook(Protocol):
    """`hook(session=…, config=…)`: a feature seeds a server's data when the server is first seen, in the unit of
    work that creates its configuration."""

    def __call__(self, *, session: AsyncSession, config: GuildConfig) -> Awaitable[None]: ...


ErasureHook = Callable[[int, "privacy.Aftermath"], Awaitable[None]]
EXTENSIONS = tuple(f"cogs.{m.name}" for m in pkgutil.iter_modules(cogs.__path__) if not m.name.startswith("_"))
TIMING_WINDOW = 5000
CogT = TypeVar("CogT", bound=commands.Cog)


def intents() -> discord.Intents:
    """Only what the bot needs: servers, members for role audiences, and scheduled events (interest in an open
    meeting's event counts as Kanske). No message content."""
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.members = True
    wanted.guild_scheduled_events = True
    return wanted


class RodTree(app_commands.CommandTree["RodBot"]):
    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        await self.client.handle_interaction_error(interaction, error)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Suggestions follow the command's permission: discord.py runs no command check for autocomplete, so
        someone who may not use the command gets no suggestions (and learns no campaign, meeting or day name)."""
        if interaction.type is not discord.InteractionType.autocomplete:
            return True
        command = interaction.command
        capability = capability_of(command) if isinstance(command, app_commands.Command) else None
        allowed = False
        if capability is not None and interaction.guild_id is not None:
            config = await self.client.guild_config(interaction.guild_id)
            allowed = permissions.allows(person_of(interaction), capability, config)
        if not allowed:
            await interaction.response.autocomplete([])
        return allowed

    async def _call(self, interaction: discord.Interaction) -> None:
        started = time.perf_counter()
        try:
            await super()._call(interaction)
        finally:
            self.client.record_timing(interaction, time.perf_counter() - started)


class RodBot(commands.Bot):
    def __init__(self, settings: Settings) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents(),
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            tree_cls=RodTree,
        )
        self.settings = settings
        self.db = Database(settings.database_url)
        self.vault = keys.vault_of(settings)
        """The data key that seals the call lists' personal data, or None when the bot has none."""
        self.ledger = Ledger(self.db)
        self.ledger.on_blocked = self._report_blocked
        self.scheduler = Scheduler(self.ledger, settings.zone)
        self.guild_hooks: list[GuildHook] = []
        self.erasure_hooks: list[ErasureHook] = []
        self.timings: dict[str, deque[float]] = defaultdict(lambda: deque(maxlen=TIMING_WINDOW))
        self._configs: dict[int, GuildConfig] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self._mirror_held: set[int] = set()
        self._released = False

    # ------------------------------------------------------------------ life cycle

    async def setup_hook(self) -> None:
        await self.db.migrate(vault=self.vault)
        await keys.check_data_key(self.db, self.settings)
        await self.tree.set_translator(CatalogTranslator())
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        self.scheduler.start()
        self._time_components()
        await self.sync_commands()
        self.background(self._start_ledger(), name="ledger-start")

    async def _start_ledger(self) -> None:
        await self.wait_until_ready()
        for guild in self.guilds:
            await self.ensure_guild(guild.id)
        await self.ledger.recover_interrupted()
        await self.ledger.replan()
        await self.ledger.run_due()
        if self.settings.freeze_heap:
            # What exists after start-up lives as long as the process: keep it out of the collector's full
            # sweeps, which otherwise pause a large instance for hundreds of milliseconds.
            gc.freeze()

    def background(self, coroutine: Coroutine[Any, Any, Any], *, name: str) -> asyncio.Task[Any]:
        """Start a background task, keep a reference, and log its failure."""
        task = asyncio.create_task(coroutine, name=name)
        self._tasks.add(task)

        def done(finished: asyncio.Task[Any]) -> None:
            self._tasks.discard(finished)
            if not finished.cancelled() and finished.exception() is not None:
                log.error("background task %s failed", name, exc_info=finished.exception())

        task.add_done_callback(done)
        return task

    async def release(self) -> None:
        """Stop the scheduler and close the database; safe to call twice."""
        if self._released:
            return
        self._released = True
        self.scheduler.shutdown()
        for task in list(self._tasks):
            task.cancel()
        await self.db.dispose()

    async def close(self) -> None:
        await self.release()
        await super().close()

    async def sync_commands(self) -> None:
        """Sync the command tree only when it changed since the last sync (Discord rate-limits syncs)."""
        guild = discord.Object(self.settings.dev_guild_id) if self.settings.dev_guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        translator = self.tree.translator
        assert translator is not None
        payload = [await c.get_translated_payload(self.tree, translator) for c in self.tree.get_commands(guild=guild)]
        digest = hashlib.sha256(json.dumps([payload, guild and guild.id], sort_keys=True).encode()).hexdigest()
        async with self.db.session() as session:
            state = await session.get(BotState, "command_tree")
            if state is not None and state.value == digest:
                return
            await self.tree.sync(guild=guild)
            session.add(BotState(key="command_tree", value=digest) if state is None else state)
            if state is not None:
                state.value = digest
        log.info("synced %d commands", len(payload))

    # ------------------------------------------------------------------ servers

    async def ensure_guild(self, guild_id: int) -> GuildConfig:
        """The server's configuration; on first sight it is created and the features seed their data."""
        cached = self._configs.get(guild_id)
        if cached is not None:
            return cached
        async with self.db.session() as session:
            config, created = await guilds.ensure_config(
                session=session, guild_id=guild_id, language=self.settings.locale, timezone=self.settings.timezone
            )
            if created:
                for hook in self.guild_hooks:
                    await hook(session=session, config=config)
        if created:
            await self.ledger.replan(guild_id=guild_id)
        self._configs[guild_id] = config
        return config

    async def guild_config(self, guild_id: int) -> GuildConfig:
        return await self.ensure_guild(guild_id)

    def cog(self, kind: type[CogT]) -> CogT:
        """The loaded cog of this class, found by its type (and typed as it), never by a name written again.
        The class is the one its extension loaded: a button names the cog of its own module."""
        found = self.get_cog(kind.__cog_name__)
        if not isinstance(found, kind):
            raise LookupError(f"the cog {kind.__name__} is not loaded")
        return found

    def forget_config(self, guild_id: int) -> None:
        """Drop the cached configuration after it changed."""
        self._configs.pop(guild_id, None)

    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self.ensure_guild(guild.id)

    def language(self, guild_id: int | None) -> str:
        config = self._configs.get(guild_id) if guild_id is not None else None
        return config.language if config is not None else self.settings.locale

    def reply_language(self, interaction: discord.Interaction) -> str:
        """The language of a reply only the person who used the interaction sees (`reply_language`), read from the
        cached configuration: an error's explanation, say, where the configuration may not be at hand."""
        config = self._configs.get(interaction.guild_id) if interaction.guild_id is not None else None
        return reply_language(interaction, config) if config is not None else self.settings.locale

    # ------------------------------------------------------------------ audit log

    async def audit(self, guild_id: int, actor_id: int | None, action: str, **details: Any) -> None:
        """Store a moderator action and mirror it to the audit-log channel when one is set."""
        async with self.db.session() as session:
            entry = await audit.record(session=session, guild_id=guild_id, actor_id=actor_id, action=action, **details)
        config = await self.guild_config(guild_id)
        channel_id = config.channel_id(ChannelPurpose.AUDIT_LOG)
        if channel_id is None or await self._audit_channel_exposed(config, channel_id):
            return
        lang = config.language
        actor = f"<@{actor_id}>" if actor_id else t("audit.system", lang)
        text = t("audit.mirror", lang, actor=actor, action=audit_text(action, details, lang))
        try:
            copy = await self.get_partial_messageable(channel_id, guild_id=guild_id).send(
                embed=discord.Embed(description=text, colour=0x555555, timestamp=discord.utils.utcnow())
            )
        except (discord.HTTPException, *CONNECTION_ERRORS):  # a mirror is best effort, never tried again
            log.warning("could not mirror audit entry to the audit-log channel guild=%s", guild_id)
            return
        assert entry.id is not None
        async with self.db.session() as session:
            await audit.set_mirror(session=session, entry_id=entry.id, channel_id=channel_id, message_id=copy.id)

    # ------------------------------------------------------------------ erasure

    async def forget_member(self, guild_id: int, user_id: int) -> None:
        """Erase a member (`bot.privacy.forget`), then put right what the erasure leaves on Discord: messages
        that name them lose the mention or are deleted, and the features refresh what shows changed counts."""
        async with self.db.session() as session:
            aftermath = await privacy.forget(session=session, guild_id=guild_id, user_id=user_id)
        await self.db.scrub()
        for channel_id, message_id in sorted(aftermath.messages):
            await self._unmention(guild_id, channel_id, message_id, user_id)
        for hook in self.erasure_hooks:
            await hook(guild_id, aftermath)

    async def _unmention(self, guild_id: int, channel_id: int, message_id: int, user_id: int) -> None:
        channel = self.get_partial_messageable(channel_id, guild_id=guild_id)
        try:
            message = await channel.fetch_message(message_id)
            others = [u for u in message.raw_mentions if u != user_id]
            if others and message.content and not message.embeds:
                text = re.sub(rf"<@!?{user_id}>\s?", "", message.content)
                await message.edit(content=text, allowed_mentions=discord.AllowedMentions.none())
            else:
                await message.delete()
        except discord.NotFound:
            return
        except discord.HTTPException:
            log.warning("could not remove a forgotten member from a message in guild=%s", guild_id)

    async def _audit_channel_exposed(self, config: GuildConfig, channel_id: int) -> bool:
        """Audit entries name members: never mirror them into a channel others can see. The first time, the
        entries' own log says so (stored, not mirrored); /setup show and `python -m bot check` report it."""
        channel = self.get_channel(channel_id)
        if not isinstance(channel, visibility.Channel):
            return False  # the mirror fails and says so
        allowed = permissions.private_role_ids(config, ChannelPurpose.AUDIT_LOG)
        found = await visibility.outsiders_of(channel, allowed)
        if not found:
            self._mirror_held.discard(config.guild_id)
            return False
        if config.guild_id not in self._mirror_held:
            self._mirror_held.add(config.guild_id)
            log.warning("audit entries not mirrored: the audit-log channel is not private guild=%s", config.guild_id)
            who = visibility.audit_who(found, config.language)
            async with self.db.session() as session:
                await audit.record(
                    session=session,
                    guild_id=config.guild_id,
                    actor_id=None,
                    action="private.mirror_held",
                    channel_id=channel_id,
                    who=who,
                )
        return True

    async def direct_message(self, user_id: int, text: str) -> None:
        """Tell one person something privately; a closed DM is logged (without the text) and not retried."""
        try:
            user = self.get_user(user_id) or await self.fetch_user(user_id)
            await user.send(text)
        except discord.HTTPException:
            log.info("could not send a direct message")

    async def _report_blocked(self, occurrence: Occurrence, blocked: BlockedDelivery) -> None:
        """A scheduled post cannot go out: tell the moderators through the audit log (and, when a post was held
        back from a channel others can see, the organiser it belongs to)."""
        lang = self.language(occurrence.guild_id)
        what = t(f"delivery.kind.{occurrence.kind}", lang)
        if isinstance(blocked, ChannelExposed):
            await self.audit(
                occurrence.guild_id,
                None,
                "delivery.exposed",
                what=what,
                channel_id=blocked.channel_id,
                who=visibility.audit_who(blocked.found, lang),
            )
            if blocked.organiser_id is not None:
                await self.direct_message(blocked.organiser_id, visibility.held_later_text(blocked, what, lang))
        elif blocked.channel_id is None:
            await self.audit(occurrence.guild_id, None, "delivery.no_channel", what=what)
        else:
            await self.audit(
                occurrence.guild_id,
                None,
                "delivery.blocked",
                what=what,
                channel_id=blocked.channel_id,
                reason=t(f"delivery.reason.{blocked.reason}", lang),
            )

    # ------------------------------------------------------------------ errors and timings

    async def explain(self, interaction: discord.Interaction, error: UserError) -> None:
        """A refusal or bad input (a `UserError`) answered in words only the person sees: the ordinary answer to
        what they did, not an error. Commands, buttons and modals answer theirs here (see `cogs._shared.ui`), so
        they never reach the error handler, a log line or a test's recorded errors."""
        await self._answer(interaction, render(error, self.reply_language(interaction)))

    async def handle_interaction_error(self, interaction: discord.Interaction, error: BaseException) -> None:
        """The one place an interaction's unexpected error becomes a reply: logged with an incident code the
        person is given. (A `UserError` is answered where it is raised, by `explain`; one that still arrives here
        is explained all the same.)"""
        lang = self.reply_language(interaction)
        original = getattr(error, "original", error)
        if isinstance(original, UserError):
            text = render(original, lang)
        elif isinstance(original, app_commands.NoPrivateMessage):
            text = t("error.guild_only", lang)
        elif isinstance(original, app_commands.CommandOnCooldown):
            text = t("error.cooldown", lang, seconds=round(original.retry_after))
        elif isinstance(original, app_commands.BotMissingPermissions):
            text = t("error.bot_missing_permissions", lang, permissions=", ".join(original.missing_permissions))
        else:
            code = secrets.token_hex(3).upper()
            log.error(
                "incident %s in %s",
                code,
                describe(interaction),
                exc_info=original,
            )
            text = t("error.unexpected", lang, code=code)
        await self._answer(interaction, text)

    async def _answer(self, interaction: discord.Interaction, text: str) -> None:
        try:
            await reply(interaction, text, ephemeral=True)
        except discord.HTTPException:
            log.warning("could not deliver an error message for interaction %s", interaction.id)

    def record_timing(self, interaction: discord.Interaction, seconds: float) -> None:
        self.timings[timing_name(interaction)].append(seconds)

    def _time_components(self) -> None:
        """Time buttons, selects and modals as RodTree times commands: discord.py runs each handler as a
        task made inside ViewStore.dispatch_view/dispatch_modal; the time runs from there to the task's end."""
        store = self._connection._view_store
        if getattr(store, "rodbot_timed", False):
            return
        add_task, dispatch_view, dispatch_modal = store.add_task, store.dispatch_view, store.dispatch_modal
        arriving: list[discord.Interaction] = []

        def timed_add_task(task: asyncio.Task[None]) -> None:
            add_task(task)
            if arriving:
                interaction, started = arriving[-1], time.perf_counter()
                task.add_done_callback(lambda _: self.record_timing(interaction, time.perf_counter() - started))

        def timed_dispatch_view(component_type: int, custom_id: str, interaction: discord.Interaction) -> None:
            arriving.append(interaction)
            try:
                dispatch_view(component_type, custom_id, interaction)
            finally:
                arriving.pop()

        def timed_dispatch_modal(custom_id: str, interaction: discord.Interaction, *args: Any) -> None:
            arriving.append(interaction)
            try:
                dispatch_modal(custom_id, interaction, *args)
            finally:
                arriving.pop()

        store.add_task, store.dispatch_view, store.dispatch_modal = (  # type: ignore[method-assign]
            timed_add_task,
            timed_dispatch_view,
            timed_dispatch_modal,
        )
        store.rodbot_timed = True  # type: ignore[attr-defined]


def timing_name(interaction: discord.Interaction) -> str:
    """A command's name; "autocomplete:<command>"; or "component:"/"modal:" with the custom id's fixed parts
    (numbers, such as a contact's or meeting's id, and random view ids left out, so names stay few)."""
    if interaction.command is not None:
        name = interaction.command.qualified_name
        return f"autocomplete:{name}" if interaction.type is discord.InteractionType.autocomplete else name
    kind = "modal" if interaction.type is discord.InteractionType.modal_submit else "component"
    custom_id = str((interaction.data or {}).get("custom_id", ""))
    parts = [p for p in custom_id.split(":") if p and not p.isdigit() and not re.fullmatch(r"[0-9a-f]{32}", p)]
    return f"{kind}:{':'.join(parts)}" if parts else kind


def describe(interaction: discord.Interaction) -> str:
    """What the person used, for logs: a command's name or a component's id, never what they typed."""
    if interaction.command is not None:
        return f"/{interaction.command.qualified_name}"
    data = interaction.data or {}
    return f"{interaction.type.name}:{data.get('custom_id', '?')}"


AUDIT_COUNTS = {"campaigns.import": "stored", "privacy.grace": "days"}
"""Audit actions whose entries store their count under another name than `count` (a member's /privacy mydata
shows the stored names)."""


AUDIT_VALUES = {
    "audience": "meetings.audience",
    "mode": "network.join_mode",
    "replies": "setup.replies",
    "unit": "commitments.unit_name",
}
"""Details that audit entries store as enum values (keys), by name -> the catalog prefix of their texts: they are
written in the reader's language when shown, so old entries read right too."""


def audit_text(action: str, details: dict[str, Any], lang: str) -> str:
    named = AUDIT_COUNTS.get(action)
    if named in details:
        details = {("count" if name == named else name): value for name, value in details.items()}
    details = {
        name: value_text(AUDIT_VALUES[name], value, lang) if name in AUDIT_VALUES else value
        for name, value in details.items()
    }
    return stored_text(f"audit.action.{action}", lang, details)


def create_bot(settings: Settings | None = None) -> RodBot:
    """Build the fully configured bot without connecting. Cogs, database and scheduler start in setup_hook."""
    return RodBot(settings or Settings.from_env())
