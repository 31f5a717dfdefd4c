"""The occurrence ledger: exactly once, caught up after a restart within its grace window, never stale."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.ledger import Occurrence, Planned, Status
from cogs._shared.delivery import deliver
from tests.support import advance_to

DUE = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def install_ping_kind(bot, guild_id: int, channel_id: int, *, grace: timedelta = timedelta(hours=4)) -> list[str]:
    """A test kind: one occurrence due at noon, posting 'ping' to a channel."""
    delivered: list[str] = []

    async def planner(*, session, now, guild_id=None, object_id=None):
        return [Planned(guild_id=guild_of_test, object_id="o1", key="noon", due_at=DUE, expires_at=DUE + grace)]

    async def handler(occurrence: Occurrence) -> None:
        delivered.append(occurrence.occurrence_key)
        await deliver(bot, channel_id, content=f"ping {occurrence.occurrence_key}")

    guild_of_test = guild_id
    bot.ledger.register("test.ping", planner, handler)
    return delivered


async def rows(bot) -> list[Occurrence]:
    async with bot.db.session() as session:
        return list((await session.exec(select(Occurrence).where(Occurrence.kind == "test.ping"))).all())


async def test_two_attempts_at_one_occurrence_post_once(simcord_env, simcord_bot, district):
    channel = district.channels["announcements"]
    install_ping_kind(simcord_bot, district.guild.id, channel.id)
    await simcord_bot.ledger.replan("test.ping")
    await simcord_env.advance_time((DUE - simcord_env.now()).total_seconds())

    await asyncio.gather(simcord_bot.ledger.run_due(), simcord_bot.ledger.run_due())
    await simcord_bot.ledger.run_due()
    await simcord_env.settle()

    assert [m.content for m in channel.history()] == ["ping noon"]
    [row] = await rows(simcord_bot)
    assert row.status == Status.POSTED and row.attempts == 1


async def test_nothing_is_posted_before_it_is_due(simcord_env, simcord_bot, district):
    channel = district.channels["announcements"]
    install_ping_kind(simcord_bot, district.guild.id, channel.id)
    await simcord_bot.ledger.replan("test.ping")
    await advance_to(simcord_env, simcord_bot, DUE - timedelta(seconds=1))
    assert channel.history() == []
    await advance_to(simcord_env, simcord_bot, DUE)
    assert [m.content for m in channel.history()] == ["ping noon"]


async def test_due_occurrence_is_caught_up_after_restart(simcord_env, simcord_bot, district, make_bot):
    channel = district.channels["announcements"]
    install_ping_kind(simcord_bot, district.guild.id, channel.id)
    await simcord_bot.ledger.replan("test.ping")
    # The bot is down from before noon until 13:00: nobody runs the ledger.
    await simcord_env.advance_time((DUE + timedelta(hours=1) - simcord_env.now()).total_seconds())
    assert channel.history() == []

    restarted = make_bot()
    install_ping_kind(restarted, district.guild.id, channel.id)
    await simcord_env.restart_bot(restarted)
    await simcord_env.settle()

    assert [m.content for m in channel.history()] == ["ping noon"]
    # Restarting again right after posting does not post again.
    again = make_bot()
    install_ping_kind(again, district.guild.id, channel.id)
    await simcord_env.restart_bot(again)
    await simcord_env.settle()
    assert [m.content for m in channel.history()] == ["ping noon"]


async def test_occurrence_outside_grace_window_is_skipped(simcord_env, simcord_bot, district, make_bot, caplog):
    channel = district.channels["announcements"]
    install_ping_kind(simcord_bot, district.guild.id, channel.id)
    await simcord_bot.ledger.replan("test.ping")
    await simcord_env.advance_time((DUE + timedelta(hours=5) - simcord_env.now()).total_seconds())

    restarted = make_bot()
    delivered = install_ping_kind(restarted, district.guild.id, channel.id)
    await simcord_env.restart_bot(restarted)
    await simcord_env.settle()

    assert channel.history() == []
    assert delivered == []
    [row] = await rows(restarted)
    assert row.status == Status.SKIPPED
    assert any("skipped stale occurrence" in r.getMessage() for r in caplog.records)


async def test_discord_500_is_retried_and_posts_once(simcord_env, simcord_bot, district):
    channel = district.channels["announcements"]
    install_ping_kind(simcord_bot, district.guild.id, channel.id)
    await simcord_bot.ledger.replan("test.ping")
    simcord_env.inject_error("POST", f"/channels/{channel.id}/messages", status=500, times=None)
    await advance_to(simcord_env, simcord_bot, DUE)
    assert channel.history() == []
    [row] = await rows(simcord_bot)
    assert row.status == Status.PENDING and row.attempts == 1

    simcord_env.backend.faults.clear()
    await advance_to(simcord_env, simcord_bot, DUE + timedelta(minutes=5))
    assert [m.content for m in channel.history()] == ["ping noon"]
    [row] = await rows(simcord_bot)
    assert row.status == Status.POSTED


async def test_blocked_delivery_is_reported_and_retried_once_fixed(simcord_env, simcord_bot, district):
    missing_channel_id = 4242
    delivered = install_ping_kind(simcord_bot, district.guild.id, missing_channel_id)
    await simcord_bot.ledger.replan("test.ping")
    await advance_to(simcord_env, simcord_bot, DUE)

    [row] = await rows(simcord_bot)
    assert row.status == Status.BLOCKED
    report = district.channels["audit"].last_message.embeds[0].description
    assert "kunde inte posta" in report and "kanalen finns inte" in report
    assert len(delivered) == 1

    # A moderator fixes the setup: blocked deliveries are retried at once.
    await district.admin.slash(
        district.general, "setup channel", purpose="announcements", channel=district.channels["announcements"]
    )
    assert len(delivered) == 2
