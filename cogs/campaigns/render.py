"""What campaigns show: embeds and texts from the catalog, and the export file with its columns named in the
reader's language."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from zoneinfo import ZoneInfo

import discord

from bot.campaigns.claims import Card, Nothing
from bot.campaigns.importer import MAX_EXTRA_FIELDS, Parsed
from bot.campaigns.imports import ImportPlan
from bot.campaigns.models import Campaign, Outcome
from bot.campaigns.outcomes import RETRY_OUTCOMES, HeldItem, Recorded, Taken
from bot.campaigns.reports import Export, MyCount, Stats
from bot.i18n import and_list, format_datetime, format_number, format_time, t, tn
from cogs._shared.interactions import clamp

COLOUR = 0xDA291C
INVALID_ROWS_SHOWN = 15
EXPORT_COLUMNS = ("id", "name", "phone", "email", "branch", "status", "outcome", "calls", "import_note")


def progress_bar(done: int, total: int, width: int = 12) -> tuple[str, int]:
    share = done / total if total else 0.0
    filled = round(share * width)
    return "▰" * filled + "▱" * (width - filled), round(share * 100)


# ---------------------------------------------------------------------------- organising


def preview_embed(plan: ImportPlan, parsed: Parsed, campaign: Campaign, filename: str, lang: str) -> discord.Embed:
    embed = discord.Embed(
        title=clamp(t("campaigns.import.preview_title", lang, file=filename, name=campaign.name), 256),
        description=t(
            "campaigns.import.preview",
            lang,
            read=plan.rows_read,
            valid=len(plan.new),
            duplicates=plan.duplicates,
            already=plan.already,
            blocked=plan.do_not_call,
            invalid=len(plan.invalid),
        ),
        colour=COLOUR,
    )
    embed.add_field(
        name=t("campaigns.import.columns", lang),
        value=and_list((t(f"campaigns.import.column.{c}", lang) for c in parsed.columns), lang),
        inline=False,
    )
    if plan.invalid:
        lines = [
            t("campaigns.import.invalid_row", lang, row=row, reason=t(f"campaigns.import.reason.{reason}", lang))
            for row, reason in plan.invalid[:INVALID_ROWS_SHOWN]
        ]
        if len(plan.invalid) > INVALID_ROWS_SHOWN:
            more = format_number(len(plan.invalid) - INVALID_ROWS_SHOWN, lang)
            lines.append(t("campaigns.import.invalid_more", lang, count=more))
        embed.add_field(name=t("campaigns.import.invalid_title", lang), value=clamp("\n".join(lines), 1024))
    return embed


def stats_embed(campaign: Campaign, numbers: Stats, lang: str) -> discord.Embed:
    bar, percent = progress_bar(numbers.done, numbers.total)
    embed = discord.Embed(
        title=clamp(t("campaigns.stats.title", lang, name=campaign.name), 256),
        description=tn(
            "campaigns.stats.progress",
            numbers.total,
            lang,
            bar=bar,
            percent=percent,
            done=format_number(numbers.done, lang),
        )
        + "\n"
        + t("campaigns.stats.status", lang, status=t(f"campaigns.status.{campaign.status}", lang)),
        colour=COLOUR,
    )
    embed.add_field(
        name=t("campaigns.stats.state", lang),
        value=t(
            "campaigns.stats.state_lines",
            lang,
            ready=format_number(numbers.ready, lang),
            claimed=format_number(numbers.claimed, lang),
            waiting=format_number(numbers.waiting, lang),
            held=format_number(numbers.held, lang),
            done=format_number(numbers.done, lang),
        ),
    )
    embed.add_field(
        name=tn("campaigns.stats.outcomes", numbers.recorded, lang),
        value="\n".join(
            f"{t(f'campaigns.outcome.{outcome}', lang)}: {format_number(count, lang)}"
            for outcome, count in numbers.outcomes.items()
        )
        or "–",
    )
    embed.add_field(
        name=t("campaigns.stats.callers", lang),
        value=tn("campaigns.stats.callers_value", numbers.callers, lang),
    )
    for question, answers in numbers.answers:
        embed.add_field(
            name=clamp(question, 256),
            value=clamp("\n".join(f"{answer}: {format_number(count, lang)}" for answer, count in answers), 1024)
            or t("campaigns.stats.no_answers", lang),
            inline=False,
        )
    if numbers.branches:
        embed.add_field(
            name=t("campaigns.stats.branches", lang),
            value=clamp(
                "\n".join(
                    tn(
                        "campaigns.stats.branch_line",
                        total,
                        lang,
                        branch=branch or t("campaigns.stats.no_branch", lang),
                        done=format_number(done, lang),
                    )
                    for branch, total, done in numbers.branches[:20]
                ),
                1024,
            ),
            inline=False,
        )
    return embed


def held_name(item: HeldItem, lang: str) -> str:
    """The contact's name as the help queue shows it to organisers."""
    if item.name is None:
        return t("campaigns.help.unreadable", lang)
    return item.name or t("campaigns.card.unknown", lang)


