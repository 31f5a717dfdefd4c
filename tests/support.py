"""Test support: a realistic district server, and driving the clock through the ledger."""

from __future__ import annotations

import importlib
import logging
import os
import pkgutil
import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

import discord
from simcord.actors import MemberActor
from simcord.builders import ChannelHandle, GuildHandle, RoleHandle, to_discord_message
from sqlmodel import col, select

import bot
from bot.audiences import Audience
from bot.bot import RodBot
from bot.campaigns.crypto import Vault
from bot.campaigns.models import Attempt, Contact
from bot.guilds import BindingKind, ChannelPurpose, GuildConfig, RolePurpose
from bot.i18n import MESSAGES, PLURALS, t
from bot.i18n.languages import LANGUAGES
from bot.meetings.models import Meeting
from demo import server
from demo.clock import advance_to


class Kind:
    """The district's member of one kind, by the attribute's name: `district.organiser` is
    `district.members["organiser"]`."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.key = name

    def __get__(self, district: District, owner: type | None = None) -> MemberActor:
        return district.members[self.key]


@dataclass
class District:
    env: Any
    guild: GuildHandle
    channels: dict[str, ChannelHandle]
    roles: dict[str, RoleHandle]
    members: dict[str, MemberActor] = field(default_factory=dict)
    by_name: dict[str, ChannelHandle] = field(default_factory=dict)
    """Every channel of the server by its name, those the tests have no key for too (a new audience's)."""

    admin = Kind()
    moderator = Kind()
    organiser = Kind()
    caller = Kind()
    woman = Kind()
    man = Kind()
    member = Kind()

    @property
    def general(self) -> ChannelHandle:
        return self.channels["general"]

    async def configure(self, bot: RodBot) -> None:
        """Store the configuration a moderator would set with /setup (tested on its own in test_setup)."""
        await server.configure(bot, self.guild, self.by_name, self.roles)


CHANNEL_NAMES = {
    "general": "allmänt",
    "announcements": "meddelanden",
    "organisers": "organisatörer",
    "women": "kvinnor-ickebinära",
    "men": "mansträffar",
    "audit": "logg",
}
"""The key a test names a channel by → its name on the server."""

PEOPLE = {
    "admin": ("Anna Styrelse", ["board"]),
    "moderator": ("Maria Moderator", ["moderator"]),
    "organiser": ("Olle Organisatör", ["organiser"]),
    "caller": ("Karin Ringare", ["caller"]),
    "woman": ("Fatima Medlem", ["women-nonbinary"]),
    "man": ("Erik Medlem", ["men"]),
    "member": ("Sven Medlem", []),
}
"""One member of each kind: key → name and roles."""


def config_with_roles(guild_id: int, roles: dict[RolePurpose, int]) -> GuildConfig:
    """A server's configuration held in memory, with these roles bound to their purposes."""
    config = GuildConfig(guild_id=guild_id, bindings=[])
    for purpose, role_id in roles.items():
        config.bind(BindingKind.ROLE, purpose, role_id)
    return config


def unbind_channel(config: GuildConfig, purpose: ChannelPurpose) -> None:
    """As if the channel had never been set (the binding is deleted when the configuration is stored)."""
    config.bindings = [b for b in config.bindings if (b.kind, b.purpose) != (BindingKind.CHANNEL, purpose)]


def build_district(env: Any) -> District:
    """Channels, roles and members as a real district server has them; separatist channels are private."""
    guild, by_name, roles = server.build(env)
    channels = {key: by_name[name] for key, name in CHANNEL_NAMES.items()}
    return District(env, guild, channels, roles, server.add_members(env, guild, roles, PEOPLE), by_name)


def stockholm(*args: int) -> datetime:
    """A wall-clock time in Stockholm (year, month, day, hour, minute) as the aware UTC instant."""
    return datetime(*args, tzinfo=ZoneInfo("Europe/Stockholm")).astimezone(UTC)


async def advance(env: Any, bot: RodBot, seconds: float) -> None:
    await advance_to(env, bot, env.now() + timedelta(seconds=seconds))


def channels_and_threads(guild: GuildHandle) -> list[ChannelHandle]:
    """Every channel of the guild and every thread in them (a guild's channels do not list its threads)."""
    return [found for channel in guild.channels.values() for found in (channel, *channel.threads)]


def public_messages(env: Any) -> list[discord.Message]:
    """Every non-ephemeral message in every channel and thread of every guild (for privacy assertions)."""
    found: list[discord.Message] = []
    for guild in env._guilds:
        for channel in channels_and_threads(guild):
            found.extend(m for m in channel.history() if not m.flags.ephemeral)
    return found


def channel_family(env: Any, channel_id: int) -> set[int]:
    """The channel a message is in and, for a thread, the channel it is in: a thread is seen by no one its
    channel hides it from, so what may be said in a channel may be said in its threads."""
    stored = env.backend.channels.get(channel_id)
    parent_id = stored.parent_id if stored is not None and stored.is_thread else None
    return {channel_id} | ({parent_id} if parent_id is not None else set())


# One template per test process, so that suites run side by side on one server do not drop each other's.
TEMPLATE_DATABASE = f"rodbot_test_template_{os.getpid()}"
_template_ready = False


@asynccontextmanager
async def postgres_database(server_url: str) -> AsyncIterator[str]:
    """A throw-away database on the PostgreSQL server, copied from a migrated template (fast, isolated)."""
    global _template_ready
    import asyncpg

    from bot.db import Database

    base, _, _ = server_url.rpartition("/")
    admin = await asyncpg.connect(server_url.replace("postgresql+asyncpg", "postgresql"))
    try:
        if not _template_ready:
            await admin.execute(f"DROP DATABASE IF EXISTS {TEMPLATE_DATABASE} WITH (FORCE)")
            await admin.execute(f"CREATE DATABASE {TEMPLATE_DATABASE}")
            template = Database(f"{base}/{TEMPLATE_DATABASE}")
            await template.migrate()
            await template.dispose()
            _template_ready = True
        name = f"rodbot_test_{uuid.uuid4().hex[:12]}"
        await admin.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DATABASE}")
        try:
            yield f"{base}/{name}"
        finally:
            await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        await admin.close()


