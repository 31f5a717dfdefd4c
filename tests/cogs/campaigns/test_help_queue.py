"""The organisers' help queue through Discord (SimCord): a caller asks for an organiser, an organiser takes the
contact and sees who it is (only they), solves it from its card; the organisers' channel is told how many wait,
a count and nothing more; the buttons keep working after a restart."""

from __future__ import annotations

import discord
from sqlmodel import select

from bot import guilds
from bot.audit import AuditEntry
from bot.campaigns.models import DoNotCall
from bot.guilds import ChannelPurpose
from tests.cogs.campaigns.test_flow import (
    audit_actions,
    call_list,
    card_fields,
    contacts,
    create,
    imported,
    next_card,
    secrets_in,
)
from tests.support import advance, message_text, unbind_channel

HELP = "Vill prata med ordföranden om medlemskapet"
REFUSED = "Det här kräver rollen organisatör. Du har den inte."
WHEN = "torsdag 1 januari 2026 kl. 01:00"  # the simulated clock's start, in Stockholm


async def ask_for_help(district, note: str = HELP, card=None):
    """The caller's next contact (or the card given), marked as needing an organiser, with a message."""
    card = card or await next_card(district.caller, district)
    shown = await district.caller.click(card.response.message, label="Behöver organisatör")
    result = await district.caller.submit_modal(shown, {"message": note})
    assert result.response.content.startswith("Registrerat: **Behöver organisatör**.")
    return result


def bot_messages(simcord_bot, channel) -> list[discord.Message]:
    return [m for m in channel.history() if m.author.id == simcord_bot.user.id]


def labels(result) -> list[str]:
    return [button["label"] for row in result.response.components for button in row["components"]]


async def held_ids(simcord_bot) -> list[int]:
    return [c.id for c in await contacts(simcord_bot) if c.status == "held"]


async def test_an_organiser_takes_a_held_contact_sees_who_it_is_and_puts_it_back(simcord_env, simcord_bot, district):
    await create(district)
    await imported(district, call_list(1))
    await ask_for_help(district)
    organisers = district.channels["organisers"]
    [notice] = bot_messages(simcord_bot, organisers)
    assert notice.content == "1 kontakt väntar på en organisatör – /campaign help-queue"

    queue = await district.organiser.slash(district.general, "campaign help-queue")
    [held] = await held_ids(simcord_bot)
    caller = f"<@{district.caller.id}>"
    assert queue.ephemeral
    assert queue.response.embeds[0].description == (
        f"**#{held} Fiktiva5 Provsson** · Vårringning · Malmö · från {caller} {WHEN}\n> {HELP}"
    )
    assert labels(queue) == [f"Ta #{held}", f"#{held} tillbaka i listan", f"#{held} klar"]

    await advance(simcord_env, simcord_bot, 5 * 60)
    taken = await district.organiser.click(queue.response.message, label=f"Ta #{held}")
    assert taken.ephemeral
    assert taken.response.content == (f"Kontakt #{held}: {caller} bad om en organisatör {WHEN}. Bara du ser det här.")
    fields = card_fields(taken)
    assert (fields["Namn"], fields["Telefon"], fields["Partiförening"]) == (
        "Fiktiva5 Provsson",
        "**070-174 06 05**\n`+46701740605`",
        "Malmö",
    )
    assert fields["Anteckning från listan"] == "Anteckning 5"
    assert fields["Tidigare försök"] == f"Obesvarade försök: 0 av 3\n{WHEN} · Behöver organisatör · {HELP}"
    assert fields["Meddelande från ringaren"] == HELP
    assert taken.response.embeds[0].footer.text is None  # nobody's reservation: it stays in the queue
    assert labels(taken) == ["Tillbaka i listan", "Klar", "Vill inte bli uppringd"]
    assert (await audit_actions(simcord_bot))[-1] == "campaigns.take"
    mirrored = district.channels["audit"].last_message.embeds[0].description
    assert mirrored.endswith(f"tog kontakt #{held} som väntade på en organisatör")

    # A second organiser sees it too, and who took it first; the queue says so as well.
    later = await district.moderator.slash(district.general, "campaign help-queue")
    assert later.response.embeds[0].description.endswith(
        f"\nTagen av <@{district.organiser.id}> torsdag 1 januari 2026 kl. 01:05"
    )
    also = await district.moderator.click(later.response.message, label=f"Ta #{held}")
    assert also.response.content == (
        f"Kontakt #{held}: {caller} bad om en organisatör {WHEN}. Bara du ser det här. "
        f"<@{district.organiser.id}> tog kontakten torsdag 1 januari 2026 kl. 01:05 – kom överens om vem som ringer."
    )
    assert card_fields(also)["Namn"] == "Fiktiva5 Provsson"

    # The first to solve it does; the card gives way to what was done, the count goes to none.
    solved = await district.organiser.click(taken.response.message, label="Tillbaka i listan")
    assert solved.response.content == f"Kontakt #{held} är tillbaka i ringlistan."
    assert solved.response.embeds == [] and solved.response.components == []
    assert [m.content for m in bot_messages(simcord_bot, organisers)] == [
        "Ingen kontakt väntar på en organisatör längre."
    ]
    assert bot_messages(simcord_bot, organisers)[0].id == notice.id  # edited, not posted again
    late = await district.moderator.click(also.response.message, label="Klar")
    assert late.response.content == "Kontakten väntar inte längre på en organisatör."
    assert simcord_env.errors == []  # a refusal is an ordinary reply

    again = await next_card(district.caller, district)
    assert card_fields(again)["Namn"] == "Fiktiva5 Provsson"
    assert [c.status for c in await contacts(simcord_bot)] == ["open"]
    for message in organisers.history():
        assert secrets_in(message_text(message)) == [] and HELP not in message_text(message)


