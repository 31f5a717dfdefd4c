"""The time options of slash commands (cogs/_shared/transformers.py) through SimCord: a value the one time grammar
reads reaches the command as a time, a day, an instant or a recurring day; a value it refuses gets the usual
Swedish message, as the ordinary answer to bad input (no error is recorded), and changes nothing; the options are
still strings with the limits they had."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from bot.audit import AuditEntry
from bot.commitments.models import Commitment, DigestSettings
from bot.meetings.models import Meeting
from bot.memorial.models import MemorialDay


async def rows(bot, table) -> list:
    async with bot.db.session() as session:
        return list((await session.exec(select(table))).all())


async def audited(bot) -> list[str]:
    return [entry.action for entry in await rows(bot, AuditEntry)]


# ---------------------------------------------------------------------- a moment: meeting start


async def test_a_meeting_start_is_read_before_the_command_runs(simcord_env, simcord_bot, district):
    result = await district.organiser.slash(
        district.channels["organisers"], "meeting schedule", title="Träff", audience="open", start="onsdag kl. 18"
    )
    assert result.response.content.startswith("Klart: ”Träff” onsdag 7 januari 2026 kl. 18:00 är kallad i")
    [meeting] = await rows(simcord_bot, Meeting)
    assert meeting.start_at == datetime(2026, 1, 7, 17, 0, tzinfo=UTC)


async def test_a_start_that_is_not_a_day_gets_the_swedish_message_and_nothing_is_scheduled(
    simcord_env, simcord_bot, district
):
    announcements = district.channels["announcements"]
    before = len(announcements.history())
    result = await district.organiser.slash(
        district.channels["organisers"], "meeting schedule", title="Träff", audience="open", start="31 april 18:00"
    )
    assert result.ephemeral
    assert result.response.content == "Datumet i ”31 april 18:00” finns inte i kalendern."
    assert simcord_env.errors == []
    assert await rows(simcord_bot, Meeting) == []
    assert len(announcements.history()) == before
    assert "meetings.schedule" not in await audited(simcord_bot)


async def test_a_bad_new_start_leaves_the_meeting_as_it_was(simcord_env, simcord_bot, district):
    organisers = district.channels["organisers"]
    await district.organiser.slash(
        organisers, "meeting schedule", title="Träff", audience="open", start="2026-01-07 18:00"
    )
    [meeting] = await rows(simcord_bot, Meeting)
    result = await district.organiser.slash(
        organisers, "meeting edit", meeting=meeting.id, start="2026-01-07 25:00", title="Ny titel"
    )
    assert result.response.content == "Klockslaget i ”2026-01-07 25:00” finns inte. Använd 00:00–23:59."
    assert simcord_env.errors == []
    [unchanged] = await rows(simcord_bot, Meeting)
    assert (unchanged.title, unchanged.start_at) == ("Träff", meeting.start_at)


# ---------------------------------------------------------------------- a recurring day and a clock time: memorial


async def test_a_memorial_day_takes_every_clock_time_of_the_grammar(simcord_env, simcord_bot, district):
    result = await district.moderator.slash(
        district.general, "memorial add", name="Ny dag", date="andra tisdagen i oktober", text="Text", time="kl 18"
    )
    assert result.response.content.startswith(
        "Klart: ”Ny dag” (andra tisdagen i oktober) postas nästa gång tisdag 13 oktober 2026 kl. 18:00 "
    )
    [day] = [d for d in await rows(simcord_bot, MemorialDay) if d.name == "Ny dag"]
    assert (day.month, day.weekday, day.nth, day.post_hour, day.post_minute) == (10, 1, 2, 18, 0)


async def test_a_memorial_time_that_is_not_a_time_gets_the_swedish_message_and_nothing_is_stored(
    simcord_env, simcord_bot, district
):
    before = await rows(simcord_bot, MemorialDay)
    result = await district.moderator.slash(
        district.general, "memorial add", name="Fel", date="8 mars", text="Text", time="25:00"
    )
    assert result.ephemeral
    assert result.response.content == "Jag förstår inte tiden ”25:00”. Skriv till exempel ”09:00” eller ”18.30”."
    assert simcord_env.errors == []
    assert len(await rows(simcord_bot, MemorialDay)) == len(before)
    assert "memorial.add" not in await audited(simcord_bot)


async def test_a_memorial_date_that_is_not_a_day_of_a_month_is_refused_on_edit_too(simcord_env, simcord_bot, district):
    await district.moderator.slash(district.general, "memorial add", name="Ny dag", date="8/3", text="Text")
    [before] = [d for d in await rows(simcord_bot, MemorialDay) if d.name == "Ny dag"]
    result = await district.moderator.slash(
        district.general, "memorial edit", day=str(before.id), date="sista dagen i maj"
    )
    assert result.response.content == (
        "Jag förstår inte datumet ”sista dagen i maj”. Skriv till exempel ”8 mars”, ”08-03”, ”8/3” "
        "eller ”sista söndagen i maj”."
    )
    assert simcord_env.errors == []
    [after] = [d for d in await rows(simcord_bot, MemorialDay) if d.id == before.id]
    assert (after.month, after.day, after.weekday, after.nth) == (3, 8, None, None)


# ---------------------------------------------------------------------- a day and a clock time: commitments


async def _a_commitment(bot, district) -> Commitment:
    await district.moderator.slash(district.general, "plan load", plan="skane-2023")
    return (await rows(bot, Commitment))[0]


async def test_a_due_date_takes_a_relative_day_and_refuses_a_day_that_does_not_exist(
    simcord_env, simcord_bot, district
):
    commitment = await _a_commitment(simcord_bot, district)
    result = await district.organiser.slash(
        district.general, "commitment due", commitment=str(commitment.id), date="i morgon"
    )
    assert result.response.content == f"”{commitment.title}” ska vara klart senast fredag 2 januari 2026."
    refused = await district.organiser.slash(
        district.general, "commitment due", commitment=str(commitment.id), date="31/2"
    )
    assert (
        refused.response.content == "Jag förstår inte datumet ”31/2”. Skriv till exempel 2026-03-08, 8/3 eller 8 mars."
    )
    assert simcord_env.errors == []
    [stored] = [c for c in await rows(simcord_bot, Commitment) if c.id == commitment.id]
    assert stored.due_date == datetime(2026, 1, 2).date()  # noqa: DTZ001


async def test_the_digest_time_takes_kl_9_as_a_memorial_day_does(simcord_env, simcord_bot, district):
    await _a_commitment(simcord_bot, district)
    result = await district.moderator.slash(district.general, "commitment digest", weekday="tuesday", time="kl. 7")
    assert result.response.content == "Klart: veckans uppföljning kommer på tisdagar kl. 07:00."
    refused = await district.moderator.slash(district.general, "commitment digest", weekday="friday", time="25")
    assert refused.response.content == "Jag förstår inte klockslaget ”25”. Skriv till exempel 09:00."
    assert simcord_env.errors == []
    [settings] = await rows(simcord_bot, DigestSettings)
    assert (settings.weekday, settings.hour, settings.minute) == (1, 7, 0)


# ---------------------------------------------------------------------- the public interface


async def test_time_options_stay_strings_with_their_limits(simcord_env, simcord_bot):
    """What Discord is told of each time option, as it was before the options were transformed."""
    tree = simcord_bot.tree
    expected = {
        ("meeting", "schedule", "start"): {"type": 3, "min_length": 1, "max_length": 60},
        ("meeting", "edit", "start"): {"type": 3, "min_length": 1, "max_length": 60},
        ("memorial", "add", "date"): {"type": 3, "min_length": 1, "max_length": 60},
        ("memorial", "add", "time"): {"type": 3, "min_length": 1, "max_length": 10},
        ("memorial", "edit", "date"): {"type": 3, "min_length": 1, "max_length": 60},
        ("memorial", "edit", "time"): {"type": 3, "min_length": 1, "max_length": 10},
        ("commitment", "due", "date"): {"type": 3},
        ("commitment", "digest", "time"): {"type": 3},
    }
    found = {}
    for group, command, option in expected:
        payload = tree.get_command(group).get_command(command).to_dict(tree)
        [described] = [o for o in payload["options"] if o["name"] == option]
        found[group, command, option] = {
            k: described[k] for k in ("type", "min_length", "max_length") if k in described
        }
    assert found == expected