PHONE_NUMBER = re.compile(r"(?:\+|00)\d[\d\s-]{7,16}\d|\b0\d{1,3}[\s-]?\d{2,3}[\s-]?\d{2}[\s-]?\d{2,3}\b")


@dataclass(frozen=True)
class Secret:
    """Text that must not appear in public: anywhere (`allowed_channel_ids` empty) or outside some channels."""

    text: str
    what: str
    allowed_channel_ids: frozenset[int] = frozenset()


SECRET_MIN_LENGTH = 8
"""Shorter stored texts ("Ja", "Kanske") are everywhere in ordinary messages: no evidence of a leak."""


AUDIENCE_NAMES = frozenset(
    t(f"{names}.{audience}", language.code)
    for names in ("meetings.audience", "commitments.audience")
    for audience in Audience
    for language in LANGUAGES
)
"""What the audiences are called, in every language: public (the commands' choices, the audit log name them), so
a meeting titled just so ("Mansträff") tells nothing where its audience's name is shown."""


async def separatist_meeting_secrets(bot: RodBot) -> list[Secret]:
    """A separatist meeting's title may appear only in its audience's channel."""
    async with bot.db.session() as session:
        rows = (await session.exec(select(Meeting).where(Meeting.audience != "open"))).all()
    return [
        Secret(m.title, "separatist meeting title", frozenset({m.channel_id} if m.channel_id else ()))
        for m in rows
        if m.title not in AUDIENCE_NAMES
    ]


