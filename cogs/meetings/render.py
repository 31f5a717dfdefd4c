"""What a meeting looks like on Discord: its announcement, the texts people are sent and the organisers' views,
built from catalog keys. What everyone sees and what people are sent is in the server's language (the functions
that take the configuration); a reply is in the language and the server's zone its caller gives."""

from __future__ import annotations

from datetime import datetime

import discord

from bot.guilds import GuildConfig
from bot.i18n import MESSAGES, ahead, and_list, format_datetime, t
from bot.meetings.models import Meeting, Repeat
from bot.meetings.planner import reminder_lead
from bot.meetings.service import Answered, AttendeeGroup, AttendeeList, AudienceStats, Counts
from bot.permissions import Audience
from bot.timeparse import to_local, weekday_position
from cogs._shared.interactions import clamp


def duration_text(minutes: int, lang: str) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return t("meetings.duration.hm", lang, hours=hours, minutes=rest)
    if hours:
        return t("meetings.duration.h", lang, hours=hours)
    return t("meetings.duration.m", lang, minutes=rest)


def place_text(meeting: Meeting, lang: str) -> str:
    parts = []
    if meeting.voice_channel_id:
        parts.append(f"<#{meeting.voice_channel_id}>")
    if meeting.location:
        parts.append(meeting.location)
    return " · ".join(parts) if parts else t("meetings.embed.no_place", lang)


def repeat_text(meeting: Meeting, zone: str, lang: str) -> str:
    if meeting.repeat != Repeat.MONTHLY:
        return t(f"meetings.repeat.{meeting.repeat}", lang)
    local = to_local(meeting.start_at, zone)
    return t(
        "meetings.repeat.monthly",
        lang,
        ordinal=t(f"meetings.ordinal.{weekday_position(local.date())}", lang),
        weekday=t(f"meetings.weekday.{local.weekday()}", lang),
    )


def when_text(moment: datetime, zone: str, lang: str) -> str:
    stamp = int(moment.timestamp())
    return f"{format_datetime(moment, zone, lang)}\n<t:{stamp}:F> · <t:{stamp}:R>"


def starts(meeting: Meeting, zone: str, lang: str) -> str:
    """The start in the server's zone, as the catalog's `when`: "onsdag 7 januari 2026 kl. 18:00"."""
    return format_datetime(meeting.start_at, zone, lang)


def relative(meeting: Meeting) -> str:
    return f"<t:{int(meeting.start_at.timestamp())}:R>"


def audience_name(audience: Audience | str, lang: str) -> str:
    return t(f"meetings.audience.{Audience(audience).value}", lang)


def counts_text(meeting: Meeting, counts: Counts, lang: str) -> str:
    text = t("meetings.embed.counts", lang, kommer=counts.kommer, kanske=counts.kanske, kan_inte=counts.kan_inte)
    if meeting.capacity is not None:
        text += "\n" + t(
            "meetings.embed.capacity",
            lang,
            taken=counts.kommer,
            capacity=meeting.capacity,
            waitlist=counts.waitlist,
        )
    return text


def meeting_embed(meeting: Meeting, counts: Counts, zone: str, lang: str) -> discord.Embed:
    """The announcement (in the server's language), or a reply showing it (in the reader's)."""
    title = meeting.title
    if meeting.cancelled:
        title = t("meetings.embed.cancelled_title", lang, title=meeting.title)
    embed = discord.Embed(
        title=clamp(title, 256),
        description=clamp(meeting.description, 4096) if meeting.description else None,
        colour=0x777777 if meeting.cancelled else meeting.audience_enum.colour,
    )
    embed.add_field(name=t("meetings.embed.when", lang), value=when_text(meeting.start_at, zone, lang), inline=False)
    embed.add_field(name=t("meetings.embed.duration", lang), value=duration_text(meeting.duration_minutes, lang))
    embed.add_field(name=t("meetings.embed.where", lang), value=clamp(place_text(meeting, lang), 1024))
    embed.add_field(name=t("meetings.embed.audience", lang), value=audience_name(meeting.audience, lang))
    if meeting.repeat != Repeat.NONE:
        embed.add_field(name=t("meetings.embed.repeat", lang), value=repeat_text(meeting, zone, lang))
    if meeting.deadline_at is not None and not meeting.cancelled:
        embed.add_field(
            name=t("meetings.embed.deadline", lang), value=when_text(meeting.deadline_at, zone, lang), inline=False
        )
    embed.add_field(name=t("meetings.embed.answers", lang), value=counts_text(meeting, counts, lang), inline=False)
    embed.set_footer(text=t("meetings.embed.footer", lang, id=meeting.id))
    return embed


def shown_embed(meeting: Meeting, counts: Counts, zone: str, lang: str) -> discord.Embed:
    """/meeting show: the announcement, with a link to it."""
    embed = meeting_embed(meeting, counts, zone, lang)
    if meeting.channel_id and meeting.message_id:
        link = f"https://discord.com/channels/{meeting.guild_id}/{meeting.channel_id}/{meeting.message_id}"
        embed.add_field(name=t("meetings.embed.announcement", lang), value=link, inline=False)
    return embed


