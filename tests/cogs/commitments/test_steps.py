"""Commitments with steps: the steps' progress rolls up into the parent, weighted; a step cannot be made of a
commitment's own parent, nor of a commitment of another plan."""

from __future__ import annotations

from sqlmodel import select

from bot.commitments.models import Commitment
from tests.cogs.commitments.test_commitments import commitment_id, load_skane
from tests.cogs.commitments.test_targets import CONTACT, OPPOSITION, TRAINING, fields_of, line_of


async def test_a_parent_rolls_up_its_steps(simcord_env, simcord_bot, district):
    await load_skane(district)
    parent = await commitment_id(simcord_bot, CONTACT)
    training = await commitment_id(simcord_bot, TRAINING)
    opposition = await commitment_id(simcord_bot, OPPOSITION)

    made = await district.organiser.slash(
        district.general, "commitment step", commitment=str(training), parent=str(parent)
    )
    assert made.ephemeral
    assert made.response.content == (
        f"Sparat: ”{TRAINING}” är nu ett delmål i ”{CONTACT}” med vikten 1. "
        f"”{CONTACT}” har nu kommit så här långt: 0 av 1 delmål klart · 0 %."
    )
    audit = district.channels["audit"].last_message.embeds[0].description
    assert f"gjorde åtagande #{training} ”{TRAINING}” till ett delmål i #{parent} ”{CONTACT}” med vikten 1" in audit
    made = await district.organiser.slash(
        district.general, "commitment step", commitment=str(opposition), parent=str(parent), weight=3
    )
    assert made.response.content.endswith(f"”{CONTACT}” har nu kommit så här långt: 0 av 2 delmål klara · 0 %.")
    async with simcord_bot.db.session() as session:
        rows = (await session.exec(select(Commitment).where(Commitment.parent_id == parent))).all()
    assert sorted((r.id, r.weight) for r in rows) == sorted([(training, 1), (opposition, 3)])

    # One step done (weight 1), the other typed at 40 % (weight 3): (100 + 3 · 40) / 4 = 55 %.
    await district.organiser.slash(district.general, "commitment update", commitment=str(training), status="klar")
    await district.organiser.slash(district.general, "commitment progress", commitment=str(opposition), percent=40)
    fields = await fields_of(district, parent)
    assert fields["Framsteg"] == "1 av 2 delmål klara · 55 %"
    assert fields["Delmål"] == (
        f"`#{opposition}` 📋 {OPPOSITION} — planerad · vikt 3 · 40 %\n`#{training}` ✅ {TRAINING} — klar · vikt 1"
    )
    assert await line_of(district, parent) == (
        f"`#{parent}` 📋 **{CONTACT}** — planerad · 1 av 2 delmål klara · 55 % · 🔴 risk"
    )

    # Typing percent on the parent is refused: its steps count it.
    typed = await district.organiser.slash(district.general, "commitment progress", commitment=str(parent), percent=10)
    assert typed.response.content == f"”{CONTACT}” räknar sina framsteg själv ur sina delmål. Det behövs inga procent."

    # The year-end report gives the rolled-up figure.
    report = await district.organiser.slash(district.general, "commitment report")
    text = (await report.response.attachments[0].read()).decode()
    assert f"### {CONTACT}\n\nStatus: **planerad**\nFramsteg: 1 av 2 delmål klara · 55 %\n" in text
    assert simcord_env.errors == []