async def call_list_secrets(bot: RodBot) -> list[Secret]:
    """What a call list holds about a contact and what callers recorded: never in public, never in a log."""
    if not bot.settings.data_key:
        return []
    vault = Vault(bot.settings.data_key)
    secrets: list[Secret] = []
    async with bot.db.session() as session:
        for sealed in (await session.exec(select(Contact.sealed).where(col(Contact.sealed).is_not(None)))).all():
            data = vault.open(sealed) if vault.opens(sealed) else {}  # a test may store under another key
            secrets += [Secret(data[key], f"contact's {key}") for key in ("name", "email", "note") if data.get(key)]
            secrets += [Secret(value, "contact's extra field") for value in data.get("extra", {}).values()]
        for attempt in (await session.exec(select(Attempt))).all():
            if attempt.sealed_note and vault.opens(attempt.sealed_note):
                secrets.append(Secret(vault.decrypt(attempt.sealed_note), "call note"))
            if attempt.sealed_answers and vault.opens(attempt.sealed_answers):
                answers = vault.open(attempt.sealed_answers).values()
                secrets += [Secret(answer, "survey answer") for answer in answers if answer]
    return secrets


LEAK_SOURCES: list[Callable[[RodBot], Awaitable[list[Secret]]]] = [separatist_meeting_secrets, call_list_secrets]
"""The functions that list what the leak guard looks for, besides phone numbers."""


async def find_leaks(env: Any, bot: RodBot, records: list[logging.LogRecord]) -> list[str]:
    """Public messages and log lines that contain a phone number or a registered secret where it does not belong."""
    secrets: list[Secret] = []
    for source in LEAK_SOURCES:
        secrets.extend(secret for secret in await source(bot) if len(secret.text) >= SECRET_MIN_LENGTH)
    leaks: list[str] = []
    for message in public_messages(env):
        text = message_text(message)
        if PHONE_NUMBER.search(text):
            leaks.append(f"phone number in public message in #{message.channel}: {text[:80]!r}")
        for secret in secrets:
            if secret.text in text and not channel_family(env, message.channel.id) & secret.allowed_channel_ids:
                leaks.append(f"{secret.what} in public message in #{message.channel}")
    for record in records:
        line, whole = record_text(record)
        if PHONE_NUMBER.search(whole):
            where = f": {line[:80]!r}" if PHONE_NUMBER.search(line) else " (in its arguments, exception or stack)"
            leaks.append(f"phone number in log line {record.name}{where}")
        for secret in secrets:
            if secret.text in whole:
                leaks.append(f"{secret.what} in log line {record.name}")
    return leaks