async def test_take_and_solve_work_after_a_restart_and_the_count_follows(simcord_env, simcord_bot, district, make_bot):
    await create(district)
    await imported(district, call_list(3))
    organisers = district.channels["organisers"]
    first = await ask_for_help(district, "Fråga om avgiften")
    await ask_for_help(
        district,
        "Vill inte att vi ringer fler",
        card=await district.caller.click(first.response.message, label="Nästa"),
    )
    # One message: more waiting is posted anew (the channel shows it), and the older one goes.
    assert [m.content for m in bot_messages(simcord_bot, organisers)] == [
        "2 kontakter väntar på en organisatör – /campaign help-queue"
    ]
    fee, unwanted = await held_ids(simcord_bot)
    queue = await district.organiser.slash(district.general, "campaign help-queue")
    description = queue.response.embeds[0].description
    assert f"**#{fee} Fiktiva5 Provsson**" in description and f"**#{unwanted} Fiktiva6 Provsson**" in description
    assert labels(queue) == [
        f"Ta #{fee}",
        f"#{fee} tillbaka i listan",
        f"#{fee} klar",
        f"Ta #{unwanted}",
        f"#{unwanted} tillbaka i listan",
        f"#{unwanted} klar",
    ]
    assert [len(row["components"]) for row in queue.response.components] == [3, 3]

    await simcord_env.restart_bot(make_bot())
    taken = await district.organiser.click(queue.response.message, label=f"Ta #{fee}")
    assert card_fields(taken)["Meddelande från ringaren"] == "Fråga om avgiften"
    await simcord_env.restart_bot(make_bot())
    done = await district.organiser.click(taken.response.message, label="Klar")
    assert done.response.content == f"Kontakt #{fee} är markerad som klar."
    [notice] = bot_messages(simcord_bot, organisers)
    assert notice.content == "1 kontakt väntar på en organisatör – /campaign help-queue"

    taken = await district.organiser.click(queue.response.message, label=f"Ta #{unwanted}")
    assert card_fields(taken)["Namn"] == "Fiktiva6 Provsson"
    blocked = await district.organiser.click(taken.response.message, label="Vill inte bli uppringd")
    assert blocked.response.content == f"Kontakt #{unwanted} är klar och numret står nu på spärrlistan."
    assert [m.content for m in bot_messages(simcord_bot, organisers)] == [
        "Ingen kontakt väntar på en organisatör längre."
    ]
    async with simcord_bot.db.session() as session:
        assert len((await session.exec(select(DoNotCall))).all()) == 1
        entries = (await session.exec(select(AuditEntry).order_by(AuditEntry.id))).all()
    assert [(c.status, c.last_outcome) for c in await contacts(simcord_bot)] == [
        ("done", "needs_organiser"),
        ("done", "do_not_call"),
        ("open", None),
    ]
    assert [e.action for e in entries][-4:] == ["campaigns.take", "campaigns.resolve"] * 2
    assert all(secrets_in(str(e.details)) == [] and "avgiften" not in str(e.details) for e in entries)
    following = await next_card(district.caller, district)
    assert card_fields(following)["Namn"] == "Fiktiva7 Provsson"


