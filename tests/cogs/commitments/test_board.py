"""The live board of a plan, edited in place as its commitments move, and postponing a commitment from its
due-date reminder."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from bot.commitments.models import BoardMessage, Commitment, Update
from bot.ledger import Occurrence
from bot.timeparse import to_local
from cogs.commitments.postpone import postpone_view
from tests.cogs.commitments.test_commitments import commitment_id, load_skane, pdf_words
from tests.cogs.meetings.test_meetings import schedule
from tests.support import advance, advance_to

PLAN = "Verksamhetsplan 2023 för Vänsterpartiet Skåne"
TRAINING = "Genomföra en utbildning i medlemsvård"
OPPOSITION = "Arrangera träffar med fokus på oppositionsarbete med partiföreningar"
MEMBER_CARE = 2
"""The position of the section Medlemsvård's message on the board."""


async def stored_ids(bot) -> list[int]:
    async with bot.db.session() as session:
        rows = (await session.exec(select(BoardMessage).order_by(BoardMessage.position))).all()
    return [row.message_id for row in rows]


def line_in(message, cid: int) -> str:
    return next(line for line in message.embeds[0].description.split("\n") if line.startswith(f"`#{cid}`"))


async def test_the_board_is_edited_in_place_after_an_update_and_after_a_restart(
    simcord_env, simcord_bot, district, make_bot
):
    await load_skane(district)
    cid = await commitment_id(simcord_bot, TRAINING)
    await district.organiser.slash(district.general, "commitment assign", commitment=str(cid), owner=district.member)
    organisers = district.channels["organisers"]
    refused = await district.member.slash(district.general, "plan board", plan="1", channel=district.general)
    assert refused.response.content == "Det här kräver rollen organisatör. Du har den inte."
    posted = await district.organiser.slash(district.general, "plan board", plan="1", channel=organisers)
    assert posted.response.content == (
        f"Tavlan för ”{PLAN}” finns nu i <#{organisers.id}> (12 meddelanden). "
        "De uppdateras på plats när framstegen ändras."
    )
    audit = district.channels["audit"].last_message.embeds[0].description
    assert f"satte upp tavlan för planen ”{PLAN}” i <#{organisers.id}>" in audit
    board = organisers.history()
    ids = [m.id for m in board]
    assert ids == await stored_ids(simcord_bot)
    care = board[MEMBER_CARE]
    assert care.embeds[0].title == "Medlemsvård"
    assert line_in(care, cid) == f"`#{cid}` 📋 **{TRAINING}** — planerad · <@{district.member.id}>"

    # The owner reports progress: the section's message is edited, no message is posted.
    await advance(simcord_env, simcord_bot, 60)
    await district.member.slash(district.general, "commitment update", commitment=str(cid), status="pågår")
    board = organisers.history()
    assert [m.id for m in board if m.embeds] == ids
    assert line_in(board[MEMBER_CARE], cid) == f"`#{cid}` 🔄 **{TRAINING}** — pågår · <@{district.member.id}>"
    assert board[MEMBER_CARE].edited_at is not None
    assert [m.edited_at for i, m in enumerate(board[:12]) if i != MEMBER_CARE] == [None] * 11

    # Changes close together are one edit, once the last is 30 seconds old: the latest state wins.
    edited = board[MEMBER_CARE].edited_at
    await district.member.slash(district.general, "commitment progress", commitment=str(cid), percent=40)
    await district.member.slash(district.general, "commitment due", commitment=str(cid), date="2026-05-29")
    assert organisers.history()[MEMBER_CARE].edited_at == edited
    await advance(simcord_env, simcord_bot, 31)
    care = organisers.history()[MEMBER_CARE]
    assert line_in(care, cid) == (
        f"`#{cid}` 🔄 **{TRAINING}** — pågår · 40 % · 🟢 i fas · senast fredag 29 maj 2026 · <@{district.member.id}>"
    )
    assert care.edited_at > edited

    # After a restart, the same messages are edited.
    restarted = make_bot()
    await simcord_env.restart_bot(restarted)
    await simcord_env.settle()
    await advance(simcord_env, restarted, 60)
    await district.member.slash(district.general, "commitment update", commitment=str(cid), status="klar")
    board = organisers.history()
    assert [m.id for m in board if m.embeds] == ids
    assert await stored_ids(restarted) == ids
    assert line_in(board[MEMBER_CARE], cid) == (
        f"`#{cid}` ✅ **{TRAINING}** — klar · 100 % · 🟢 i fas · senast fredag 29 maj 2026 · <@{district.member.id}>"
    )
    assert len(organisers.history()) == 12 + 3  # the board and the three changes told to the organisers
    assert simcord_env.errors == []


