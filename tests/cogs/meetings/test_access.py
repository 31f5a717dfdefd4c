"""Who sees what of a separatist meeting: its audience and moderators see who answers and comes; an organiser
outside the audience who scheduled it may edit and cancel it but sees counts only; roles are read as they are now.
The rules themselves: tests/bot/meetings/test_permissions.py."""

from __future__ import annotations

from datetime import timedelta

import discord

from tests.cogs.meetings.test_meetings import START, announcement, schedule, stored_meetings, text_of
from tests.support import advance_to


def pickers(result) -> list[dict]:
    return [c for row in result.response.components for c in row["components"] if "options" in c]


def names_in(result) -> str:
    embed = result.response.embeds[0]
    return "\n".join([embed.description or ""] + [f"{f.name}: {f.value}" for f in embed.fields])


async def test_an_organiser_outside_the_audience_sees_counts_never_names(simcord_env, simcord_bot, district):
    organisers = district.channels["organisers"]
    await schedule(district, "women-nonbinary")
    await district.woman.click(announcement(district), label="Kommer (0)")
    [meeting] = await stored_meetings(simcord_bot)

    seen = await district.organiser.slash(organisers, "meeting attendees", meeting=meeting.id)
    assert names_in(seen) == (
        "Träffen är för gruppen ”Kvinnor och ickebinära”: vilka som svarat ser bara gruppens egna organisatörer "
        "och moderatorerna. Du ser antalen.\n"
        "Kommer (1): namnen visas inte\nVäntelista (0): namnen visas inte\n"
        "Kanske (0): namnen visas inte\nKan inte (0): namnen visas inte"
    )
    by_moderator = await district.moderator.slash(organisers, "meeting attendees", meeting=meeting.id)
    assert "Kommer (1): Fatima Medlem" in names_in(by_moderator)

    # The attendance list is not offered to them, and refused when asked for by number.
    offered = await district.organiser.autocomplete(organisers, "meeting attendance", "meeting", "")
    assert offered == []
    for command in ("meeting edit", "meeting cancel", "meeting attendees", "meeting show"):
        choices = await district.organiser.autocomplete(organisers, command, "meeting", "")
        assert [c["value"] for c in choices] == [meeting.id], command
    await advance_to(simcord_env, simcord_bot, START + timedelta(hours=2))
    refused = await district.organiser.slash(organisers, "meeting attendance", meeting=meeting.id)
    assert refused.response.content == (
        "Närvaron på en träff för gruppen ”Kvinnor och ickebinära” registreras av gruppens egna organisatörer "
        "eller moderatorerna."
    )
    assert simcord_env.errors == []


async def test_an_organiser_outside_the_audience_may_still_edit_and_cancel(simcord_env, simcord_bot, district):
    await schedule(district, "women-nonbinary")
    [meeting] = await stored_meetings(simcord_bot)
    organisers = district.channels["organisers"]
    edited = await district.organiser.slash(organisers, "meeting edit", meeting=meeting.id, title="Ny titel")
    assert text_of(edited).startswith("Klart: ”Ny titel” är ändrad")
    cancelled = await district.organiser.slash(organisers, "meeting cancel", meeting=meeting.id)
    assert text_of(cancelled).startswith("Klart: ”Ny titel” är inställd")


async def test_the_attendance_picker_offers_the_audience_only(simcord_env, simcord_bot, district):
    organisers = district.channels["organisers"]
    await schedule(district, "women-nonbinary")
    await district.woman.click(announcement(district), label="Kommer (0)")
    [meeting] = await stored_meetings(simcord_bot)
    await advance_to(simcord_env, simcord_bot, START + timedelta(hours=2))
    prompt = await district.moderator.slash(organisers, "meeting attendance", meeting=meeting.id)
    [picker] = pickers(prompt)
    assert [(o["label"], o["default"]) for o in picker["options"]] == [("Fatima Medlem", True)]

    # Someone who left the audience since the list was shown cannot be recorded.
    member = simcord_bot.get_guild(district.guild.id).get_member(district.woman.id)
    await member.remove_roles(discord.Object(district.roles["women-nonbinary"].id))
    await simcord_env.settle()
    refused = await district.moderator.select(prompt.response, [str(district.woman.id)], custom_id="meeting:attendance")
    assert refused.response.content == "Bara medlemmar i gruppen kan stå som närvarande på träffen."
    assert simcord_env.errors == []


async def test_a_large_audience_is_listed_in_several_pickers_with_a_save_button(simcord_env, simcord_bot, district):
    women = district.roles["women-nonbinary"]
    extra = [
        district.guild.add_member(simcord_env.create_user(f"medlem{n}", global_name=f"Medlem {n:02d}"), roles=[women])
        for n in range(30)
    ]
    await simcord_env.settle()
    await schedule(district, "women-nonbinary")
    [meeting] = await stored_meetings(simcord_bot)
    await advance_to(simcord_env, simcord_bot, START + timedelta(hours=2))
    prompt = await district.moderator.slash(district.channels["organisers"], "meeting attendance", meeting=meeting.id)
    assert [len(p["options"]) for p in pickers(prompt)] == [25, 6]
    # by name: Fatima Medlem and Medlem 00–23 in the first list, Medlem 24–29 in the second
    first = [str(district.woman.id), str(extra[0].id)]
    await district.moderator.select(prompt.response, first, custom_id="meeting:attendance")
    await district.moderator.select(prompt.response, [str(extra[-1].id)], custom_id="meeting:attendance:1")
    saved = await district.moderator.click(prompt.response, custom_id="meeting:attendance:save")
    assert saved.response.content == "Närvaron på ”Kvinnoträff” är sparad: 3 personer."


async def test_visibility_follows_the_current_roles(simcord_env, simcord_bot, district):
    await schedule(district, "women-nonbinary")
    [meeting] = await stored_meetings(simcord_bot)
    guild = simcord_bot.get_guild(district.guild.id)

    await guild.get_member(district.organiser.id).remove_roles(discord.Object(district.roles["organiser"].id))
    await guild.get_member(district.woman.id).remove_roles(discord.Object(district.roles["women-nonbinary"].id))
    await simcord_env.settle()
    for person in (district.organiser, district.woman):
        shown = await person.slash(district.general, "meeting show", meeting=meeting.id)
        assert shown.response.content.startswith("Jag hittar ingen sådan träff")
        assert await person.autocomplete(district.general, "meeting show", "meeting", "") == []
    assert simcord_env.errors == []