def button_label(answer: str, count: int, lang: str) -> str:
    return t("meetings.button", lang, answer=t(f"meetings.answer.{answer}", lang), count=count)


def choice_name(meeting: Meeting, zone: str, lang: str) -> str:
    """A meeting as autocomplete offers it."""
    return clamp(f"{meeting.title} · {starts(meeting, zone, lang)}", 100)


# ---------------------------------------------------------------------- replies


def answered_text(answered: Answered, lang: str) -> str:
    """What someone who clicked an answer sees: their answer (or their place on the waiting list), and the counts."""
    result = answered.result
    if result.waitlist_position is not None:
        text = t("meetings.rsvp.waitlist", lang, position=result.waitlist_position)
    else:
        key = "meetings.rsvp.done" if result.changed else "meetings.rsvp.unchanged"
        text = t(key, lang, answer=t(f"meetings.answer.{result.answer.value}", lang))
    return text + "\n" + counts_text(answered.meeting, answered.counts, lang)


def scheduled_text(meeting: Meeting, zone: str, lang: str, channel: str, *, with_event: bool) -> str:
    text = t(
        "meetings.schedule.done",
        lang,
        title=meeting.title,
        when=starts(meeting, zone, lang),
        channel=channel,
        id=meeting.id,
    )
    if with_event:
        text += "\n" + t("meetings.schedule.event", lang)
    return text


def list_lines(listed: list[tuple[Meeting, Counts]], zone: str, lang: str) -> list[str]:
    return [
        t(
            "meetings.list.line",
            lang,
            id=m.id,
            title=m.title,
            when=starts(m, zone, lang),
            relative=relative(m),
            audience=audience_name(m.audience, lang),
            kommer=counts.kommer,
        )
        for m, counts in listed
    ]


def attendees_embed(found: AttendeeList, lang: str, name_of: dict[int, str]) -> discord.Embed:
    """Who answered what and who came; names (`name_of`, else a mention) only when the organiser may see them."""
    meeting = found.meeting

    def names(group: AttendeeGroup) -> str:
        if not found.named:
            return t("meetings.attendees.hidden", lang)
        return and_list((name_of.get(u, f"<@{u}>") for u in group.user_ids), lang) or t("common.none", lang)

    embed = discord.Embed(title=clamp(t("meetings.attendees.title", lang, title=meeting.title), 256))
    if not found.named:
        embed.description = t("meetings.attendees.counts_only", lang, audience=audience_name(meeting.audience, lang))
    for group in found.groups:
        embed.add_field(
            name=t(f"meetings.attendees.{group.key}", lang, count=group.count),
            value=clamp(names(group), 1024),
            inline=False,
        )
    if found.attended.count:
        embed.add_field(
            name=t("meetings.attendees.attended", lang, count=found.attended.count),
            value=clamp(names(found.attended), 1024),
            inline=False,
        )
    return embed


def stats_embed(year: int, result: dict[Audience, AudienceStats], lang: str) -> discord.Embed:
    embed = discord.Embed(title=t("meetings.stats.title", lang, year=year), colour=0xDA291C)
    for audience, numbers in result.items():
        embed.add_field(
            name=audience_name(audience, lang),
            value=t(
                "meetings.stats.line",
                lang,
                meetings=numbers.meetings,
                with_attendance=numbers.with_attendance,
                attendance=numbers.attendance,
                people=numbers.people,
            ),
            inline=False,
        )
    return embed


# ---------------------------------------------------------------------- what people are sent


def reminder_text(name: str, meeting: Meeting, config: GuildConfig) -> str:
    """A reminder's own words ("is tomorrow", "starts in an hour"), or, for a lead time without its own text, the
    general one that says how long before it is; with the organiser's text added, if they wrote one."""
    lang = config.language
    values = {
        "title": meeting.title,
        "when": starts(meeting, config.timezone, lang),
        "relative": relative(meeting),
        "place": place_text(meeting, lang),
    }
    key = f"meetings.reminder.{name}"
    if key in MESSAGES:
        text = t(key, lang, **values)
    else:
        text = t("meetings.reminder", lang, lead=ahead(reminder_lead(name), lang), **values)
    if meeting.reminder_note:
        text = t("meetings.reminder.with_note", lang, reminder=text, note=meeting.reminder_note)
    return text


def changed_text(meeting: Meeting, config: GuildConfig) -> str:
    lang = config.language
    return t(
        "meetings.edit.notice",
        lang,
        title=meeting.title,
        when=starts(meeting, config.timezone, lang),
        relative=relative(meeting),
        place=place_text(meeting, lang),
    )


def cancelled_text(meeting: Meeting, config: GuildConfig) -> str:
    when = starts(meeting, config.timezone, config.language)
    return t("meetings.cancel.notice", config.language, title=meeting.title, when=when)


def promoted_text(meeting: Meeting, config: GuildConfig) -> str:
    when = starts(meeting, config.timezone, config.language)
    return t("meetings.waitlist.promoted", config.language, title=meeting.title, when=when)