async def test_a_deleted_board_message_comes_back_and_the_board_moves_when_asked_again(
    simcord_env, simcord_bot, district
):
    await load_skane(district)
    cid = await commitment_id(simcord_bot, TRAINING)
    organisers = district.channels["organisers"]
    await district.organiser.slash(district.general, "plan board", plan="1", channel=organisers)
    ids = await stored_ids(simcord_bot)
    await simcord_bot.get_channel(organisers.id).get_partial_message(ids[MEMBER_CARE]).delete()
    await simcord_env.settle()

    await advance(simcord_env, simcord_bot, 60)
    await district.organiser.slash(district.general, "commitment update", commitment=str(cid), status="pågår")
    again = await stored_ids(simcord_bot)
    assert again[:MEMBER_CARE] + again[MEMBER_CARE + 1 :] == ids[:MEMBER_CARE] + ids[MEMBER_CARE + 1 :]
    assert again[MEMBER_CARE] not in ids
    shown = {m.id: m for m in organisers.history()}
    assert line_in(shown[again[MEMBER_CARE]], cid) == f"`#{cid}` 🔄 **{TRAINING}** — pågår"
    assert sorted(m for m in shown if shown[m].embeds) == sorted(again)

    moved = await district.organiser.slash(district.general, "plan board", plan="1", channel=district.general)
    assert moved.response.content == (
        f"Tavlan för ”{PLAN}” är flyttad till <#{district.general.id}> (12 meddelanden) "
        "och de gamla meddelandena är borttagna."
    )
    assert [m for m in organisers.history() if m.embeds] == []
    assert [m.id for m in district.general.history() if m.embeds] == await stored_ids(simcord_bot)
    assert simcord_env.errors == []


