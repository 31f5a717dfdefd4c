"""The leak guard itself: it must see a phone number or a registered secret in public messages and logs, and a
mention where Discord would show it as raw text."""

from __future__ import annotations

import logging
import sys

import discord
from hypothesis import given
from hypothesis import strategies as st

from tests.support import LEAK_SOURCES, PHONE_NUMBER, Secret, find_leaks, misplaced_mentions, raw_keys


async def test_guard_sees_phone_numbers_and_secrets(simcord_env, simcord_bot, district, monkeypatch):
    channel = simcord_bot.get_channel(district.channels["announcements"].id)
    await channel.send("Ring 070-174 06 05 i kväll")
    await simcord_bot.get_channel(district.channels["women"].id).send("Träff: Feministisk läsecirkel")
    await simcord_bot.get_channel(district.channels["general"].id).send("Träff: Feministisk läsecirkel")

    async def secrets(bot):
        return [Secret("Feministisk läsecirkel", "separatist meeting", frozenset({district.channels["women"].id}))]

    monkeypatch.setattr("tests.support.LEAK_SOURCES", [*LEAK_SOURCES, secrets])
    record = logging.LogRecord("bot.x", logging.INFO, __file__, 1, "called %s", ("+46701740699",), None)
    leaks = await find_leaks(simcord_env, simcord_bot, [record])
    assert sorted(leaks) == [
        "phone number in log line bot.x: 'called +46701740699'",
        "phone number in public message in #meddelanden: 'Ring 070-174 06 05 i kväll'",
        "separatist meeting in public message in #allmänt",
    ]
    # The messages above are this test's own doing; clear them so the guard at teardown passes.
    for name in ("announcements", "general"):
        for message in district.channels[name].history():
            await message.delete()
    assert district.channels["announcements"].history() == []


async def test_guard_reads_threads_and_allows_a_secret_in_the_threads_of_its_channel(
    simcord_env, simcord_bot, district, monkeypatch
):
    women = simcord_bot.get_channel(district.channels["women"].id)
    general = simcord_bot.get_channel(district.channels["general"].id)
    inside = await women.create_thread(name="Samtal", type=discord.ChannelType.private_thread, invitable=False)
    outside = await general.create_thread(name="Prat", type=discord.ChannelType.public_thread)
    await inside.send("Träff: Feministisk läsecirkel")
    await outside.send("Träff: Feministisk läsecirkel")

    async def secrets(bot):
        return [Secret("Feministisk läsecirkel", "separatist meeting", frozenset({district.channels["women"].id}))]

    monkeypatch.setattr("tests.support.LEAK_SOURCES", [*LEAK_SOURCES, secrets])
    assert await find_leaks(simcord_env, simcord_bot, []) == ["separatist meeting in public message in #Prat"]
    for message in district.channels["general"].threads[0].history():
        await message.delete()  # this test's own doing: the guard at teardown passes


async def test_guard_sees_mentions_where_discord_shows_them_as_raw_text(simcord_env, simcord_bot, district):
    channel = simcord_bot.get_channel(district.channels["general"].id)
    who, where = district.member.mention, f"<#{district.channels['general'].id}>"
    shown = discord.Embed(title="Träff", description=f"Av {who} i {where}")
    shown.add_field(name="Ansvarig", value=who)
    raw = discord.Embed(title=f"Träff med {who}")
    raw.set_footer(text=f"i {where}")
    raw.set_author(name=f"<@&{district.roles['moderator'].id}>")
    raw.add_field(name=f"{who} svarade", value="Kommer")
    await channel.send(who, embeds=[shown, raw])

    assert misplaced_mentions(simcord_env) == [
        f"mention in an embed's title in #allmänt: 'Träff med {who}'",
        f"mention in an embed's footer in #allmänt: 'i {where}'",
        f"mention in an embed's author in #allmänt: '<@&{district.roles['moderator'].id}>'",
        f"mention in an embed's field name '{who} svarade' in #allmänt: '{who} svarade'",
    ]
    for message in district.channels["general"].history():
        await message.delete()  # this test's own doing: the guard at teardown passes


async def test_guard_sees_catalog_keys_and_raw_values_in_what_the_bot_shows(simcord_env, simcord_bot, district):
    channel = simcord_bot.get_channel(district.channels["general"].id)
    embed = discord.Embed(title="Träff", description="Kommer (3) · öppen träff, kl. 18.00.")
    embed.add_field(name="Svar", value="meetings.answer.kommer")
    view = discord.ui.View()
    view.add_item(discord.ui.Button(label="needs_organiser", custom_id="guard:needs_organiser"))
    await channel.send("planerade träff #2 (women-nonbinary)", embed=embed, view=view)
    await district.member.send(district.channels["general"], "mitt svar: women-nonbinary")

    assert raw_keys(simcord_env) == [
        "'women-nonbinary' in a message in allmänt: …'planerade träff #2 (women-nonbinary)'…",
        "'meetings.answer.kommer' in a message in allmänt: …'meetings.answer.kommer'…",
        "'needs_organiser' in a message in allmänt: …'needs_organiser'…",
    ]
    for message in district.channels["general"].history():
        await message.delete()  # this test's own doing: the guard at teardown passes


@given(st.integers(min_value=605, max_value=699), st.sampled_from(["070-1740{}", "+4670174{}", "070 174 0{}"]))
def test_phone_pattern_sees_swedish_numbers_in_common_forms(suffix, template):
    assert PHONE_NUMBER.search(f"ring {template.format(suffix)} nu")


def test_phone_pattern_ignores_discord_mentions_and_dates():
    for text in ("<#1456074443980800013>", "<t:1772956800:F>", "onsdag 8 mars 2023 kl. 18:00", "om 12 dagar"):
        assert PHONE_NUMBER.search(text) is None, text


async def test_guard_reads_a_records_arguments_exception_and_stack(simcord_env, simcord_bot, district):
    try:
        raise RuntimeError("UPDATE campaign_attempt SET note=? [parameters: ('ring 070-174 06 05',)]")
    except RuntimeError:
        failure = sys.exc_info()
    records = [
        logging.LogRecord("sqlalchemy.engine", logging.ERROR, __file__, 1, "write failed", None, failure),
        logging.LogRecord("aiosqlite", logging.DEBUG, __file__, 1, "executing", ({"phone": "+46701740699"},), None),
        logging.LogRecord("bot.x", logging.INFO, __file__, 1, "done", None, None, sinfo="Stack: 0701740605 in a"),
        logging.LogRecord("bot.y", logging.INFO, __file__, 1, "nothing here", None, None),
    ]
    leaks = await find_leaks(simcord_env, simcord_bot, records)
    assert leaks == [
        "phone number in log line sqlalchemy.engine (in its arguments, exception or stack)",
        "phone number in log line aiosqlite (in its arguments, exception or stack)",
        "phone number in log line bot.x (in its arguments, exception or stack)",
    ]


async def test_guard_listens_to_every_logger_at_debug(simcord_env, simcord_bot, district):
    assert logging.getLogger().getEffectiveLevel() == logging.DEBUG
    assert logging.getLogger("a.logger.nobody.holds").isEnabledFor(logging.DEBUG)
    assert not logging.getLogger("aiosqlite").isEnabledFor(logging.DEBUG)
    assert not logging.getLogger("sqlalchemy.engine.Engine").isEnabledFor(logging.INFO)
