"""What memorial days look like on Discord: the post on the day, the reminder to organisers, and the texts of the
commands, built from catalog keys."""

from __future__ import annotations

from datetime import date

import discord

from bot import leadtimes
from bot.i18n import DEFAULT_LANGUAGE, and_list, format_clock, format_day, in_days, t
from bot.memorial.models import MemorialDay, MemorialRegistration
from bot.timeparse import DateRule
from cogs._shared.interactions import clamp

COLOUR = 0xDA291C
REGISTRATIONS_LIMIT = 1000  # characters of the reminder's list of registrations (an embed field holds 1 024)


def describe_rule(rule: DateRule, lang: str = DEFAULT_LANGUAGE) -> str:
    """'8 mars' / 'sista söndagen i maj'; in English '8 March' / 'last Sunday of May'."""
    month = t(f"time.month.{rule.month}", lang)
    if rule.day is not None:
        return t("memorial.rule.date", lang, day=rule.day, month=month)
    assert rule.weekday is not None and rule.nth is not None
    ordinal, weekday = t(f"meetings.ordinal.{rule.nth}", lang), t(f"meetings.weekday.{rule.weekday}", lang)
    return t("memorial.rule.nth", lang, ordinal=ordinal, weekday=weekday, month=month)


def leads_text(day: MemorialDay, lang: str) -> str:
    return leadtimes.render(day.leads, lang)


def paused_note(lang: str) -> str:
    return t("memorial.paused", lang)


def choice_label(day: MemorialDay, lang: str) -> str:
    """How a day is offered in autocomplete: its name, its date rule, and whether it is paused."""
    paused = "" if day.active else f" ({paused_note(lang)})"
    return clamp(f"{day.display_name(lang)} · {describe_rule(day.rule, lang)}{paused}", 100)


def list_line(day: MemorialDay, when: date, today: date, lang: str) -> str:
    line = t(
        "memorial.list.line",
        lang,
        name=day.display_name(lang),
        rule=describe_rule(day.rule, lang),
        date=format_day(when, lang),
        when=in_days((when - today).days, lang),
    )
    return line if day.active else f"{line} · *{paused_note(lang)}*"


def upcoming_line(day: MemorialDay, when: date, today: date, lang: str) -> str:
    return t(
        "memorial.upcoming.line",
        lang,
        date=format_day(when, lang),
        name=day.display_name(lang),
        when=in_days((when - today).days, lang),
    )


def added(day: MemorialDay, next_date: date, lang: str) -> str:
    """The answer to /memorial add; a day without a channel of its own is said to go to the announcements."""
    return t(
        "memorial.add.done",
        lang,
        name=day.name,
        rule=describe_rule(day.rule, lang),
        date=format_day(next_date, lang),
        time=format_clock(day.post_time, lang),
        channel=f"<#{day.channel_id}>" if day.channel_id else t("purpose.channel.announcements", lang),
        leads=leads_text(day, lang),
    )


def preview_summary(day: MemorialDay, when: date, channel_id: int | None, lang: str) -> str:
    summary = t(
        "memorial.preview.summary",
        lang,
        date=format_day(when, lang),
        time=format_clock(day.post_time, lang),
        channel=f"<#{channel_id}>" if channel_id else t("setup.show.unset", lang),
        leads=leads_text(day, lang),
    )
    return summary if day.active else f"{summary} {t('memorial.preview.paused', lang)}"


def changed_fields(changed: list[str], lang: str) -> str:
    return and_list((t(f"memorial.field.{field}", lang) for field in changed), lang)


def post_embed(day: MemorialDay, occurrence: date, lang: str) -> discord.Embed:
    """The announcement exactly as it is posted on the day."""
    embed = discord.Embed(
        title=clamp(day.display_name(lang), 256),
        description=clamp(day.display_text(lang), 4096),
        colour=COLOUR,
    )
    if day.image_url:
        embed.set_image(url=day.image_url)
    embed.set_footer(text=format_day(occurrence, lang))
    return embed


def registration_lines(found: list[MemorialRegistration]) -> str:
    lines = [
        f"• **{clamp(r.branch, 100)}**: {clamp(r.what, 300)}" + (f" (<@{r.organiser_id}>)" if r.organiser_id else "")
        for r in found
    ]
    text = ""
    for line in lines:
        if len(text) + len(line) + 1 > REGISTRATIONS_LIMIT:
            text += "\n…"
            break
        text += ("\n" if text else "") + line
    return text


def reminder_embed(
    day: MemorialDay, occurrence: date, lead: int, found: list[MemorialRegistration], lang: str
) -> discord.Embed:
    embed = discord.Embed(
        title=clamp(t("memorial.reminder.title", lang, name=day.display_name(lang), when=in_days(lead, lang)), 256),
        description=t(
            "memorial.reminder.body",
            lang,
            date=format_day(occurrence, lang),
            button=t("memorial.reminder.button", lang),
        ),
        colour=COLOUR,
    )
    embed.add_field(
        name=t("memorial.reminder.registered", lang),
        value=registration_lines(found) if found else t("memorial.reminder.none_yet", lang),
        inline=False,
    )
    return embed
