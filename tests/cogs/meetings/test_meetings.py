"""Meetings in a simulated district: scheduling, separatist privacy, RSVPs, reminders, cancellations,
capacity, recurrence, calendar files, scheduled events, and buttons that survive a restart."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import discord
import pytest
from simcord import SetupError
from simcord.backend.models import Overwrite
from simcord.builders import ChannelHandle
from simcord.enums import OverwriteType
from sqlmodel import select

from bot import leadtimes
from bot.meetings import planner
from bot.meetings.models import Meeting
from tests.bot.meetings.test_ics import the_event
from tests.support import advance_to, public_messages

START_TEXT = "2026-01-07 18:00"  # a Wednesday, local time
START = datetime(2026, 1, 7, 17, 0, tzinfo=UTC)
STAMP = int(START.timestamp())
CHANNEL_OF = {"open": "announcements", "women-nonbinary": "women", "men": "men"}


def text_of(result) -> str:
    """What the person sees of a (possibly deferred) reply."""
    if result.followups:
        return result.followups[-1].content
    return result.response.content


async def schedule(district, audience="women-nonbinary", *, by=None, **options):
    options.setdefault(
        "title", {"women-nonbinary": "Kvinnoträff", "men": "Mansträff i Lund", "open": "Medlemsträff"}[audience]
    )
    options.setdefault("start", START_TEXT)
    person = by or district.organiser
    return await person.slash(district.channels["organisers"], "meeting schedule", audience=audience, **options)


def announcements(district, audience="women-nonbinary") -> list:
    """The announcements in the audience's channel, oldest first (without Discord's notes that a thread was
    started)."""
    return [m for m in district.channels[CHANNEL_OF[audience]].history() if m.embeds]


def announcement(district, audience="women-nonbinary"):
    """The latest announcement in the audience's channel."""
    posted = announcements(district, audience)
    return posted[-1] if posted else None


def labels(message) -> list[str]:
    return [c.label for row in message.components for c in row.children]


def dm_texts(member) -> list[str]:
    return [m.content for m in member.user.dm_channel.history()]


async def stored_meetings(bot) -> list[Meeting]:
    async with bot.db.session() as session:
        return list((await session.exec(select(Meeting).order_by(Meeting.id))).all())


def scheduled_events(env, district) -> list:
    return list(env.backend.guilds[district.guild.id].scheduled_events.values())


# ---------------------------------------------------------------------- separatist meetings


@pytest.mark.parametrize(
    ("audience", "insider", "outsider", "audience_name"),
    [
        ("women-nonbinary", "woman", "man", "kvinnor och ickebinära"),
        ("men", "man", "woman", "mansträffar"),
    ],
)
async def test_role_audience_meeting_is_for_its_members_only(
    simcord_env, simcord_bot, district, audience, insider, outsider, audience_name
):
    result = await schedule(district, audience, title="Träff för nätverket", location="Folkets hus")
    assert result.ephemeral
    assert text_of(result).startswith("Klart: ”Träff för nätverket” onsdag 7 januari 2026 kl. 18:00 är kallad i")

    # Announced only in the audience's own channel.
    posted = announcement(district, audience)
    assert posted is not None
    assert district.channels["announcements"].history() == []
    embed = posted.embeds[0]
    fields = {f.name: f.value for f in embed.fields}
    assert fields["När"] == f"onsdag 7 januari 2026 kl. 18:00\n<t:{STAMP}:F> · <t:{STAMP}:R>"
    assert fields["Plats"] == "Folkets hus"
    assert fields["Längd"] == "1 tim 30 min"
    assert labels(posted) == ["Kommer (0)", "Kanske (0)", "Kan inte (0)"]
    # Held in a text channel: no Discord event that would show it to everyone.
    assert scheduled_events(simcord_env, district) == []

    # A member holding the role answers and sees the count.
    member = district.members[insider]
    answered = await member.click(posted, label="Kommer (0)")
    assert answered.ephemeral
    assert answered.response.content == "Du har svarat: Kommer.\nKommer: 1 · Kanske: 0 · Kan inte: 0"
    assert labels(announcement(district, audience)) == ["Kommer (1)", "Kanske (0)", "Kan inte (0)"]

    # Someone without the role: not listed, not shown, and cannot reach or use the buttons.
    outside = district.members[outsider]
    listed = await outside.slash(district.general, "meeting list")
    assert listed.response.content == "Det finns inga träffar att visa."
    for person in (district.member, outside):
        with pytest.raises(SetupError):
            await person.click(announcement(district, audience), label="Kanske (0)")
    [meeting] = await stored_meetings(simcord_bot)
    shown = await outside.slash(district.general, "meeting show", meeting=meeting.id)
    assert shown.response.content.startswith("Jag hittar ingen sådan träff")
    choices = await outside.autocomplete(district.general, "meeting show", "meeting", "")
    assert choices == []

    # A moderator sees the space but is not part of the audience: the click is refused.
    refused = await district.moderator.click(announcement(district, audience), label="Kanske (0)")
    assert refused.ephemeral
    assert refused.response.content == f"Det här kräver rollen {audience_name}. Du har den inte."
    assert simcord_env.errors == []
    assert labels(announcement(district, audience)) == ["Kommer (1)", "Kanske (0)", "Kan inte (0)"]

    choices = await member.autocomplete(district.general, "meeting show", "meeting", "nätverk")
    assert [c["value"] for c in choices] == [meeting.id]
    assert choices[0]["name"] == "Träff för nätverket · onsdag 7 januari 2026 kl. 18:00"

    # Members and moderators see it in the list; an explicit request for a hidden audience is refused.
    for person in (member, district.moderator):
        listed = await person.slash(district.general, "meeting list")
        assert "Träff för nätverket" in listed.response.embeds[0].description
    refused = await district.member.slash(district.general, "meeting list", audience=audience)
    assert refused.response.content == f"Det här kräver rollen {audience_name}. Du har den inte."
    assert simcord_env.errors == []


