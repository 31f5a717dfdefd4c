"""What `/privacy forget` leaves outside the tables: announcements show the counts without the member, those who
move up from a waiting list are told, bot messages that name the member lose the mention or go, and SQLite zeroes
what it deletes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from bot.db import BotState, Database
from tests.cogs.commitments.test_commitments import commitment_id, load_skane
from tests.cogs.meetings.test_meetings import START, announcement, dm_texts, labels, schedule
from tests.support import advance_to


async def forget(district, person) -> None:
    asked = await person.slash(district.general, "privacy forget")
    done = await person.click(asked.response.message, label="Bekräfta")
    assert done.response.content.startswith("Klart.")


def close_dms(env, person) -> None:
    env.inject_error(
        "POST",
        f"/channels/{person.user.dm_channel.id}/messages",
        status=403,
        code=50007,
        message="Cannot send messages to this user",
        times=None,
    )


async def test_the_announcement_shows_the_counts_without_the_forgotten_member(simcord_env, simcord_bot, district):
    await schedule(district, "open")
    await district.member.click(announcement(district, "open"), label="Kan inte (0)")
    await district.woman.click(announcement(district, "open"), label="Kommer (0)")
    assert labels(announcement(district, "open")) == ["Kommer (1)", "Kanske (0)", "Kan inte (1)"]

    await forget(district, district.member)
    assert labels(announcement(district, "open")) == ["Kommer (1)", "Kanske (0)", "Kan inte (0)"]


async def test_who_moves_up_from_the_waiting_list_after_a_forget_is_told(simcord_env, simcord_bot, district):
    await schedule(district, "open", title="Studiecirkel", capacity=1)
    await district.member.click(announcement(district, "open"), label="Kommer (0)")
    await district.man.click(announcement(district, "open"), label="Kommer (1)")

    await forget(district, district.member)
    assert dm_texts(district.man) == [
        "En plats blev ledig: du har nu en plats på ”Studiecirkel” onsdag 7 januari 2026 kl. 18:00. Välkommen!"
    ]
    fields = {f.name: f.value for f in announcement(district, "open").embeds[0].fields}
    assert fields["Svar"].endswith("Platser: 1 av 1 · Väntelista: 0")


async def test_the_join_request_in_the_organisers_channel_is_deleted(simcord_env, simcord_bot, district):
    await district.moderator.slash(district.general, "network mode", mode="approval")
    asked = await district.member.slash(district.general, "network join", audience="women-nonbinary")
    await district.member.click(asked.response.message, label="Bekräfta")
    organisers = district.channels["organisers"]
    [request] = [m for m in organisers.history() if m.embeds and district.member.mention in m.embeds[0].description]

    await forget(district, district.member)
    assert request.id not in [m.id for m in organisers.history()]


async def test_a_commitment_update_line_that_names_the_forgotten_member_is_deleted(simcord_env, simcord_bot, district):
    await load_skane(district)
    cid = await commitment_id(simcord_bot, "Genomföra en utbildning i medlemsvård")
    await district.organiser.slash(district.general, "commitment update", commitment=str(cid), status="pågår")
    await district.moderator.slash(district.general, "commitment update", commitment=str(cid), status="klar")
    organisers = district.channels["organisers"]
    lines = [m for m in organisers.history() if "uppdaterat av" in m.content]
    assert len(lines) == 2

    await forget(district, district.organiser)
    assert [m.content for m in organisers.history() if "uppdaterat av" in m.content] == [
        f"✅ Genomföra en utbildning i medlemsvård — klar, uppdaterat av {district.moderator.mention}"
    ]


async def test_a_decided_join_request_that_names_the_forgotten_organiser_is_deleted(simcord_env, simcord_bot, district):
    await district.moderator.slash(district.general, "network mode", mode="approval")
    asked = await district.member.slash(district.general, "network join", audience="women-nonbinary")
    await district.member.click(asked.response.message, label="Bekräfta")
    organisers = district.channels["organisers"]
    request = organisers.history()[-1]
    await district.organiser.click(request, label="Godkänn")
    decided = organisers.history()[-1]
    assert district.organiser.mention in decided.embeds[0].description

    await forget(district, district.organiser)
    assert decided.id not in [m.id for m in organisers.history()]


async def test_a_closed_dm_notice_loses_the_mention_of_the_forgotten_member(simcord_env, simcord_bot, district):
    await schedule(district, "women-nonbinary", title="Kvinnoträff")
    amira = district.guild.add_member(
        simcord_env.create_user("amira", global_name="Amira Medlem"), roles=[district.roles["women-nonbinary"]]
    )
    await simcord_env.settle()
    for person in (district.woman, amira):
        await person.click(announcement(district), label=labels(announcement(district))[0])
        close_dms(simcord_env, person)
    await advance_to(simcord_env, simcord_bot, START - timedelta(hours=24))
    notice = district.channels["women"].last_message
    assert notice.content.startswith(f"{district.woman.mention} {amira.mention} Påminnelse:")

    await forget(district, district.woman)
    notice = district.channels["women"].history()[-1]
    assert district.woman.mention not in notice.content
    assert notice.content.startswith(f"{amira.mention} Påminnelse: ”Kvinnoträff” är i morgon")

    await forget(district, amira)
    assert all("Påminnelse" not in m.content for m in district.channels["women"].history())


async def test_audit_log_copies_that_name_the_member_are_deleted(simcord_env, simcord_bot, district):
    await district.moderator.slash(
        district.general, "network remove", member=district.woman, audience="women-nonbinary"
    )
    await district.moderator.slash(district.general, "network mode", mode="approval")
    audit = district.channels["audit"]
    assert len(audit.history()) == 2

    await forget(district, district.woman)
    [left] = audit.history()
    assert district.woman.mention not in left.embeds[0].description
    assert left.embeds[0].description.startswith(district.moderator.mention)

    await forget(district, district.moderator)
    assert audit.history() == []


async def test_sqlite_zeroes_what_it_deletes(settings):
    database = Database(settings.database_url)
    if not database.is_sqlite:
        await database.dispose()
        return  # a PostgreSQL server keeps its own files
    await database.migrate()
    secret = "Hemlig-uppgift-" + "x" * 40
    async with database.session() as session:
        session.add(BotState(key="secret", value=secret))
    async with database.session() as session:
        assert (await session.exec(text("PRAGMA secure_delete"))).one()[0] == 1
        await session.delete(await session.get(BotState, "secret"))
    await database.scrub()
    await database.dispose()
    path = Path(settings.database_url.split("///", 1)[1])
    stored = b"".join(f.read_bytes() for f in (path, path.with_name(path.name + "-wal")) if f.exists())
    assert secret.encode() not in stored


async def test_memorial_reminders_list_a_forgotten_organisers_registration_without_their_name(
    simcord_env, simcord_bot, seen_district
):
    district = seen_district
    await advance_to(simcord_env, simcord_bot, datetime(2026, 2, 22, 8, tzinfo=UTC))
    [reminder] = [m for m in district.channels["organisers"].history() if m.embeds]
    shown = await district.organiser.click(reminder, label="Vi ordnar något")
    await district.organiser.submit_modal(shown, {"branch": "Malmö", "what": "Manifestation"})
    reminder = district.channels["organisers"].history()[-1]
    assert reminder.embeds[0].fields[0].value == f"• **Malmö**: Manifestation ({district.organiser.mention})"

    await forget(district, district.organiser)
    reminder = district.channels["organisers"].history()[-1]
    assert reminder.embeds[0].fields[0].value == "• **Malmö**: Manifestation"