class Collect(logging.Handler):
    """Keeps every record it is handed, at any level, for a test to search."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


RECORD_FORMAT = logging.Formatter()


def record_text(record: logging.LogRecord) -> tuple[str, str]:
    """(the message, everything a handler could write of the record: the message with its exception and its
    stack, and the raw message and arguments, also where the message does not use them)."""
    try:
        line = record.getMessage()
    except (TypeError, ValueError):  # arguments that do not fit the message: a handler would print both
        line = str(record.msg)
    args = record.args if isinstance(record.args, tuple) else (record.args,)
    # numbers are left out: a float's digits ("282.00155555555554") look like a phone number and are none
    parts = [line, repr(record.msg), *(repr(arg) for arg in args if not isinstance(arg, int | float))]
    if record.exc_info:
        parts.append(RECORD_FORMAT.formatException(record.exc_info))
    if record.exc_text:
        parts.append(record.exc_text)
    if record.stack_info:
        parts.append(RECORD_FORMAT.formatStack(record.stack_info))
    return line, "\n".join(parts)


MENTION = re.compile(r"<(@[!&]?|#)\d+>")


def misplaced_mentions(env: Any) -> list[str]:
    """Mentions where Discord shows them as raw text: embed titles, footers, author lines and field names (they
    render in message content, embed descriptions and field values only). Every message, ephemeral ones too."""
    found: list[str] = []
    for guild in env._guilds:
        for channel in channels_and_threads(guild):
            for message in channel.history():
                for embed in message.embeds:
                    places = {"title": embed.title, "footer": embed.footer.text, "author": embed.author.name}
                    places.update({f"field name {field.name!r}": field.name for field in embed.fields})
                    found.extend(
                        f"mention in an embed's {where} in #{channel.name}: {text[:80]!r}"
                        for where, text in places.items()
                        if text and MENTION.search(text)
                    )
    return found


def message_text(message: discord.Message) -> str:
    parts = [message.content]
    for embed in message.embeds:
        parts.extend([embed.title or "", embed.description or "", embed.footer.text or ""])
        parts.extend(f"{field.name}\n{field.value}" for field in embed.fields)
    return "\n".join(parts)


def every_message(env: Any) -> list[discord.Message]:
    """Every message of the world, public, ephemeral and direct, as the people it was shown to saw it."""
    return [
        to_discord_message(env, message)
        for messages in env.backend.messages.values()
        for message in sorted(messages.values(), key=lambda m: m.id)
    ]


def shown_texts(message: discord.Message) -> list[str]:
    """Every text of a message a person reads: content, embeds, and the labels of its buttons and menus."""
    texts = [message.content]
    for embed in message.embeds:
        texts.extend([embed.title or "", embed.description or "", embed.footer.text or "", embed.author.name or ""])
        texts.extend(text for field in embed.fields for text in (field.name, field.value))
    rows = [component for component in message.components if isinstance(component, discord.ActionRow)]
    for child in (child for row in rows for child in row.children):
        texts.extend([getattr(child, "label", None) or "", getattr(child, "placeholder", None) or ""])
        for option in getattr(child, "options", ()):
            texts.extend([option.label, option.description or ""])
    return [text for text in texts if text]


def _enum_values() -> frozenset[str]:
    """The values of every `StrEnum` the bot defines (audiences, statuses, outcomes, modes...)."""
    for module in pkgutil.walk_packages(bot.__path__, "bot."):
        importlib.import_module(module.name)
    found: set[str] = set()
    pending = list(StrEnum.__subclasses__())
    while pending:
        kind = pending.pop()
        pending.extend(kind.__subclasses__())
        if kind.__module__.startswith("bot."):
            found.update(member.value for member in kind)
    return frozenset(found)


CATALOG_KEYS = frozenset(key for key in (*MESSAGES, *PLURALS) if "." in key)
CATALOG_WORDS = frozenset(
    word
    for texts in (*MESSAGES.values(), *({lang: " ".join(forms) for lang, forms in f.items()} for f in PLURALS.values()))
    for text in texts.values()
    for word in re.findall(r"[\w]+", text.lower())
)
ENUM_VALUES = _enum_values()
RAW_VALUES = frozenset(value for value in ENUM_VALUES if re.search(r"[_-]", value) or value not in CATALOG_WORDS)
"""The enum values that are no word a catalog text uses: "women-nonbinary", "needs_organiser", "in_progress". (A
value that is also a word, "open", is ordinary English where the server writes English.)"""
KEY_LIKE = re.compile(r"(?<![\w.-])[a-z][a-z0-9_-]*(?:\.[a-z0-9_-]+)*(?![\w-])")


def raw_keys(env: Any) -> list[str]:
    """Catalog keys and raw enum values in any text the bot showed a person: the catalog has a text for each."""
    found = []
    for message in every_message(env):
        if not message.author.bot:
            continue
        for text in shown_texts(message):
            for match in KEY_LIKE.finditer(text):
                if match[0] in CATALOG_KEYS or match[0] in RAW_VALUES:
                    around = text[max(0, match.start() - 40) : match.end() + 40]
                    found.append(f"{match[0]!r} in a message in {message.channel}: …{around!r}…")
    return found