async def test_open_meeting_is_announced_publicly_and_creates_a_scheduled_event(simcord_env, simcord_bot, district):
    result = await schedule(
        district, "open", title="Öppet medlemsmöte", location="ABF, Malmö", description="Vi planerar våren."
    )
    assert "Ett Discord-evenemang skapades också." in text_of(result)
    posted = announcement(district, "open")
    assert posted.embeds[0].description == "Vi planerar våren."
    assert district.channels["women"].history() == [] and district.channels["men"].history() == []

    [event] = scheduled_events(simcord_env, district)
    assert event.name == "Öppet medlemsmöte"
    assert event.entity_type == 3  # external
    assert event.entity_metadata == {"location": "ABF, Malmö"}
    assert datetime.fromisoformat(event.scheduled_start_time) == START
    assert datetime.fromisoformat(event.scheduled_end_time) == START + timedelta(minutes=90)
    [meeting] = await stored_meetings(simcord_bot)
    assert meeting.event_id == event.id

    for person in (district.member, district.woman, district.man):
        listed = await person.slash(district.general, "meeting list")
        assert "Öppet medlemsmöte" in listed.response.embeds[0].description
    answered = await district.member.click(posted, label="Kanske (0)")
    assert answered.response.content == "Du har svarat: Kanske.\nKommer: 0 · Kanske: 1 · Kan inte: 0"
    again = await district.member.click(announcement(district, "open"), label="Kanske (1)")
    assert again.response.content.startswith("Du har redan svarat: Kanske.")

    # Moving the meeting moves its Discord event too.
    await district.organiser.slash(
        district.channels["organisers"],
        "meeting edit",
        meeting=meeting.id,
        start="2026-01-09 17:30",
        location="ABF, Lund",
    )
    [event] = scheduled_events(simcord_env, district)
    assert datetime.fromisoformat(event.scheduled_start_time) == datetime(2026, 1, 9, 16, 30, tzinfo=UTC)
    assert event.entity_metadata == {"location": "ABF, Lund"}


def private_voice_channel(env, district, role_name: str, name: str = "röstrum"):
    """A voice channel only the audience role, the moderators and the bot can see."""
    guild = district.guild
    hidden = discord.Permissions(view_channel=True).value
    channel = env.backend.create_channel(
        guild.id,
        name,
        type=discord.ChannelType.voice.value,
        overwrites=[
            Overwrite(target_id=guild.id, type=OverwriteType.ROLE, allow=0, deny=hidden),
            Overwrite(target_id=district.roles[role_name].id, type=OverwriteType.ROLE, allow=hidden, deny=0),
            Overwrite(target_id=district.roles["moderator"].id, type=OverwriteType.ROLE, allow=hidden, deny=0),
            Overwrite(target_id=env.bot.user.id, type=OverwriteType.MEMBER, allow=hidden, deny=0),
        ],
    )
    return ChannelHandle(env, district.guild, channel)