async def test_only_organisers_may_take_a_held_contact(simcord_env, simcord_bot, district):
    await create(district)
    await imported(district, call_list(1))
    await ask_for_help(district)
    [held] = await held_ids(simcord_bot)

    # A caller or a member never sees the list; a message that carries the button refuses them all the same.
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(label="Ta", custom_id=f"campaigns:take:{held}"))
    view.stop()  # not stored: only the persistent button answers
    await simcord_bot.get_channel(district.general.id).send("Ta", view=view)
    await simcord_env.settle()
    carried = district.general.history()[-1]
    for who in (district.caller, district.member):
        refused = await who.click(carried, label="Ta")
        assert refused.ephemeral and refused.response.content == REFUSED
        assert refused.response.embeds == []

    # An organiser who lost the role since the list was shown is refused too.
    queue = await district.organiser.slash(district.general, "campaign help-queue")
    member = simcord_bot.get_guild(district.guild.id).get_member(district.organiser.id)
    await member.remove_roles(discord.Object(district.roles["organiser"].id))
    await simcord_env.settle()
    refused = await district.organiser.click(queue.response.message, label=f"Ta #{held}")
    assert refused.response.content == REFUSED
    assert simcord_env.errors == []
    assert "campaigns.take" not in await audit_actions(simcord_bot)
    assert [(c.status, c.taken_by) for c in await contacts(simcord_bot)] == [("held", None)]


async def test_without_an_organisers_channel_nothing_is_posted_and_nothing_fails(simcord_env, simcord_bot, district):
    async with simcord_bot.db.session() as session:
        config = await guilds.get_config(session=session, guild_id=district.guild.id)
        unbind_channel(config, ChannelPurpose.ORGANISERS)
        session.add(config)
    simcord_bot.forget_config(district.guild.id)
    await create(district)
    await imported(district, call_list(1))
    await ask_for_help(district)
    queue = await district.organiser.slash(district.general, "campaign help-queue")
    [held] = await held_ids(simcord_bot)
    taken = await district.organiser.click(queue.response.message, label=f"Ta #{held}")
    done = await district.organiser.click(taken.response.message, label="Klar")
    assert done.response.content == f"Kontakt #{held} är markerad som klar."
    assert bot_messages(simcord_bot, district.channels["organisers"]) == []
    assert simcord_env.errors == []


async def test_a_count_message_someone_deleted_is_posted_again_while_contacts_wait(simcord_env, simcord_bot, district):
    await create(district)
    await imported(district, call_list(3))
    organisers = district.channels["organisers"]
    first = await ask_for_help(district, "Fråga ett")
    await ask_for_help(district, "Fråga två", card=await district.caller.click(first.response.message, label="Nästa"))
    [notice] = bot_messages(simcord_bot, organisers)
    await simcord_bot.get_channel(organisers.id).get_partial_message(notice.id).delete()
    await simcord_env.settle()
    queue = await district.organiser.slash(district.general, "campaign help-queue")
    fee = (await held_ids(simcord_bot))[0]
    await district.organiser.click(queue.response.message, label=f"#{fee} klar")
    assert [m.content for m in bot_messages(simcord_bot, organisers)] == [
        "1 kontakt väntar på en organisatör – /campaign help-queue"
    ]