async def test_the_owner_postpones_from_the_reminder_with_a_new_date_and_a_reason(
    simcord_env, simcord_bot, district, make_bot
):
    await load_skane(district)
    cid = await commitment_id(simcord_bot, TRAINING)
    await district.organiser.slash(district.general, "commitment assign", commitment=str(cid), owner=district.member)
    await district.organiser.slash(district.general, "commitment due", commitment=str(cid), date="20 januari")
    await advance_to(simcord_env, simcord_bot, datetime(2026, 1, 13, 8, 1, tzinfo=UTC))
    [reminder] = district.member.user.dm_channel.history()
    assert [c.label for row in reminder.components for c in row.children] == ["Skjut upp"]

    # The button answers after a restart too.
    restarted = make_bot()
    await simcord_env.restart_bot(restarted)
    await simcord_env.settle()
    shown = await district.member.user.click(reminder, label="Skjut upp")
    assert shown.modal["title"] == "Skjut upp ”Genomföra en utbildning i medlems…"

    bad = await district.member.user.submit_modal(shown, {"when": "31 februari", "reason": "Lokalen är upptagen"})
    assert bad.response.content == (
        "Jag förstår inte datumet ”31 februari”. Skriv till exempel 2026-03-08, 8/3 eller 8 mars."
    )
    async with restarted.db.session() as session:
        assert (await session.get(Commitment, cid)).due_date == date(2026, 1, 20)
        assert (await session.exec(select(Update).where(Update.commitment_id == cid))).all() == []

    shown = await district.member.user.click(reminder, label="Skjut upp")
    done = await district.member.user.submit_modal(shown, {"when": "15 februari", "reason": "Lokalen är upptagen"})
    assert done.response.content == (
        f"Sparat: ”{TRAINING}” är uppskjutet till söndag 15 februari 2026. Påminnelsen kommer en vecka före."
    )
    async with restarted.db.session() as session:
        assert (await session.get(Commitment, cid)).due_date == date(2026, 2, 15)
        [update] = (await session.exec(select(Update).where(Update.commitment_id == cid))).all()
        reminders = (
            await session.exec(
                select(Occurrence).where(Occurrence.kind == "commitment.due_dm", Occurrence.status == "pending")
            )
        ).all()
    assert (update.author_id, update.old_due, update.new_due, update.note) == (
        district.member.id,
        date(2026, 1, 20),
        date(2026, 2, 15),
        "Lokalen är upptagen",
    )
    # The new reminder: a week before, at 09:00 in Stockholm.
    assert [(r.object_id, r.occurrence_key, r.due_at) for r in reminders] == [
        (str(cid), "due:2026-02-15", datetime(2026, 2, 8, 8, 0, tzinfo=UTC))
    ]
    assert district.channels["organisers"].last_message.content == (
        f"⏭️ {TRAINING} — uppskjutet till söndag 15 februari 2026, uppdaterat av <@{district.member.id}>: "
        "”Lokalen är upptagen”"
    )

    shown = await district.member.slash(district.general, "commitment show", commitment=str(cid))
    fields = {f.name: f.value for f in shown.response.embeds[0].fields}
    assert fields["Klart senast"] == "söndag 15 februari 2026"
    assert fields["Uppföljning"] == (
        f"tisdag 13 januari 2026 · <@{district.member.id}> · "
        "uppskjutet från tisdag 20 januari 2026 till söndag 15 februari 2026: Lokalen är upptagen"
    )
    postponed = f"Uppskjutet från 2026-01-20 till 2026-02-15 (2026-01-13, {district.member.id}): Lokalen är upptagen"
    report = await district.organiser.slash(district.general, "commitment report")
    text = (await report.response.attachments[0].read()).decode()
    assert f"Klart senast: 2026-02-15\nAnsvariga: {district.member.id}\n\n{postponed}\n\n### " in text
    assert "Uppföljning:" not in text  # the postponement is not listed twice
    pdf = await district.organiser.slash(district.general, "commitment report", format="pdf")
    assert "Uppskjutet från 2026-01-20 till 2026-02-15" in pdf_words(await pdf.response.attachments[0].read())

    # Someone who neither owns it nor organises is refused.
    view = postpone_view(district.guild.id, cid, "sv")
    await restarted.get_channel(district.general.id).send("Påminnelse", view=view)
    await simcord_env.settle()
    refused = await district.caller.click(district.general.history()[-1], label="Skjut upp")
    assert refused.response.content == (
        "Bara den som är ansvarig för åtagandet, organisatörer och moderatorer kan uppdatera det."
    )
    assert simcord_env.errors == []


async def test_the_board_counts_a_meeting_held_without_being_told_and_never_names_a_separatist_one(
    simcord_env, simcord_bot, district
):
    await load_skane(district)
    cid = await commitment_id(simcord_bot, OPPOSITION)
    await district.organiser.slash(
        district.general, "commitment link", commitment=str(cid), kind="meeting_title", value="oppositionsträff"
    )
    await district.organiser.slash(
        district.general, "commitment target", commitment=str(cid), amount=4, unit="meetings"
    )
    organisers = district.channels["organisers"]
    await district.organiser.slash(district.general, "plan board", plan="1", channel=organisers)
    ids = await stored_ids(simcord_bot)
    [opposition] = [m for m in organisers.history() if m.id == ids[0]]
    assert line_in(opposition, cid) == f"`#{cid}` 📋 **{OPPOSITION}** — planerad · 0 av 4 träffar · 0 % · 🔴 risk"

    start = to_local(simcord_env.now() + timedelta(hours=2), "Europe/Stockholm")
    await schedule(district, "open", title="Oppositionsträff i Lund", start=start.strftime("%Y-%m-%d %H:%M"))
    await schedule(
        district, "women-nonbinary", title="Oppositionsträff för kvinnor", start=start.strftime("%Y-%m-%d %H:%M")
    )
    await advance(simcord_env, simcord_bot, 6 * 3600)
    [opposition] = [m for m in organisers.history() if m.id == ids[0]]
    assert line_in(opposition, cid) == f"`#{cid}` 📋 **{OPPOSITION}** — planerad · 1 av 4 träffar · 25 % · 🔴 risk"
    assert await stored_ids(simcord_bot) == ids
    board = [m for m in organisers.history() if m.id in ids]
    assert all("Oppositionsträff för kvinnor" not in f"{e.title} {e.description}" for m in board for e in m.embeds)
    assert simcord_env.errors == []