async def test_separatist_meeting_in_its_private_voice_room_gets_a_scheduled_event(simcord_env, simcord_bot, district):
    room = private_voice_channel(simcord_env, district, "women-nonbinary")
    public_room = district.guild.create_voice_channel("allmänt röstrum")
    await simcord_env.settle()
    voice, public_voice = room, public_room

    by = district.moderator
    await schedule(district, "women-nonbinary", by=by, title="Samtal i röstrummet", voice_channel=voice)
    [event] = scheduled_events(simcord_env, district)
    assert event.entity_type == 2 and event.channel_id == room.id
    assert announcement(district).embeds[0].fields[2].value == f"<#{room.id}>"

    # The same audience in a voice room everyone can see: no event.
    await schedule(district, "women-nonbinary", by=by, title="Synlig", voice_channel=public_voice)
    assert len(scheduled_events(simcord_env, district)) == 1
    # The men's audience in the women's room: the room is not private to that audience.
    await schedule(district, "men", by=by, title="Fel rum", voice_channel=voice)
    assert len(scheduled_events(simcord_env, district)) == 1


async def test_members_and_callers_cannot_schedule(simcord_env, simcord_bot, district):
    refused = await district.woman.slash(
        district.general, "meeting schedule", title="x", audience="women-nonbinary", start=START_TEXT
    )
    assert refused.response.content == "Det här kräver rollen organisatör. Du har den inte."
    assert simcord_env.errors == []
    assert await stored_meetings(simcord_bot) == []


@pytest.mark.parametrize(
    ("start", "message"),
    [
        ("2025-12-24 18:00", "”2025-12-24 18:00” har redan varit. Välj en tid som ligger framåt."),
        ("nästa vecka", "Jag förstår inte tiden ”nästa vecka”."),
    ],
)
async def test_invalid_or_past_start_is_explained(simcord_env, simcord_bot, district, start, message):
    result = await schedule(district, start=start)
    assert result.ephemeral
    assert text_of(result).startswith(message)
    assert simcord_env.errors == []
    assert await stored_meetings(simcord_bot) == []
    assert announcement(district) is None


# ---------------------------------------------------------------------- reminders


async def test_a_lead_time_without_words_of_its_own_says_how_long_before(
    simcord_env, simcord_bot, district, monkeypatch
):
    """Changing the default lead times is one line: a lead time the catalog has no own text for (here 2 hours)
    gets the general one."""
    monkeypatch.setattr(planner, "REMINDERS", leadtimes.hours(2))
    await schedule(district, "open", title="Medlemsmöte", location="ABF")
    await district.woman.click(announcement(district, "open"), label="Kommer (0)")

    await advance_to(simcord_env, simcord_bot, START - timedelta(hours=24))
    assert dm_texts(district.woman) == []
    await advance_to(simcord_env, simcord_bot, START - timedelta(hours=2))
    assert dm_texts(district.woman) == [
        f"Påminnelse: ”Medlemsmöte” börjar om 2 timmar, onsdag 7 januari 2026 kl. 18:00 (<t:{STAMP}:R>). Plats: ABF."
    ]