def help_queue_embed(items: list[HeldItem], waiting: int, timezone: str, lang: str) -> discord.Embed:
    zone = ZoneInfo(timezone)
    lines = []
    for item in items:
        line = t(
            "campaigns.help.item",
            lang,
            id=item.contact_id,
            name=clamp(held_name(item, lang), 100),
            campaign=item.campaign_name,
            branch=item.branch or t("campaigns.stats.no_branch", lang),
            caller=f"<@{item.caller_id}>" if item.caller_id else "?",
            when=format_datetime(item.since, zone, lang) if item.since else "",
            message=clamp(item.message.replace("\n", " "), 300),
        )
        if item.taken_by is not None and item.taken_at is not None:
            line += "\n" + t(
                "campaigns.help.taken",
                lang,
                organiser=f"<@{item.taken_by}>",
                when=format_datetime(item.taken_at, zone, lang),
            )
        lines.append(line)
    embed = discord.Embed(
        title=t("campaigns.help.title", lang), description=clamp("\n\n".join(lines), 4000), colour=COLOUR
    )
    if waiting > len(items):
        embed.set_footer(text=t("campaigns.help.more", lang, shown=len(items), total=format_number(waiting, lang)))
    return embed


def taken_text(taken: Taken, timezone: str, lang: str) -> str:
    """What an organiser who took a held contact reads above its card: who asked for help and when, and who
    had taken it before them."""
    zone = ZoneInfo(timezone)
    item = taken.item
    text = t(
        "campaigns.take.intro",
        lang,
        id=item.contact_id,
        caller=f"<@{item.caller_id}>" if item.caller_id else "?",
        when=format_datetime(item.since, zone, lang) if item.since else "",
    )
    if taken.earlier_by is not None and taken.earlier_at is not None:
        text += " " + t(
            "campaigns.take.earlier",
            lang,
            organiser=f"<@{taken.earlier_by}>",
            when=format_datetime(taken.earlier_at, zone, lang),
        )
    return text


def taken_embed(taken: Taken, timezone: str, lang: str) -> discord.Embed:
    """The card of a held contact as its caller saw it, with the caller's message to the organiser."""
    embed = card_embed(taken.card, timezone, lang)
    message = taken.item.message or t("campaigns.card.unknown", lang)
    embed.add_field(name=t("campaigns.take.message", lang), value=clamp(message, 1024), inline=False)
    return embed


def help_waiting_text(count: int, lang: str) -> str:
    """The organisers' channel's message: how many contacts wait, nothing about who they are."""
    if count == 0:
        return t("campaigns.help.waiting_none", lang)
    return tn("campaigns.help.waiting", count, lang)


# ---------------------------------------------------------------------------- the export file


