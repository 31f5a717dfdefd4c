"""The commitments' embeds and texts, built from catalog keys in the server's language."""

from __future__ import annotations

from collections.abc import Mapping

import discord

from bot.commitments.evidence import Evidence
from bot.commitments.models import OVERDUE, Status, Update
from bot.commitments.plans import ImportDraft
from bot.commitments.progress import Pace, Progress
from bot.commitments.reminders import Digest
from bot.commitments.service import CommitmentDetails, CommitmentInfo
from bot.i18n import and_list, format_day, format_number, t, tn
from bot.timeparse import to_local
from cogs._shared.interactions import MESSAGE_LIMIT, clamp

COLOUR = 0xDA291C
PREVIEW_PAGE = 10
"""Candidates on one page of the import preview."""
DIFF_MARKS = {"new": "🆕", "changed": "✏️"}
EMOJI = {
    Status.PLANNED: "📋",
    Status.IN_PROGRESS: "🔄",
    Status.DONE: "✅",
    Status.CANCELLED: "❌",
    Status.DROPPED: "➖",
    OVERDUE: "⚠️",
}
PERCENT_EMOJI = "📈"
PACE_EMOJI = {Pace.ON_TRACK: "🟢", Pace.BEHIND: "🟡", Pace.RISK: "🔴"}
DIGEST_PARTS = (
    ("commitments.digest.behind", "behind"),
    ("commitments.digest.overdue", "overdue"),
    ("commitments.digest.due_soon", "due_soon"),
    ("commitments.digest.stale", "stale"),
)


def status_text(status: str, lang: str) -> str:
    return t(f"commitments.status.{status}", lang)


def changes(counts: Mapping[str, int], lang: str, *, removed: str) -> dict[str, str]:
    """What an import changes, each count in words: '3 oförändrade', '1 ändrat', '2 nya', '1 stryks' (`removed`
    names the text of the dropped ones: 'removed' or 'struck')."""
    keys = {"kept": "kept", "changed": "changed", "new": "new", "removed": removed}
    return {name: tn(f"commitments.count.{key}", counts[name], lang) for name, key in keys.items()}


def reimported_text(title: str, counts: Mapping[str, int], lang: str) -> str:
    """'Planen ”…” är uppdaterad: 3 oförändrade, 1 ändrat, 2 nya och 1 struket av årsmötet.'"""
    listed = and_list(changes(counts, lang, removed="struck").values(), lang)
    return t("commitments.import.reimported", lang, title=title, changes=listed)


def percent_text(percent: int, lang: str) -> str:
    return t("commitments.progress.percent", lang, percent=format_number(percent, lang))


def target_text(amount: int, unit: str, lang: str) -> str:
    """'4 träffar', '1 utbildning', '500 samtal'."""
    return tn(f"commitments.unit.{unit}", amount, lang)


def progress_text(progress: Progress, lang: str) -> str:
    """'2 av 4 träffar · 50 %' when counted; '1 av 3 delmål klara · 50 %' when rolled up from its steps;
    '40 % av 3 utbildningar' or '40 %' when typed."""
    percent = percent_text(progress.percent, lang)
    if progress.steps is not None:
        done = format_number(progress.steps_done, lang)
        return tn("commitments.progress.steps", progress.steps, lang, done=done, percent=percent)
    if progress.target is None or progress.unit is None:
        return t("commitments.progress.typed", lang, percent=percent)
    target = target_text(progress.target, progress.unit, lang)
    if progress.done is None:
        return t("commitments.progress.typed_target", lang, percent=percent, target=target)
    return t(
        "commitments.progress.counted", lang, done=format_number(progress.done, lang), target=target, percent=percent
    )


def pace_text(pace: Pace, lang: str) -> str:
    """'🟢 i fas', '🟡 efter', '🔴 risk'."""
    return f"{PACE_EMOJI[pace]} {t(f'commitments.pace.{pace}', lang)}"


def evidence_text(evidence: Evidence, lang: str) -> str:
    return evidence.text(lang)


def line_of(item: CommitmentInfo, lang: str, *, missing: bool = False) -> str:
    """One line of a list: number, status, title, progress and pace, due date and owners; with `missing`, says
    so when it has no due date or no owner."""
    text = t(
        "commitments.list.line",
        lang,
        id=item.id,
        emoji=EMOJI.get(item.shown_status, ""),
        title=clamp(item.title, 120),
        status=status_text(item.shown_status, lang),
    )
    if item.progress is not None:
        text += " · " + progress_text(item.progress, lang)
    if item.pace is not None:
        text += " · " + pace_text(item.pace, lang)
    if item.due_date:
        text += " · " + t("commitments.list.due", lang, day=format_day(item.due_date, lang))
    elif missing:
        text += " · " + t("commitments.digest.no_due", lang)
    if item.owner_mentions:
        text += " · " + and_list(item.owner_mentions, lang)
    elif missing:
        text += " · " + t("commitments.digest.no_owner", lang)
    return text