async def test_reminders_24h_and_1h_once_each_also_across_restarts(simcord_env, simcord_bot, district, make_bot):
    await schedule(district, "open", title="Medlemsmöte", location="ABF")
    posted = announcement(district, "open")
    await district.woman.click(posted, label="Kommer (0)")
    await district.member.click(announcement(district, "open"), label="Kanske (0)")
    await district.man.click(announcement(district, "open"), label="Kan inte (0)")
    await district.caller.click(announcement(district, "open"), label="Kommer (1)")
    off = await district.caller.slash(district.general, "meeting reminders", setting="off")
    assert off.response.content == "Klart: du får inga påminnelser om träffar."

    await advance_to(simcord_env, simcord_bot, START - timedelta(hours=24, seconds=1))
    assert dm_texts(district.woman) == []

    await advance_to(simcord_env, simcord_bot, START - timedelta(hours=24))
    expected_day = (
        f"Påminnelse: ”Medlemsmöte” är i morgon, onsdag 7 januari 2026 kl. 18:00 (<t:{STAMP}:R>). Plats: ABF."
    )
    assert dm_texts(district.woman) == [expected_day]
    assert dm_texts(district.member) == [expected_day]
    assert dm_texts(district.man) == [] and dm_texts(district.caller) == []

    restarted = make_bot()
    await simcord_env.restart_bot(restarted)
    await simcord_env.settle()
    await advance_to(simcord_env, restarted, START - timedelta(hours=2))
    assert len(dm_texts(district.woman)) == 1

    await advance_to(simcord_env, restarted, START - timedelta(hours=1))
    hour_text = (
        f"Påminnelse: ”Medlemsmöte” börjar om en timme, onsdag 7 januari 2026 kl. 18:00 (<t:{STAMP}:R>). Plats: ABF."
    )
    assert dm_texts(district.woman) == [expected_day, hour_text]

    again = make_bot()
    await simcord_env.restart_bot(again)
    await simcord_env.settle()
    await advance_to(simcord_env, again, START + timedelta(hours=3))
    assert dm_texts(district.woman) == [expected_day, hour_text]
    assert dm_texts(district.member) == [expected_day, hour_text]
    assert dm_texts(district.caller) == []


async def test_reminder_missed_while_down_is_sent_once_after_restart(simcord_env, simcord_bot, district, make_bot):
    await schedule(district, "women-nonbinary")
    await district.woman.click(announcement(district), label="Kommer (0)")
    # The bot is down across the 24-hour mark (nobody runs the ledger), back 20 hours before.
    await simcord_env.advance_time((START - timedelta(hours=20) - simcord_env.now()).total_seconds())
    restarted = make_bot()
    await simcord_env.restart_bot(restarted)
    await simcord_env.settle()
    assert len(dm_texts(district.woman)) == 1
    assert dm_texts(district.woman)[0].startswith("Påminnelse: ”Kvinnoträff” är i morgon")


async def test_closed_dms_fall_back_to_a_mention_in_the_audience_channel(simcord_env, simcord_bot, district):
    await schedule(district, "women-nonbinary")
    await district.woman.click(announcement(district), label="Kommer (0)")
    dm_id = district.woman.user.dm_channel.id
    simcord_env.inject_error(
        "POST",
        f"/channels/{dm_id}/messages",
        status=403,
        code=50007,
        message="Cannot send messages to this user",
        times=None,
    )
    await advance_to(simcord_env, simcord_bot, START - timedelta(hours=24))
    fallback = district.channels["women"].last_message
    assert fallback.content.startswith(f"{district.woman.mention} Påminnelse: ”Kvinnoträff” är i morgon")
    assert [u.id for u in fallback.mentions] == [district.woman.id]
    assert district.channels["announcements"].history() == []


# ---------------------------------------------------------------------- changes


async def test_cancel_notifies_those_who_answered_and_stops_reminders(simcord_env, simcord_bot, district):
    await schedule(district, "open", title="Medlemsmöte", location="ABF")
    await district.woman.click(announcement(district, "open"), label="Kommer (0)")
    await district.man.click(announcement(district, "open"), label="Kan inte (0)")
    [meeting] = await stored_meetings(simcord_bot)
    assert len(scheduled_events(simcord_env, district)) == 1

    refused = await district.member.slash(district.general, "meeting cancel", meeting=meeting.id)
    assert refused.response.content == "Det här kräver rollen organisatör. Du har den inte."

    result = await district.organiser.slash(district.channels["organisers"], "meeting cancel", meeting=meeting.id)
    assert result.ephemeral
    assert text_of(result) == "Klart: ”Medlemsmöte” är inställd. 1 som har svarat har fått besked."
    assert dm_texts(district.woman) == ["Inställt: ”Medlemsmöte” onsdag 7 januari 2026 kl. 18:00 blir inte av."]
    assert dm_texts(district.man) == []
    posted = announcement(district, "open")
    assert posted.embeds[0].title == "INSTÄLLT: Medlemsmöte"
    assert posted.components == []
    assert scheduled_events(simcord_env, district) == []

    await advance_to(simcord_env, simcord_bot, START + timedelta(hours=1))
    assert len(dm_texts(district.woman)) == 1
    listed = await district.woman.slash(district.general, "meeting list")
    assert listed.response.content == "Det finns inga träffar att visa."
    audit = district.channels["audit"].last_message.embeds[0].description
    assert f"ställde in träff #{meeting.id}" in audit
    assert simcord_env.errors == []


