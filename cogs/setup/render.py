"""What /setup and /admin show: the settings and what is missing, private channels others can see, the audit log."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.audit import AuditEntry
from bot.bot import audit_text
from bot.guilds import ChannelPurpose, GuildConfig, Replies, RolePurpose
from bot.i18n import and_list, format_datetime, or_list, t
from bot.i18n.languages import LANGUAGES
from cogs._shared import visibility
from cogs._shared.interactions import clamp

FIELD_LIMIT = 1024


def not_private_text(
    config: GuildConfig, purpose: ChannelPurpose, channel: str, found: visibility.Outsiders, lang: str
) -> str:
    """Why a channel others can see is refused for a private purpose, and how to close it."""
    return t(
        "setup.channel.not_private",
        lang,
        channel=channel,
        purpose=t(f"purpose.channel.{purpose}", lang),
        who=visibility.who_text(found, lang),
        fix=visibility.fix_text(config, purpose, lang),
    )


def exposed_lines(exposed: list[visibility.Exposure], lang: str, *, config: GuildConfig | None = None) -> str:
    """One line per private channel others can see; with the configuration, each says how to close it."""
    return "\n".join(
        visibility.exposure_text(e, f"<#{e.channel_id}>", lang)
        + (". " + visibility.fix_text(config, e.purpose, lang) if config is not None else "")
        for e in exposed
    )


def created_line(purpose: RolePurpose | ChannelPurpose, mention: str, lang: str) -> str:
    kind = "role" if isinstance(purpose, RolePurpose) else "channel"
    return t("setup.create.line", lang, purpose=t(f"purpose.{kind}.{purpose}", lang), target=mention)


def replies_done(replies: Replies, lang: str) -> str:
    """What /setup language says it chose for the replies only the member sees."""
    languages = or_list((t(f"language.{language.code}", lang) for language in LANGUAGES), lang)
    return t(f"setup.language.replies.{replies.value}", lang, languages=languages)


def show_embed(
    config: GuildConfig,
    exposed: list[visibility.Exposure],
    guild: discord.Guild | None,
    lang: str,
    *,
    thread_gaps: Sequence[tuple[int, Sequence[str]]] = (),
) -> discord.Embed:
    """/setup show: the general settings, each purpose's channel or role, what is missing, what is exposed, and
    the meeting channels where the bot lacks the permissions for meetings' threads."""
    unset = t("setup.show.unset", lang)
    channel_lines = "\n".join(
        f"{t(f'purpose.channel.{p.value}', lang)}: " + (f"<#{config.channel_id(p)}>" if config.channel_id(p) else unset)
        for p in ChannelPurpose
    )
    role_lines = "\n".join(
        f"{t(f'purpose.role.{p.value}', lang)}: " + (f"<@&{config.role_id(p)}>" if config.role_id(p) else unset)
        for p in RolePurpose
    )
    missing = config.missing()
    if missing:
        missing_text = and_list((t(key, lang) for key in missing), lang)
    else:
        missing_text = t("setup.show.missing_exposed", lang) if exposed else t("setup.show.missing_none", lang)
    embed = discord.Embed(title=t("setup.show.title", lang, guild=guild), colour=0xDA291C)
    embed.add_field(
        name=t("setup.show.general", lang),
        value=t("setup.show.language", lang, language=t(f"language.{config.language}", lang))
        + "\n"
        + t("setup.show.replies", lang, replies=t(f"setup.replies.{Replies(config.replies).value}", lang))
        + "\n"
        + t("setup.show.timezone", lang, timezone=config.timezone),
        inline=False,
    )
    embed.add_field(name=t("setup.show.channels", lang), value=channel_lines, inline=False)
    embed.add_field(name=t("setup.show.roles", lang), value=role_lines, inline=False)
    embed.add_field(name=t("setup.show.missing", lang), value=clamp(missing_text, FIELD_LIMIT), inline=False)
    if exposed:
        lines = exposed_lines(exposed, lang, config=config)
        embed.add_field(name=t("setup.show.exposed", lang), value=clamp(lines, FIELD_LIMIT), inline=False)
    if thread_gaps:
        lines = [
            t(
                "setup.show.threads_line",
                lang,
                channel=f"<#{channel_id}>",
                permissions=and_list((t(f"permission.{name}", lang) for name in lacking), lang),
            )
            for channel_id, lacking in thread_gaps
        ]
        value = "\n".join([t("setup.show.threads_missing", lang), *lines])
        embed.add_field(name=t("setup.show.threads", lang), value=clamp(value, FIELD_LIMIT), inline=False)
    return embed


def audit_lines(entries: list[AuditEntry], config: GuildConfig, lang: str) -> list[str]:
    """/admin audit: one line per entry, newest first, when, who and what."""
    return [
        t(
            "audit.entry",
            lang,
            when=format_datetime(entry.created_at, config.timezone, lang),
            actor=f"<@{entry.actor_id}>" if entry.actor_id else t("audit.system", lang),
            action=clamp(audit_text(entry.action, entry.details, lang), 300),
        )
        for entry in entries
    ]