def commitment_embed(details: CommitmentDetails, lang: str, timezone: str) -> discord.Embed:
    """A commitment with its status, section, due date, owners, its last five updates and its evidence."""
    item = details.info
    embed = discord.Embed(
        title=clamp(f"#{item.id} {item.title}", 256), description=clamp(item.description, 2000) or None, colour=COLOUR
    )
    embed.add_field(
        name=t("commitments.show.status", lang),
        value=f"{EMOJI.get(item.shown_status, '')} {status_text(item.shown_status, lang)}",
    )
    embed.add_field(name=t("commitments.show.section", lang), value=item.section or t("commitments.section.none", lang))
    embed.add_field(
        name=t("commitments.show.due", lang),
        value=format_day(item.due_date, lang) if item.due_date else t("common.none", lang),
    )
    if item.progress is not None:
        embed.add_field(name=t("commitments.show.progress", lang), value=progress_text(item.progress, lang))
    if item.pace is not None:
        embed.add_field(name=t("commitments.show.pace", lang), value=pace_text(item.pace, lang))
    embed.add_field(
        name=t("commitments.show.owners", lang),
        value=and_list(item.owner_mentions, lang) or t("commitments.show.no_owners", lang),
        inline=False,
    )
    if details.steps:
        lines = [step_line(step, lang) for step in details.steps]
        embed.add_field(name=t("commitments.show.steps", lang), value=clamp("\n".join(lines), 1024), inline=False)
    if details.updates:
        lines = [
            t(
                "commitments.show.update",
                lang,
                day=format_day(to_local(u.created_at, timezone).date(), lang),
                author=f"<@{u.author_id}>",
                status=update_status_text(u, lang),
                note=u.note or "–",
            )
            for u in details.updates[-5:]
        ]
        embed.add_field(name=t("commitments.show.updates", lang), value=clamp("\n".join(lines), 1024), inline=False)
    if details.evidence:
        lines = [evidence_text(e, lang) for e in details.evidence]
        embed.add_field(name=t("commitments.show.evidence", lang), value=clamp("\n".join(lines), 1024), inline=False)
    return embed


def step_line(step: CommitmentInfo, lang: str) -> str:
    """A step as its parent shows it: '`#12` ✅ Ordna en utbildning — klar · vikt 2' with its progress, if any."""
    text = t(
        "commitments.show.step",
        lang,
        id=step.id,
        emoji=EMOJI.get(step.shown_status, ""),
        title=clamp(step.title, 100),
        status=status_text(step.shown_status, lang),
        weight=format_number(step.weight, lang),
    )
    if step.progress is not None:
        text += " · " + progress_text(step.progress, lang)
    return text


def update_status_text(update: Update, lang: str) -> str:
    """What an update changed: the new status, the percent typed, or the due date it was postponed from and to."""
    if update.new_due is not None:
        old = format_day(update.old_due, lang) if update.old_due else t("common.none", lang)
        return t("commitments.postpone.update", lang, old=old, new=format_day(update.new_due, lang))
    if update.new_status:
        return status_text(update.new_status, lang)
    return percent_text(update.percent, lang) if update.percent is not None else ""


def progress_line(title: str, status: str, author: str, note: str, lang: str) -> str:
    """What the organisers' channel is told of a commitment's new status (see `_organisers_line`)."""
    return _organisers_line(EMOJI[Status(status)], title, status_text(status, lang), author, note, lang)


def percent_line(title: str, percent: int, author: str, note: str, lang: str) -> str:
    """What the organisers' channel is told of progress typed in percent (see `_organisers_line`)."""
    return _organisers_line(PERCENT_EMOJI, title, percent_text(percent, lang), author, note, lang)


def organisers_line(emoji: str, title: str, shown: str, author: str, note: str, lang: str) -> str:
    """A line to the organisers' channel of what became of a commitment (see `_organisers_line`)."""
    return _organisers_line(emoji, title, shown, author, note, lang)