async def test_edit_moves_the_meeting_and_tells_those_who_answered(simcord_env, simcord_bot, district):
    await schedule(district, "women-nonbinary")
    await district.woman.click(announcement(district), label="Kommer (0)")
    [meeting] = await stored_meetings(simcord_bot)
    result = await district.organiser.slash(
        district.channels["organisers"], "meeting edit", meeting=meeting.id, start="2026-01-08 19:00"
    )
    assert result.ephemeral
    assert text_of(result) == "Klart: ”Kvinnoträff” är ändrad. 1 som har svarat har fått besked."
    moved = datetime(2026, 1, 8, 18, 0, tzinfo=UTC)
    stamp = int(moved.timestamp())
    assert dm_texts(district.woman) == [
        f"Ändring: ”Kvinnoträff” är nu torsdag 8 januari 2026 kl. 19:00 (<t:{stamp}:R>). Plats: Meddelas senare."
    ]
    fields = {f.name: f.value for f in announcement(district).embeds[0].fields}
    assert fields["När"].startswith("torsdag 8 januari 2026 kl. 19:00")
    # The reminders follow the new time.
    await advance_to(simcord_env, simcord_bot, START - timedelta(hours=23))
    assert len(dm_texts(district.woman)) == 1
    await advance_to(simcord_env, simcord_bot, moved - timedelta(hours=24))
    assert dm_texts(district.woman)[-1].startswith("Påminnelse: ”Kvinnoträff” är i morgon, torsdag 8 januari")


async def test_a_meeting_moved_close_gets_no_late_day_before_reminder(simcord_env, simcord_bot, district):
    await schedule(district, "women-nonbinary")
    await district.woman.click(announcement(district), label="Kommer (0)")
    [meeting] = await stored_meetings(simcord_bot)
    await advance_to(simcord_env, simcord_bot, datetime(2026, 1, 2, 9, 0, tzinfo=UTC))
    await district.organiser.slash(
        district.channels["organisers"], "meeting edit", meeting=meeting.id, start="2026-01-02 16:00"
    )
    assert len(dm_texts(district.woman)) == 1  # the change notice, no "tomorrow" reminder
    await advance_to(simcord_env, simcord_bot, datetime(2026, 1, 2, 14, 0, tzinfo=UTC))
    assert dm_texts(district.woman)[-1].startswith("Påminnelse: ”Kvinnoträff” börjar om en timme")
    assert len(dm_texts(district.woman)) == 2


async def test_capacity_and_waiting_list(simcord_env, simcord_bot, district):
    await schedule(district, "open", title="Studiecirkel", capacity=1)
    first = await district.woman.click(announcement(district, "open"), label="Kommer (0)")
    assert first.response.content == (
        "Du har svarat: Kommer.\nKommer: 1 · Kanske: 0 · Kan inte: 0\nPlatser: 1 av 1 · Väntelista: 0"
    )
    second = await district.member.click(announcement(district, "open"), label="Kommer (1)")
    assert second.response.content.startswith("Träffen är full. Du står som nummer 1 på väntelistan")
    third = await district.man.click(announcement(district, "open"), label="Kommer (1)")
    assert "nummer 2 på väntelistan" in third.response.content
    fields = {f.name: f.value for f in announcement(district, "open").embeds[0].fields}
    assert fields["Svar"].endswith("Platser: 1 av 1 · Väntelista: 2")

    # The one with a place cannot come after all: the first on the waiting list moves up and is told.
    await district.woman.click(announcement(district, "open"), label="Kan inte (0)")
    assert dm_texts(district.member) == [
        "En plats blev ledig: du har nu en plats på ”Studiecirkel” onsdag 7 januari 2026 kl. 18:00. Välkommen!"
    ]
    assert dm_texts(district.man) == []
    [meeting] = await stored_meetings(simcord_bot)
    seen = await district.organiser.slash(district.channels["organisers"], "meeting attendees", meeting=meeting.id)
    assert seen.ephemeral
    fields = {f.name: f.value for f in seen.response.embeds[0].fields}
    assert fields["Kommer (1)"] == "Sven Medlem"
    assert fields["Väntelista (1)"] == "Erik Medlem"
    assert fields["Kan inte (1)"] == "Fatima Medlem"

    # Raising the capacity lets the next one in.
    await district.organiser.slash(district.channels["organisers"], "meeting edit", meeting=meeting.id, capacity=2)
    assert dm_texts(district.man)[-1].startswith("En plats blev ledig")
    # Attendee names never appear in a public message.
    assert not any("Erik Medlem" in m.content or "Erik Medlem" in str(m.embeds) for m in public_messages(simcord_env))


