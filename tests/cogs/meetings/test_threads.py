"""A thread per meeting: a public thread on an open meeting's announcement, a private one in a separatist meeting's
channel that only its audience who answered can reach; changes, cancellations and reminders posted in it; archived a
day after the meeting and opened again when it is moved; and a meeting without a thread where the bot may not open
one, which /setup show names."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import discord
import pytest
from simcord import SetupError
from simcord.backend.errors import BackendError
from simcord.backend.models import Overwrite
from simcord.enums import OverwriteType

from bot import permissions
from bot.meetings import planner
from bot.permissions import Audience
from tests.cogs.meetings.test_meetings import (
    CHANNEL_OF,
    STAMP,
    START,
    announcement,
    dm_texts,
    schedule,
    scheduled_events,
    stored_meetings,
    text_of,
)
from tests.support import advance_to

END = START + timedelta(minutes=90)
DAY_BEFORE = (
    f"Påminnelse: ”Kvinnoträff” är i morgon, onsdag 7 januari 2026 kl. 18:00 (<t:{STAMP}:R>). Plats: Meddelas senare."
)
KINDS = ("member", "caller", "organiser", "woman", "man", "moderator", "admin")


def the_thread(district, audience="women-nonbinary"):
    [thread] = district.channels[CHANNEL_OF[audience]].threads
    return thread


def stored_thread(env, thread):
    return env.backend.channels[thread.id]


def in_thread(env, thread) -> set[int]:
    return set(stored_thread(env, thread).thread_members)


def thread_texts(thread) -> list[str]:
    return [m.content for m in thread.history()]


def can_read(thread, member) -> bool:
    try:
        thread.history(viewer=member)
    except SetupError:
        return False
    return True


def create_thread_requests(env) -> list[dict]:
    return [body for kind, what, body in env.backend.transcript if kind == "HTTP" and what.endswith("/threads")]


async def test_a_separatist_meeting_talks_in_a_private_thread_only_its_audience_who_answered_can_reach(
    simcord_env, simcord_bot, district
):
    result = await schedule(district, title="Kvinnoträff")
    assert text_of(result).startswith("Klart: ”Kvinnoträff”")
    thread = the_thread(district)
    [meeting] = await stored_meetings(simcord_bot)
    assert meeting.thread_id == thread.id
    assert thread.name == "Kvinnoträff"
    stored = stored_thread(simcord_env, thread)
    assert stored.type == discord.ChannelType.private_thread.value
    assert stored.parent_id == district.channels["women"].id
    # Private, and no one in it may invite others: only the bot adds people.
    [request] = create_thread_requests(simcord_env)
    assert request["type"] == discord.ChannelType.private_thread.value
    assert request["invitable"] is False
    assert in_thread(simcord_env, thread) == {simcord_env.bot.user.id}
    # Not even the organiser who scheduled it is let in: they are no woman or non-binary member.
    for kind in ("woman", "man", "member", "organiser", "moderator"):
        assert not can_read(thread, district.members[kind]), kind

    # Kommer lets the woman in; the man and an ordinary member cannot answer, so they stay out.
    await district.woman.click(announcement(district), label="Kommer (0)")
    assert in_thread(simcord_env, thread) == {simcord_env.bot.user.id, district.woman.id}
    assert can_read(thread, district.woman)
    await district.woman.send(thread, "Jag tar med fika.")
    for outsider in (district.man, district.member):
        with pytest.raises(SetupError):
            await outsider.click(announcement(district), label="Kanske (0)")
        assert not can_read(thread, outsider)
        with pytest.raises(BackendError):  # Missing Access
            await outsider.send(thread, "Får jag vara med?")
    assert in_thread(simcord_env, thread) == {simcord_env.bot.user.id, district.woman.id}

    # Kan inte takes her out again, Kanske brings her back.
    await district.woman.click(announcement(district), label="Kan inte (0)")
    assert in_thread(simcord_env, thread) == {simcord_env.bot.user.id}
    assert not can_read(thread, district.woman)
    await district.woman.click(announcement(district), label="Kanske (0)")
    assert in_thread(simcord_env, thread) == {simcord_env.bot.user.id, district.woman.id}
    assert simcord_env.errors == []


async def test_an_open_meeting_talks_in_a_public_thread_on_its_announcement(simcord_env, simcord_bot, district):
    await schedule(district, "open", title="Medlemsträff")
    posted = announcement(district, "open")
    thread = the_thread(district, "open")
    stored = stored_thread(simcord_env, thread)
    assert stored.type == discord.ChannelType.public_thread.value
    assert thread.id == posted.id  # a thread on the announcement itself
    [meeting] = await stored_meetings(simcord_bot)
    assert meeting.thread_id == thread.id
    for kind in KINDS:
        assert can_read(thread, district.members[kind]), kind

    await district.member.click(posted, label="Kommer (0)")
    assert district.member.id in in_thread(simcord_env, thread)
    # No one is taken out of a thread everyone can read.
    await district.member.click(announcement(district, "open"), label="Kan inte (0)")
    assert district.member.id in in_thread(simcord_env, thread)


async def test_interest_in_an_open_meetings_discord_event_brings_the_member_into_its_thread(
    simcord_env, simcord_bot, district
):
    await schedule(district, "open", title="Medlemsträff")
    [event] = scheduled_events(simcord_env, district)
    thread = the_thread(district, "open")
    await district.member.subscribe_event(event.id)
    assert district.member.id in in_thread(simcord_env, thread)
    assert simcord_env.errors == []


async def test_changes_cancellation_and_reminders_are_posted_in_the_thread_as_well(simcord_env, simcord_bot, district):
    await schedule(district, title="Kvinnoträff")
    await district.woman.click(announcement(district), label="Kommer (0)")
    thread = the_thread(district)
    [meeting] = await stored_meetings(simcord_bot)

    await advance_to(simcord_env, simcord_bot, START - timedelta(days=1))
    assert dm_texts(district.woman) == [DAY_BEFORE]
    assert thread_texts(thread) == [DAY_BEFORE]

    await district.organiser.slash(
        district.channels["organisers"],
        "meeting edit",
        meeting=meeting.id,
        title="Kvinnoträff i Kvinnohuset",
        location="Kvinnohuset",
    )
    changed = dm_texts(district.woman)[-1]
    assert changed == (
        f"Ändring: ”Kvinnoträff i Kvinnohuset” är nu onsdag 7 januari 2026 kl. 18:00 (<t:{STAMP}:R>). "
        "Plats: Kvinnohuset."
    )
    assert thread_texts(thread) == [DAY_BEFORE, changed]
    assert stored_thread(simcord_env, thread).name == "Kvinnoträff i Kvinnohuset"

    await district.organiser.slash(district.channels["organisers"], "meeting cancel", meeting=meeting.id)
    cancelled = dm_texts(district.woman)[-1]
    assert cancelled == "Inställt: ”Kvinnoträff i Kvinnohuset” onsdag 7 januari 2026 kl. 18:00 blir inte av."
    assert thread_texts(thread) == [DAY_BEFORE, changed, cancelled]
    assert simcord_env.errors == []


async def test_the_thread_is_archived_a_day_after_the_meeting_not_deleted(simcord_env, simcord_bot, district):
    await schedule(district, title="Kvinnoträff")
    await district.woman.click(announcement(district), label="Kommer (0)")
    thread = the_thread(district)

    await advance_to(simcord_env, simcord_bot, END + timedelta(days=1) - timedelta(seconds=1))
    assert not stored_thread(simcord_env, thread).thread_metadata.archived
    await advance_to(simcord_env, simcord_bot, END + timedelta(days=1))
    assert stored_thread(simcord_env, thread).thread_metadata.archived
    # Archived, not deleted: those in it still read the talk.
    assert can_read(thread, district.woman)
    assert the_thread(district).id == thread.id
    assert thread_texts(thread) == [DAY_BEFORE, DAY_BEFORE.replace("är i morgon", "börjar om en timme")]
    assert simcord_env.errors == []


def archived_by_discord(env, thread) -> None:
    """Discord archives a thread no one wrote in for a week (its longest auto-archive time)."""
    env.backend.edit_channel(thread.id, {}, thread_metadata={"archived": True})


async def test_a_thread_archived_before_the_meeting_is_opened_again_when_the_meeting_is_moved(
    simcord_env, simcord_bot, district
):
    await schedule(district, title="Kvinnoträff")
    await district.woman.click(announcement(district), label="Kommer (0)")
    thread = the_thread(district)
    [meeting] = await stored_meetings(simcord_bot)
    archived_by_discord(simcord_env, thread)
    await simcord_env.settle()

    await district.organiser.slash(
        district.channels["organisers"], "meeting edit", meeting=meeting.id, start="2026-01-14 18:00"
    )
    assert not stored_thread(simcord_env, thread).thread_metadata.archived
    moved = dm_texts(district.woman)[-1]
    assert "onsdag 14 januari 2026" in moved
    assert thread_texts(thread) == [moved]
    # Archived a day after the new end, not the old one.
    await advance_to(simcord_env, simcord_bot, END + timedelta(days=2))
    assert not stored_thread(simcord_env, thread).thread_metadata.archived
    moved_end = END + timedelta(days=7)
    await advance_to(simcord_env, simcord_bot, moved_end + timedelta(days=1) - timedelta(seconds=1))
    assert not stored_thread(simcord_env, thread).thread_metadata.archived
    await advance_to(simcord_env, simcord_bot, moved_end + timedelta(days=1))
    assert stored_thread(simcord_env, thread).thread_metadata.archived
    assert simcord_env.errors == []


async def test_someone_who_answers_after_discord_archived_the_thread_is_let_in(simcord_env, simcord_bot, district):
    await schedule(district, title="Kvinnoträff")
    thread = the_thread(district)
    archived_by_discord(simcord_env, thread)
    await simcord_env.settle()
    await district.woman.click(announcement(district), label="Kanske (0)")
    assert not stored_thread(simcord_env, thread).thread_metadata.archived
    assert district.woman.id in in_thread(simcord_env, thread)


async def test_a_bot_that_was_down_archives_the_thread_once_when_it_is_back(
    simcord_env, simcord_bot, district, make_bot
):
    await schedule(district, title="Kvinnoträff")
    thread = the_thread(district)
    await simcord_env.advance_time((END + timedelta(days=3) - simcord_env.now()).total_seconds())
    restarted = make_bot()
    await simcord_env.restart_bot(restarted)
    await simcord_env.settle()
    assert stored_thread(simcord_env, thread).thread_metadata.archived
    edits = [what for kind, what, _ in simcord_env.backend.transcript if kind == "HTTP" and what.startswith("PATCH")]
    assert edits == [f"PATCH /channels/{thread.id}"]
    await advance_to(simcord_env, restarted, END + timedelta(days=5))
    edits = [what for kind, what, _ in simcord_env.backend.transcript if kind == "HTTP" and what.startswith("PATCH")]
    assert edits == [f"PATCH /channels/{thread.id}"]


def deny_thread_permissions(env, district, name: str) -> None:
    """The bot may post in the channel but not open or manage threads there."""
    allow = discord.Permissions(view_channel=True, send_messages=True).value
    deny = discord.Permissions(create_private_threads=True, create_public_threads=True, manage_threads=True).value
    overwrite = Overwrite(target_id=env.bot.user.id, type=OverwriteType.MEMBER, allow=allow, deny=deny)
    env.backend.set_overwrite(district.channels[name].id, overwrite)


async def test_without_the_thread_permissions_a_meeting_goes_on_as_before_and_setup_show_says_what_is_missing(
    simcord_env, simcord_bot, district
):
    deny_thread_permissions(simcord_env, district, "women")
    await simcord_env.settle()

    result = await schedule(district, title="Kvinnoträff")
    assert text_of(result).startswith("Klart: ”Kvinnoträff”")
    assert district.channels["women"].threads == []
    [meeting] = await stored_meetings(simcord_bot)
    assert meeting.thread_id is None
    assert create_thread_requests(simcord_env) == []
    await district.woman.click(announcement(district), label="Kommer (0)")
    await advance_to(simcord_env, simcord_bot, START - timedelta(days=1))
    assert dm_texts(district.woman) == [DAY_BEFORE]
    await advance_to(simcord_env, simcord_bot, END + timedelta(days=2))
    assert simcord_env.errors == []

    shown = await district.admin.slash(district.general, "setup show")
    fields = {field.name: field.value for field in shown.response.embeds[0].fields}
    assert fields["Trådar för träffar"] == (
        "Här saknar jag behörigheter för trådar, så träffarna kallas utan tråd:\n"
        f"{district.channels['women'].mention}: Skapa privata trådar och Hantera trådar"
    )


async def test_setup_show_names_no_threads_where_the_bot_has_every_permission(simcord_env, simcord_bot, district):
    shown = await district.admin.slash(district.general, "setup show")
    names = [field.name for field in shown.response.embeds[0].fields]
    assert "Trådar för träffar" not in names


async def test_who_can_read_each_meetings_thread_after_everyone_tried_to_answer(simcord_env, simcord_bot, district):
    """The thread matrix: every kind of member tries Kommer on every audience's meeting; a separatist meeting's
    thread is then read by its audience's members only, an open meeting's by everyone."""
    config = await simcord_bot.guild_config(district.guild.id)
    for audience in ("open", "women-nonbinary", "men"):
        await schedule(district, audience)
    for audience in ("open", "women-nonbinary", "men"):
        for kind in KINDS:
            posted = announcement(district, audience)
            kommer = next(c.label for row in posted.components for c in row.children if c.label.startswith("Kommer"))
            with contextlib.suppress(SetupError):  # those who cannot reach the announcement
                await district.members[kind].click(posted, label=kommer)
    for audience in ("open", "women-nonbinary", "men"):
        thread = the_thread(district, audience)
        for kind in KINDS:
            member = district.members[kind]
            person = permissions.Person(user_id=member.id, role_ids=frozenset(r.id for r in member.member.roles))
            expected = audience == "open" or permissions.holds_audience_role(person, config, Audience(audience))
            assert can_read(thread, member) == expected, (audience, kind)
    assert planner.ARCHIVE_KIND in planner.KINDS


async def test_a_forgotten_member_is_taken_out_of_every_meetings_thread_also_an_archived_one(
    simcord_env, simcord_bot, district
):
    await schedule(district, title="Kvinnoträff")
    await schedule(district, "open", title="Medlemsträff")
    await district.woman.click(announcement(district), label="Kommer (0)")
    await district.woman.click(announcement(district, "open"), label="Kanske (0)")
    private, public = the_thread(district), the_thread(district, "open")
    assert district.woman.id in in_thread(simcord_env, private) & in_thread(simcord_env, public)
    archived_by_discord(simcord_env, public)
    await simcord_env.settle()

    await simcord_bot.forget_member(district.guild.id, district.woman.id)
    await simcord_env.settle()
    assert in_thread(simcord_env, private) == {simcord_bot.user.id}
    assert district.woman.id not in in_thread(simcord_env, public)
    assert stored_thread(simcord_env, public).thread_metadata.archived  # archived again, as Discord left it
    assert not can_read(private, district.woman)
    assert simcord_env.errors == []
