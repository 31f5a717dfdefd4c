"""A refusal or bad input is the ordinary answer to what someone did (`cogs._shared.ui`): a command, a persistent
button, a view's button and a form answer it in words only that person sees, and nothing is recorded as an error
(SimCord records what reaches discord.py's error handlers; the demo's page shows such an action as failed). Only the
unexpected reaches the bot's one error handler, which gives an incident code."""

from __future__ import annotations

from datetime import timedelta

import discord

from tests.cogs.commitments.test_commitments import commitment_id, load_skane
from tests.cogs.meetings.test_meetings import START, announcement, schedule, stored_meetings
from tests.support import advance_to

WOMENS_MEETING_ONLY = "Det här kräver rollen kvinnor och ickebinära. Du har den inte."
TRAINING = "Genomföra en utbildning i medlemsvård"


async def take_role(env, bot, district, actor, role: str) -> None:
    member = bot.get_guild(district.guild.id).get_member(actor.id)
    await member.remove_roles(discord.Object(district.roles[role].id))
    await env.settle()


async def test_a_command_answers_a_refusal_and_bad_input_in_words(simcord_env, simcord_bot, district):
    refused = await district.member.slash(district.general, "admin audit")
    assert refused.ephemeral
    assert refused.response.content == "Det här kräver rollen moderator. Du har den inte."

    # Bad input the command itself refuses...
    no_day = await district.moderator.slash(
        district.general, "memorial add", name="Fel", date="31 februari", text="Text"
    )
    assert no_day.ephemeral
    assert no_day.response.content == (
        "Det finns ingen 31 februari: februari har högst 29 dagar. Ange en dag som finns."
    )
    # ...and a time its option's reading refuses before the command runs.
    unreadable = await schedule(district, "open", start="31 april 18:00")
    assert unreadable.ephemeral
    assert unreadable.response.content == "Datumet i ”31 april 18:00” finns inte i kalendern."
    # The gate answers first: someone who may not schedule is told so, whatever they typed.
    not_theirs = await district.member.slash(
        district.general, "meeting schedule", title="Träff", audience="open", start="31 april 18:00"
    )
    assert not_theirs.response.content == "Det här kräver rollen organisatör. Du har den inte."
    assert await stored_meetings(simcord_bot) == []
    assert simcord_env.errors == []


async def test_a_persistent_button_answers_a_refusal_and_bad_input_in_words(simcord_env, simcord_bot, district):
    await schedule(district, "women-nonbinary")
    [meeting] = await stored_meetings(simcord_bot)
    refused = await district.moderator.click(announcement(district), label="Kommer (0)")
    assert refused.ephemeral
    assert refused.response.content == WOMENS_MEETING_ONLY

    # A button on a message kept from before the meeting: the answer comes too late.
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(label="Kommer", custom_id=f"meeting:rsvp:{meeting.id}:kommer"))
    view.stop()  # not stored: the registered persistent button answers the click
    kept = await simcord_bot.get_channel(district.channels["women"].id).send("sparad", view=view)
    await advance_to(simcord_env, simcord_bot, START + timedelta(hours=3))
    late = await district.woman.click(district.channels["women"].history()[-1], label="Kommer")
    assert district.channels["women"].history()[-1].id == kept.id
    assert late.ephemeral
    assert late.response.content == "Träffen har redan varit."
    assert simcord_env.errors == []


async def test_a_views_button_answers_a_refusal_in_words(simcord_env, simcord_bot, district):
    await load_skane(district)
    cid = await commitment_id(simcord_bot, TRAINING)
    asked = await district.moderator.slash(district.general, "commitment remove", commitment=str(cid))

    await take_role(simcord_env, simcord_bot, district, district.moderator, "moderator")
    refused = await district.moderator.click(asked.response, label="Bekräfta")
    assert refused.ephemeral
    assert refused.response.content == "Det här kräver rollen moderator. Du har den inte."
    assert await commitment_id(simcord_bot, TRAINING) == cid
    assert simcord_env.errors == []


async def test_a_form_answers_a_refusal_and_bad_input_in_words(simcord_env, simcord_bot, district):
    await load_skane(district)
    shown = await district.organiser.slash(district.general, "commitment add")
    bad = await district.organiser.submit_modal(shown, {"title": "Studiecirkel", "due": "31/2"})
    assert bad.ephemeral
    assert bad.response.content == ("Jag förstår inte datumet ”31/2”. Skriv till exempel 2026-03-08, 8/3 eller 8 mars.")

    shown = await district.organiser.slash(district.general, "commitment add")
    await take_role(simcord_env, simcord_bot, district, district.organiser, "organiser")
    refused = await district.organiser.submit_modal(shown, {"title": "Studiecirkel"})
    assert refused.ephemeral
    assert refused.response.content == "Det här kräver rollen organisatör. Du har den inte."
    listed = await district.member.slash(district.general, "commitment list")
    assert listed.response.embeds[0].title == "Åtaganden (35)"
    assert simcord_env.errors == []


async def test_the_unexpected_still_reaches_the_error_handler_from_a_views_button(
    simcord_env, simcord_bot, district, monkeypatch, caplog
):
    await load_skane(district)
    cid = await commitment_id(simcord_bot, TRAINING)
    asked = await district.moderator.slash(district.general, "commitment remove", commitment=str(cid))

    async def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("bot.commitments.service.remove_commitment", broken)
    failed = await district.moderator.click(asked.response, label="Bekräfta")
    assert failed.response.content.startswith("Något gick fel. Felkod: `")
    code = failed.response.content.split("`")[1]
    assert [r.getMessage() for r in caplog.records if code in r.getMessage()] == [
        f"incident {code} in component:confirm"
    ]
    assert [type(error) for error in simcord_env.errors] == [RuntimeError]