async def test_attendees_are_for_organisers_only(simcord_env, simcord_bot, district):
    await schedule(district, "open")
    [meeting] = await stored_meetings(simcord_bot)
    refused = await district.woman.slash(district.general, "meeting attendees", meeting=meeting.id)
    assert refused.response.content == "Det här kräver rollen organisatör. Du har den inte."
    assert simcord_env.errors == []


# ---------------------------------------------------------------------- recurrence, calendar, statistics


async def test_recurring_meeting_produces_its_next_occurrence(simcord_env, simcord_bot, district):
    await schedule(district, "men", title="Mansträff", repeat="weekly")
    first = announcement(district, "men")
    assert {f.name: f.value for f in first.embeds[0].fields}["Återkommer"] == "Varje vecka"

    await advance_to(simcord_env, simcord_bot, START - timedelta(minutes=1))
    assert len(announcements(district, "men")) == 1
    await advance_to(simcord_env, simcord_bot, START + timedelta(hours=2))
    history = announcements(district, "men")
    assert len(history) == 2
    following = {f.name: f.value for f in history[-1].embeds[0].fields}
    assert following["När"].startswith("onsdag 14 januari 2026 kl. 18:00")
    first_row, second_row = await stored_meetings(simcord_bot)
    assert second_row.series_id == first_row.id == first_row.series_id
    assert second_row.start_at == START + timedelta(days=7)

    # The new occurrence takes answers and gets its own reminders.
    await district.man.click(history[-1], label="Kommer (0)")
    await advance_to(simcord_env, simcord_bot, START + timedelta(days=6))
    assert dm_texts(district.man)[-1].startswith("Påminnelse: ”Mansträff” är i morgon, onsdag 14 januari")


async def test_monthly_meeting_is_described_by_weekday_position(simcord_env, simcord_bot, district):
    await schedule(district, "women-nonbinary", start="2026-01-13 18:00", repeat="monthly")
    fields = {f.name: f.value for f in announcement(district).embeds[0].fields}
    assert fields["Återkommer"] == "Varje månad, andra tisdagen"


async def test_ics_file_parses_and_has_local_times(simcord_env, simcord_bot, district):
    await schedule(district, "women-nonbinary", location="Kvinnohuset", duration="1h30")
    [meeting] = await stored_meetings(simcord_bot)
    result = await district.woman.slash(district.general, "meeting ics", meeting=meeting.id)
    assert result.ephemeral
    [attachment] = result.response.attachments
    assert attachment.filename == f"meeting-{meeting.id}.ics"
    event = the_event(await attachment.read(), summary="Kvinnoträff", location="Kvinnohuset", start=START_TEXT)
    assert event.decoded("DTSTART") == START
    assert event.decoded("DTEND") == START + timedelta(minutes=90)
    # Outsiders get nothing.
    refused = await district.man.slash(district.general, "meeting ics", meeting=meeting.id)
    assert refused.response.content.startswith("Jag hittar ingen sådan träff")
    assert simcord_env.errors == []