def _organisers_line(emoji: str, title: str, shown: str, author: str, note: str, lang: str) -> str:
    """A line to the organisers' channel of what became of a commitment (`shown`): who changed it (`author`, a
    mention: the line is a message's content) and their note, if any, cut short so that the line fits in one
    message."""
    values = {"emoji": emoji, "title": title, "status": shown, "author": author}
    if not note:
        return t("commitments.update.public", lang, **values)
    line = t("commitments.update.public_note", lang, **values, note=note)
    overflow = len(line) - MESSAGE_LIMIT
    if overflow > 0:
        line = t("commitments.update.public_note", lang, **values, note=clamp(note, len(note) - overflow))
    return line


def digest_embed(digest: Digest, lang: str) -> discord.Embed:
    """The weekly digest: first what is behind the plan (with its owners, or that it has none, and its due date, or
    that it has none), then overdue, due soon and stale commitments, each part with its count."""
    parts = []
    for key, name in DIGEST_PARTS:
        items: list[CommitmentInfo] = getattr(digest, name)
        if items:
            lines = [line_of(item, lang, missing=name == "behind") for item in items]
            parts.append(f"**{t(key, lang, count=len(items))}**\n" + "\n".join(lines))
    return discord.Embed(
        title=t("commitments.digest.title", lang), description=clamp("\n\n".join(parts), 4096), colour=COLOUR
    )


def due_dm_text(item: CommitmentInfo, lang: str) -> str:
    assert item.due_date is not None  # `reminders.due_reminder` names only commitments with a due date
    return t(
        "commitments.due_dm",
        lang,
        title=item.title,
        day=format_day(item.due_date, lang),
        status=status_text(item.shown_status, lang),
        id=item.id,
    )


# ---------------------------------------------------------------------------------------------- import preview


def preview_pages(draft: ImportDraft) -> int:
    return max(1, -(-len(draft.candidates) // PREVIEW_PAGE))


def on_page(draft: ImportDraft, page: int) -> range:
    """The candidates the preview's page shows."""
    start = page * PREVIEW_PAGE
    return range(start, min(start + PREVIEW_PAGE, len(draft.candidates)))


def drop_options(draft: ImportDraft, page: int, lang: str) -> list[discord.SelectOption]:
    """The page's menu: each candidate, marked as a listed item or a sentence of the prose, chosen if dropped."""
    return [
        discord.SelectOption(
            label=clamp(f"{i + 1}. {draft.candidates[i][1]['title']}", 100),
            value=str(i),
            description=t(f"commitments.import.origin.{draft.candidates[i][1]['origin']}", lang),
            default=i in draft.dropped,
        )
        for i in on_page(draft, page)
    ]


def preview_embed(draft: ImportDraft, page: int, lang: str) -> discord.Embed:
    """A page of the import preview: the sections with their candidates, the dropped ones struck, and for a plan
    already on the server what is new or changed, with what the file no longer has on the last page."""
    parts: dict[int, str] = {}
    diff = None
    if draft.target_id is not None:
        diff, parts = draft.diff()
    pages = preview_pages(draft)
    lines: list[str] = []
    section: str | None = None
    for i in on_page(draft, page):
        title, raw = draft.candidates[i]
        if title != section:
            section = title
            lines.append(f"**{clamp(title or t('commitments.section.none', lang), 200)}**")
        marker = DIFF_MARKS.get(parts.get(i, ""), "") + ("💬" if raw["origin"] == "prose" else "•")
        text = clamp(raw["title"], 150)
        lines.append(f"`{i + 1}` {marker} " + (f"~~{text}~~" if i in draft.dropped else text))
    if diff is not None and diff.removed and page == pages - 1:
        lines.append(f"\n**{t('commitments.import.removed', lang, count=len(diff.removed))}**")
        lines += [f"– ~~{clamp(old.title, 150)}~~" for old in diff.removed[:20]]
    embed = discord.Embed(
        title=clamp(
            t("commitments.import.preview_title", lang, title=draft.data["title"], year=draft.data["year"]), 256
        ),
        description=clamp("\n".join(lines), 4000),
        colour=COLOUR,
    )
    kept = draft.kept()
    sections = len({draft.candidates[i][0] for i in kept})
    footer = [tn("commitments.import.preview_footer", len(kept), lang, sections=tn("count.sections", sections, lang))]
    if draft.dropped:
        footer[0] += " · " + tn("commitments.import.preview_dropped", len(draft.dropped), lang)
    if diff is not None:
        footer.append(t("commitments.import.diff_footer", lang, **changes(diff.counts(), lang, removed="removed")))
    if pages > 1:
        footer.insert(0, t("common.page", lang, page=page + 1, pages=pages))
    footer.append(t("commitments.import.legend", lang))
    if diff is not None:
        footer.append(t("commitments.import.diff_legend", lang))
    embed.set_footer(text="\n".join(footer))
    return embed