async def test_a_channel_the_bot_cannot_post_in_is_refused_and_a_lost_channel_is_reported(
    simcord_env, simcord_bot, district
):
    import discord

    await load_skane(district)
    cid = await commitment_id(simcord_bot, TRAINING)
    locked = district.guild.create_text_channel(
        "låst", overwrites={simcord_env.bot.user: discord.PermissionOverwrite(send_messages=False)}
    )
    refused = await district.organiser.slash(district.general, "plan board", plan="1", channel=locked)
    assert refused.response.content == (
        f"Jag kan inte skriva i <#{locked.id}>. Ge mig rätt att skicka meddelanden och bädda in länkar där, "
        "eller välj en annan kanal."
    )
    async with simcord_bot.db.session() as session:
        assert (await session.exec(select(BoardMessage))).all() == []

    board = district.guild.create_text_channel("tavla")
    await district.organiser.slash(district.general, "plan board", plan="1", channel=board)
    await simcord_bot.get_channel(board.id).delete()
    await simcord_env.settle()
    await advance(simcord_env, simcord_bot, 60)
    done = await district.organiser.slash(district.general, "commitment update", commitment=str(cid), status="pågår")
    assert done.response.content == f"Sparat: ”{TRAINING}” har nu status: pågår. Organisatörerna har fått veta."
    report = district.channels["audit"].last_message.embeds[0].description
    assert report == (
        f"boten · kunde inte posta tavlan över en plan i <#{board.id}>: kanalen finns inte. "
        "Jag försöker igen när det är åtgärdat."
    )
    # Asked again, the board is posted where it is asked for.
    organisers = district.channels["organisers"]
    moved = await district.organiser.slash(district.general, "plan board", plan="1", channel=organisers)
    assert moved.response.content.startswith(f"Tavlan för ”{PLAN}” är flyttad till <#{organisers.id}> (12 meddelanden)")
    care_id = (await stored_ids(simcord_bot))[MEMBER_CARE]
    care = next(m for m in organisers.history() if m.id == care_id)
    assert line_in(care, cid) == f"`#{cid}` 🔄 **{TRAINING}** — pågår"
    assert simcord_env.errors == []


async def test_a_forgotten_owner_leaves_the_board_within_its_next_edit(simcord_env, simcord_bot, district):
    await load_skane(district)
    cid = await commitment_id(simcord_bot, TRAINING)
    await district.organiser.slash(district.general, "commitment assign", commitment=str(cid), owner=district.member)
    organisers = district.channels["organisers"]
    await district.organiser.slash(district.general, "plan board", plan="1", channel=organisers)
    assert line_in(organisers.history()[MEMBER_CARE], cid).endswith(f"<@{district.member.id}>")

    asked = await district.member.slash(district.general, "privacy forget")
    await district.member.click(asked.response.message, label="Bekräfta")
    # At the next edit, 30 seconds on, not at the quarter-hourly check of what the evidence counts.
    await advance(simcord_env, simcord_bot, 31)
    assert line_in(organisers.history()[MEMBER_CARE], cid) == f"`#{cid}` 📋 **{TRAINING}** — planerad"
    assert simcord_env.errors == []