async def test_attendance_feeds_the_years_statistics(simcord_env, simcord_bot, district):
    await schedule(district, "women-nonbinary")
    await schedule(district, "open", title="Öppet möte", start="2026-01-08 18:00")
    await district.woman.click(announcement(district), label="Kommer (0)")
    women_meeting, open_meeting = await stored_meetings(simcord_bot)

    # A separatist meeting's attendance is recorded by a moderator (or an organiser of the audience), and lists
    # members of the audience only.
    amira = district.guild.add_member(
        simcord_env.create_user("amira", global_name="Amira Medlem"), roles=[district.roles["women-nonbinary"]]
    )
    await simcord_env.settle()
    early = await district.moderator.slash(
        district.channels["organisers"], "meeting attendance", meeting=women_meeting.id
    )
    assert early.response.content == "Närvaro kan registreras först när träffen har börjat."

    await advance_to(simcord_env, simcord_bot, START + timedelta(days=2))
    prompt = await district.moderator.slash(
        district.channels["organisers"], "meeting attendance", meeting=women_meeting.id
    )
    assert prompt.ephemeral
    saved = await district.moderator.select(
        prompt.response, [str(district.woman.id), str(amira.id)], custom_id="meeting:attendance"
    )
    assert saved.response.content == "Närvaron på ”Kvinnoträff” är sparad: 2 personer."
    prompt = await district.organiser.slash(
        district.channels["organisers"], "meeting attendance", meeting=open_meeting.id
    )
    await district.organiser.select(prompt.response, [district.member], custom_id="meeting:attendance")

    stats = await district.organiser.slash(district.channels["organisers"], "meeting stats", year=2026)
    assert stats.ephemeral
    fields = {f.name: f.value for f in stats.response.embeds[0].fields}
    assert fields["Kvinnor och ickebinära"] == (
        "Genomförda träffar: 1\nMed registrerad närvaro: 1\nNärvaro totalt: 2\nOlika deltagare: 2"
    )
    assert fields["Öppen för alla medlemmar"].startswith("Genomförda träffar: 1\n")
    assert fields["Mansträff"].startswith("Genomförda träffar: 0\n")
    # Attendance was only ever shown to the organiser.
    assert not any("Fatima" in str(m.embeds) + m.content for m in public_messages(simcord_env))
    assert simcord_env.errors == []


# ---------------------------------------------------------------------- persistence


async def test_rsvp_buttons_keep_working_after_a_restart(simcord_env, simcord_bot, district, make_bot):
    await schedule(district, "women-nonbinary")
    await district.woman.click(announcement(district), label="Kanske (0)")

    restarted = make_bot()
    await simcord_env.restart_bot(restarted)
    await simcord_env.settle()

    answered = await district.woman.click(announcement(district), label="Kommer (0)")
    assert answered.response.content == "Du har svarat: Kommer.\nKommer: 1 · Kanske: 0 · Kan inte: 0"
    assert labels(announcement(district)) == ["Kommer (1)", "Kanske (0)", "Kan inte (0)"]
    refused = await district.moderator.click(announcement(district), label="Kanske (0)")
    assert refused.response.content == "Det här kräver rollen kvinnor och ickebinära. Du har den inte."
    assert simcord_env.errors == []


async def test_list_periods(simcord_env, simcord_bot, district):
    await schedule(district, "open", title="Snart", start="2026-01-03 18:00")
    await schedule(district, "open", title="Om två veckor", start="2026-01-15 18:00")
    await schedule(district, "open", title="Till våren", start="2026-04-15 18:00")

    async def titles(**options) -> list[str]:
        result = await district.member.slash(district.general, "meeting list", **options)
        if not result.response.embeds:
            return []
        return [line for line in result.response.embeds[0].description.split("\n") if line.startswith("**")]

    assert await titles() == ["**Snart** (#1)", "**Om två veckor** (#2)", "**Till våren** (#3)"]
    assert await titles(period="week") == ["**Snart** (#1)"]
    assert await titles(period="month") == ["**Snart** (#1)", "**Om två veckor** (#2)"]
    assert await titles(period="past") == []
    await advance_to(simcord_env, simcord_bot, datetime(2026, 1, 4, tzinfo=UTC))
    assert await titles(period="past") == ["**Snart** (#1)"]
    assert await titles(audience="open", period="week") == []


async def test_an_announcement_that_cannot_be_posted_leaves_no_meeting(simcord_env, simcord_bot, district):
    women = district.channels["women"]
    simcord_env.inject_error(
        "POST", f"/channels/{women.id}/messages", status=403, code=50013, message="Missing Permissions"
    )
    result = await schedule(district, "women-nonbinary")
    assert text_of(result).startswith(f"Jag kan inte skriva i {women.mention}.")
    assert await stored_meetings(simcord_bot) == []
    assert simcord_env.errors == []


async def test_leak_guard_knows_separatist_meeting_titles(simcord_env, simcord_bot, district):
    from tests.support import find_leaks

    await schedule(district, "women-nonbinary", title="Feministisk självförsvarskväll")
    assert await find_leaks(simcord_env, simcord_bot, []) == []
    sent = await simcord_bot.get_channel(district.general.id).send("Feministisk självförsvarskväll")
    assert await find_leaks(simcord_env, simcord_bot, []) == ["separatist meeting title in public message in #allmänt"]
    await sent.delete()