def _cell(text: str) -> str:
    """Text that a spreadsheet would take for a formula is kept as text (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_csv(export: Export, lang: str) -> bytes:
    """Semicolon-separated UTF-8 with BOM, as Swedish Excel opens it; a row the key cannot read is marked."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    header = [t(f"campaigns.export.column.{name}", lang) for name in EXPORT_COLUMNS]
    writer.writerow([_cell(text) for text in (*header, *export.questions, t("campaigns.export.column.notes", lang))])
    for row in export.rows:
        writer.writerow(
            [
                row.contact_id,
                _cell(row.name if row.readable else t("campaigns.export.unreadable", lang)),
                row.phone,
                _cell(row.email),
                _cell(row.branch),
                t(f"campaigns.contact_status.{row.status}", lang),
                t(f"campaigns.outcome.{row.last_outcome}", lang) if row.last_outcome else "",
                row.calls,
                _cell(row.import_note),
                *[_cell(answer) for answer in row.answers],
                _cell(row.notes),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def export_filename(campaign_name: str, day: date) -> str:
    safe = re.sub(r"[^\w-]+", "-", campaign_name).strip("-") or "kampanj"
    return f"{safe}-{day.isoformat()}.csv"


# ---------------------------------------------------------------------------- calling


def button_label(action: str, lang: str) -> str:
    """The label of a card's button: an outcome, a call-back time (`cb_<when>`), the note or back."""
    if action in ("note", "back"):
        return t(f"campaigns.button.{action}", lang)
    if action.startswith("cb_"):
        return t(f"campaigns.callback.{action.removeprefix('cb_')}", lang)
    return t(f"campaigns.outcome.{action}", lang)


def card_embed(card: Card, zone_name: str, lang: str) -> discord.Embed:
    zone = ZoneInfo(zone_name)
    unknown = t("campaigns.card.unknown", lang)
    embed = discord.Embed(
        title=clamp(t("campaigns.card.title", lang, campaign=card.campaign_name), 256),
        description=clamp(card.script, 2000) if card.script else None,
        colour=COLOUR,
    )
    embed.add_field(name=t("campaigns.card.name", lang), value=clamp(card.name or unknown, 1024))
    embed.add_field(
        name=t("campaigns.card.phone", lang), value=f"**{card.phone}**\n`{card.phone_e164}`" if card.phone else unknown
    )
    embed.add_field(name=t("campaigns.card.branch", lang), value=clamp(card.branch or unknown, 1024))
    if card.email:
        embed.add_field(name=t("campaigns.card.email", lang), value=clamp(card.email, 1024))
    if card.note:
        embed.add_field(name=t("campaigns.card.note", lang), value=clamp(card.note, 1024), inline=False)
    for title, value in list(card.extra.items())[:MAX_EXTRA_FIELDS]:
        embed.add_field(name=clamp(title, 256), value=clamp(value, 1024))
    lines = [t("campaigns.card.attempts", lang, attempts=card.attempts, max=card.max_attempts)]
    lines += [
        t(
            "campaigns.card.history_line",
            lang,
            when=format_datetime(item.when, zone, lang),
            outcome=t(f"campaigns.outcome.{item.outcome}", lang),
            note=f" · {clamp(item.note.replace(chr(10), ' '), 200)}" if item.note else "",
        )
        for item in card.history[-8:]
    ]
    embed.add_field(name=t("campaigns.card.history", lang), value=clamp("\n".join(lines), 1024), inline=False)
    if card.pending_note:
        embed.add_field(name=t("campaigns.card.pending_note", lang), value=clamp(card.pending_note, 1024), inline=False)
    if card.claimed_until is not None:
        embed.set_footer(text=t("campaigns.card.footer", lang, time=format_time(card.claimed_until, zone, lang)))
    return embed


def nothing_text(nothing: Nothing, zone: str, lang: str) -> str:
    when = format_datetime(nothing.next_free_at, ZoneInfo(zone), lang) if nothing.next_free_at else ""
    text = t(f"campaigns.nothing.{nothing.reason}", lang, when=when)
    if nothing.held and nothing.reason in ("done", "all_claimed", "cooling"):
        text += " " + tn("campaigns.nothing.held", nothing.held, lang)
    return text


def recorded_text(recorded: Recorded, zone_name: str, lang: str) -> str:
    zone = ZoneInfo(zone_name)
    outcome = t(f"campaigns.outcome.{recorded.outcome.value}", lang)
    when = format_datetime(recorded.available_at, zone, lang) if recorded.available_at else ""
    if recorded.outcome in RETRY_OUTCOMES:
        key = "campaigns.recorded.exhausted" if recorded.finished else "campaigns.recorded.retry"
    elif recorded.outcome is Outcome.CALLBACK:
        key = "campaigns.recorded.callback"
    elif recorded.outcome is Outcome.NEEDS_ORGANISER:
        key = "campaigns.recorded.held"
    elif recorded.outcome is Outcome.DO_NOT_CALL:
        key = "campaigns.recorded.blocked"
    else:
        key = "campaigns.recorded"
    return t(key, lang, outcome=outcome, when=when)


def mine_embed(counts: list[MyCount], lang: str) -> discord.Embed:
    return discord.Embed(
        title=t("campaigns.mine.title", lang),
        description="\n".join(
            tn(
                "campaigns.mine.line",
                c.calls,
                lang,
                name=c.campaign_name,
                answered=format_number(c.answered, lang),
                today=format_number(c.today, lang),
            )
            for c in counts
        ),
        colour=COLOUR,
    )