async def test_cycles_and_another_plans_parent_are_refused(simcord_env, simcord_bot, district):
    await load_skane(district)
    await district.moderator.slash(district.general, "plan load", plan="dalarna-2023")
    parent = await commitment_id(simcord_bot, CONTACT)
    training = await commitment_id(simcord_bot, TRAINING)
    opposition = await commitment_id(simcord_bot, OPPOSITION)
    await district.organiser.slash(district.general, "commitment step", commitment=str(training), parent=str(parent))
    await district.organiser.slash(
        district.general, "commitment step", commitment=str(opposition), parent=str(training)
    )

    itself = await district.organiser.slash(
        district.general, "commitment step", commitment=str(parent), parent=str(parent)
    )
    assert itself.response.content == (
        f"”{CONTACT}” kan inte bli ett delmål i ”{CONTACT}”: då skulle åtagandet bli ett delmål i sig självt."
    )
    around = await district.organiser.slash(
        district.general, "commitment step", commitment=str(parent), parent=str(opposition)
    )
    assert around.response.content == (
        f"”{CONTACT}” kan inte bli ett delmål i ”{OPPOSITION}”: då skulle åtagandet bli ett delmål i sig självt."
    )
    async with simcord_bot.db.session() as session:
        elsewhere = (
            await session.exec(
                select(Commitment).where(Commitment.plan_id != (await session.get(Commitment, parent)).plan_id)
            )
        ).first()
        assert (await session.get(Commitment, parent)).parent_id is None
    other = await district.organiser.slash(
        district.general, "commitment step", commitment=str(elsewhere.id), parent=str(parent)
    )
    assert other.response.content == (
        f"”{elsewhere.title}” och ”{CONTACT}” hör till olika planer. "
        "Ett delmål måste höra till samma plan som åtagandet."
    )
    # Steps of steps roll up too: the grandchild done makes its parent and theirs done.
    await district.organiser.slash(district.general, "commitment update", commitment=str(opposition), status="klar")
    assert (await fields_of(district, training))["Framsteg"] == "1 av 1 delmål klart · 100 %"
    assert (await fields_of(district, parent))["Framsteg"] == "1 av 1 delmål klart · 100 %"
    assert simcord_env.errors == []


async def test_only_who_may_update_both_makes_a_step(simcord_env, simcord_bot, district):
    await load_skane(district)
    parent = await commitment_id(simcord_bot, CONTACT)
    training = await commitment_id(simcord_bot, TRAINING)
    await district.organiser.slash(district.general, "commitment assign", commitment=str(training), owner=district.man)
    refused = await district.man.slash(
        district.general, "commitment step", commitment=str(training), parent=str(parent)
    )
    assert refused.response.content == (
        "Bara den som är ansvarig för åtagandet, organisatörer och moderatorer kan uppdatera det."
    )
    await district.organiser.slash(district.general, "commitment assign", commitment=str(parent), owner=district.man)
    allowed = await district.man.slash(
        district.general, "commitment step", commitment=str(training), parent=str(parent), weight=2
    )
    assert allowed.response.content.startswith(f"Sparat: ”{TRAINING}” är nu ett delmål i ”{CONTACT}” med vikten 2.")
    assert simcord_env.errors == []


async def test_a_step_left_without_a_parent_is_a_commitment_of_its_own_again(simcord_env, simcord_bot, district):
    await load_skane(district)
    parent = await commitment_id(simcord_bot, CONTACT)
    training = await commitment_id(simcord_bot, TRAINING)
    opposition = await commitment_id(simcord_bot, OPPOSITION)
    for step in (training, opposition):
        await district.organiser.slash(district.general, "commitment step", commitment=str(step), parent=str(parent))
    await district.organiser.slash(district.general, "commitment update", commitment=str(training), status="klar")
    assert (await fields_of(district, parent))["Framsteg"] == "1 av 2 delmål klara · 50 %"

    # Someone who may update the step but not its parent cannot take it out.
    await district.organiser.slash(
        district.general, "commitment assign", commitment=str(opposition), owner=district.man
    )
    refused = await district.man.slash(district.general, "commitment step", commitment=str(opposition))
    assert refused.response.content == (
        "Bara den som är ansvarig för åtagandet, organisatörer och moderatorer kan uppdatera det."
    )

    detached = await district.organiser.slash(district.general, "commitment step", commitment=str(opposition))
    assert detached.ephemeral
    assert detached.response.content == (
        f"Sparat: ”{OPPOSITION}” är inte längre ett delmål i ”{CONTACT}” utan ett eget åtagande. "
        f"”{CONTACT}” har nu kommit så här långt: 1 av 1 delmål klart · 100 %."
    )
    audit = district.channels["audit"].last_message.embeds[0].description
    assert (
        f"gjorde åtagande #{opposition} ”{OPPOSITION}” till ett eget åtagande, inte längre ett delmål i "
        f"#{parent} ”{CONTACT}”"
    ) in audit
    async with simcord_bot.db.session() as session:
        row = await session.get(Commitment, opposition)
        assert (row.parent_id, row.weight) == (None, 1)
    assert "Delmål" not in await fields_of(district, opposition)

    again = await district.organiser.slash(district.general, "commitment step", commitment=str(opposition))
    assert again.response.content == f"”{OPPOSITION}” är inget delmål. Ange vilket åtagande det ska bli ett delmål i."
    assert simcord_env.errors == []
