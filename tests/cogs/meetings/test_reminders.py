"""Reminders the organiser chooses, a text added to them, and a sign-up deadline that closes the answer buttons;
someone who answers after a reminder went out gets it at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from simcord import SetupError
from sqlmodel import select

from bot.ledger import Occurrence
from bot.meetings import planner
from bot.meetings.models import Rsvp
from tests.cogs.meetings.test_meetings import (
    STAMP,
    START,
    announcement,
    dm_texts,
    labels,
    private_voice_channel,
    schedule,
    scheduled_events,
    stored_meetings,
    text_of,
)
from tests.cogs.meetings.test_threads import the_thread, thread_texts
from tests.support import advance_to, stockholm

DAY_BEFORE = f"Påminnelse: ”Kvinnoträff” är i morgon, onsdag 7 januari 2026 kl. 18:00 (<t:{STAMP}:R>)."


def reminder(lead: str, title: str = "Kvinnoträff", when: str = "onsdag 7 januari 2026 kl. 18:00", stamp=STAMP):
    return f"Påminnelse: ”{title}” börjar {lead}, {when} (<t:{stamp}:R>). Plats: Meddelas senare."


async def answers(bot) -> list[tuple[int, str]]:
    async with bot.db.session() as session:
        return [(r.user_id, r.answer) for r in (await session.exec(select(Rsvp).order_by(Rsvp.id))).all()]


async def reminder_keys(bot) -> list[str]:
    async with bot.db.session() as session:
        rows = await session.exec(
            select(Occurrence).where(Occurrence.kind == planner.REMINDER_KIND).order_by(Occurrence.due_at)
        )
        return [row.occurrence_key for row in rows.all()]


# ---------------------------------------------------------------------- chosen reminders


async def test_chosen_reminders_go_out_at_exactly_their_times_and_not_at_the_defaults(
    simcord_env, simcord_bot, district
):
    result = await schedule(district, reminders="2 dagar, 3 h", reminder_text="Ta med fika!")
    assert text_of(result).startswith("Klart: ”Kvinnoträff”")
    await district.woman.click(announcement(district), label="Kommer (0)")
    assert await reminder_keys(simcord_bot) == [f"48h:{STAMP}", f"3h:{STAMP}"]

    await advance_to(simcord_env, simcord_bot, START - timedelta(days=2, seconds=1))
    assert dm_texts(district.woman) == []
    await advance_to(simcord_env, simcord_bot, START - timedelta(days=2))
    two_days = reminder("om 2 dagar") + "\nTa med fika!"
    assert dm_texts(district.woman) == [two_days]

    # Nothing at the default 24 hours before, nor at 1 hour.
    await advance_to(simcord_env, simcord_bot, START - timedelta(hours=3, seconds=1))
    assert dm_texts(district.woman) == [two_days]
    await advance_to(simcord_env, simcord_bot, START - timedelta(hours=3))
    assert dm_texts(district.woman) == [two_days, reminder("om 3 timmar") + "\nTa med fika!"]
    await advance_to(simcord_env, simcord_bot, START + timedelta(hours=2))
    assert len(dm_texts(district.woman)) == 2


async def test_inga_means_no_reminders(simcord_env, simcord_bot, district):
    await schedule(district, reminders="inga")
    await district.woman.click(announcement(district), label="Kommer (0)")
    assert await reminder_keys(simcord_bot) == []
    await advance_to(simcord_env, simcord_bot, START + timedelta(hours=2))
    assert dm_texts(district.woman) == []


async def test_a_chosen_reminder_already_past_at_scheduling_is_skipped(simcord_env, simcord_bot, district):
    # Scheduled five days ahead: a reminder a week before has passed already.
    await schedule(district, start="2026-01-05 18:00", reminders="1 vecka, 1 dag")
    start = datetime(2026, 1, 5, 17, 0, tzinfo=UTC)
    assert await reminder_keys(simcord_bot) == [f"24h:{int(start.timestamp())}"]


async def test_reminders_cross_the_clock_change_as_exact_durations(simcord_env, simcord_bot, district):
    """Summer time starts in Stockholm on 29 March 2026: "2 dagar" before 18:00 on the 30th is 48 hours before,
    17:00 on winter time on the 28th; "3 h" is 15:00 on the day."""
    await schedule(district, start="2026-03-30 18:00", reminders="2 dagar, 3 h")
    await district.woman.click(announcement(district), label="Kommer (0)")
    start = stockholm(2026, 3, 30, 18, 0)
    stamp = int(start.timestamp())
    await advance_to(simcord_env, simcord_bot, stockholm(2026, 3, 28, 16, 59))
    assert dm_texts(district.woman) == []
    await advance_to(simcord_env, simcord_bot, stockholm(2026, 3, 28, 17, 0))
    when = "måndag 30 mars 2026 kl. 18:00"
    assert dm_texts(district.woman) == [reminder("om 2 dagar", when=when, stamp=stamp)]
    await advance_to(simcord_env, simcord_bot, stockholm(2026, 3, 30, 15, 0))
    assert dm_texts(district.woman)[-1] == reminder("om 3 timmar", when=when, stamp=stamp)


async def test_a_chosen_reminder_missed_while_down_is_sent_once_after_restart(
    simcord_env, simcord_bot, district, make_bot
):
    await schedule(district, reminders="2 dagar, 3 h")
    await district.woman.click(announcement(district), label="Kommer (0)")
    # Down across the two-day mark, back a day before.
    await simcord_env.advance_time((START - timedelta(days=1) - simcord_env.now()).total_seconds())
    restarted = make_bot()
    await simcord_env.restart_bot(restarted)
    await simcord_env.settle()
    assert dm_texts(district.woman) == [reminder("om 2 dagar")]
    await advance_to(simcord_env, restarted, START)
    assert dm_texts(district.woman) == [reminder("om 2 dagar"), reminder("om 3 timmar")]


async def test_edit_replans_the_reminders_and_their_text(simcord_env, simcord_bot, district):
    await schedule(district, reminder_text="Ta med fika!")
    await district.woman.click(announcement(district), label="Kommer (0)")
    [meeting] = await stored_meetings(simcord_bot)
    result = await district.organiser.slash(
        district.channels["organisers"],
        "meeting edit",
        meeting=meeting.id,
        reminders="30 min",
        reminder_text="inga",
    )
    assert text_of(result) == "Klart: ”Kvinnoträff” är ändrad. 0 som har svarat har fått besked."
    assert await reminder_keys(simcord_bot) == [f"30m:{STAMP}"]
    await advance_to(simcord_env, simcord_bot, START - timedelta(minutes=31))
    assert dm_texts(district.woman) == []  # new reminders are no news of their own
    await advance_to(simcord_env, simcord_bot, START - timedelta(minutes=30))
    assert dm_texts(district.woman) == [reminder("om 30 minuter")]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"reminders": "3 veckor efter"}, "Jag förstår inte påminnelsetiden ”3 veckor efter”."),
        ({"reminders": "90 dagar"}, "Påminnelsen ”90 dagar” går inte"),
        ({"deadline": "31 februari 12:00"}, "Datumet i ”31 februari 12:00” finns inte i kalendern."),
        ({"deadline": "2026-01-08 12:00"}, "Sista anmälan måste ligga före träffens start."),
    ],
)
async def test_bad_input_when_scheduling_is_explained_and_makes_nothing(
    simcord_env, simcord_bot, district, options, message
):
    result = await schedule(district, **options)
    assert result.ephemeral
    assert text_of(result).startswith(message)
    assert simcord_env.errors == []  # bad input is an ordinary reply
    assert await stored_meetings(simcord_bot) == []
    assert announcement(district) is None


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"reminders": "3 veckor efter"}, "Jag förstår inte påminnelsetiden ”3 veckor efter”."),
        ({"deadline": "31 februari 12:00"}, "Datumet i ”31 februari 12:00” finns inte i kalendern."),
        ({"deadline": "2026-01-07 19:00"}, "Sista anmälan måste ligga före träffens start."),
        ({"start": "2026-01-05 10:00"}, "Sista anmälan måste ligga före träffens start."),
    ],
)
async def test_bad_input_when_editing_changes_nothing(simcord_env, simcord_bot, district, options, message):
    await schedule(district, reminders="2 dagar", deadline="2026-01-06 12:00")
    [before] = await stored_meetings(simcord_bot)
    result = await district.organiser.slash(
        district.channels["organisers"], "meeting edit", meeting=before.id, **options
    )
    assert text_of(result).startswith(message)
    assert simcord_env.errors == []  # bad input is an ordinary reply
    [after] = await stored_meetings(simcord_bot)
    assert (after.start_at, after.reminder_leads, after.deadline_at) == (
        before.start_at,
        before.reminder_leads,
        before.deadline_at,
    )
    assert await reminder_keys(simcord_bot) == [f"48h:{STAMP}"]


# ---------------------------------------------------------------------- the sign-up deadline


async def test_the_deadline_closes_the_buttons_and_a_late_click_is_refused(simcord_env, simcord_bot, district):
    await schedule(district, "open", deadline="2026-01-06 12:00")
    deadline = datetime(2026, 1, 6, 11, 0, tzinfo=UTC)
    fields = {f.name: f.value for f in announcement(district, "open").embeds[0].fields}
    assert fields["Sista anmälan"].startswith("tisdag 6 januari 2026 kl. 12:00")
    await district.woman.click(announcement(district, "open"), label="Kommer (0)")

    await advance_to(simcord_env, simcord_bot, deadline - timedelta(seconds=1))
    assert not any(c.disabled for row in announcement(district, "open").components for c in row.children)

    # A click just after the deadline, on buttons not yet shown closed (a stale client), changes nothing.
    await simcord_env.advance_time(1)
    late = await district.member.click(announcement(district, "open"), label="Kanske (0)")
    assert late.ephemeral
    assert late.response.content == "Anmälan stängde tisdag 6 januari 2026 kl. 12:00. Ditt svar ändrades inte."
    changed = await district.woman.click(announcement(district, "open"), label="Kan inte (0)")
    assert changed.response.content.startswith("Anmälan stängde")
    assert await answers(simcord_bot) == [(district.woman.id, "kommer")]

    # The ledger closes the announcement at the deadline.
    await advance_to(simcord_env, simcord_bot, deadline + timedelta(seconds=1))
    posted = announcement(district, "open")
    assert labels(posted) == ["Kommer (1)", "Kanske (0)", "Kan inte (0)"]
    assert all(c.disabled for row in posted.components for c in row.children)
    with pytest.raises(SetupError):
        await district.member.click(posted, label="Kanske (0)")
    assert await answers(simcord_bot) == [(district.woman.id, "kommer")]
    assert simcord_env.errors == []  # the refusals above were ordinary replies


async def test_a_deadline_missed_while_down_closes_the_buttons_after_restart(
    simcord_env, simcord_bot, district, make_bot
):
    await schedule(district, deadline="2026-01-06 12:00")
    await simcord_env.advance_time((datetime(2026, 1, 6, 15, tzinfo=UTC) - simcord_env.now()).total_seconds())
    restarted = make_bot()
    await simcord_env.restart_bot(restarted)
    await simcord_env.settle()
    assert all(c.disabled for row in announcement(district).components for c in row.children)


async def test_removing_the_deadline_opens_sign_up_again(simcord_env, simcord_bot, district):
    await schedule(district, deadline="2026-01-06 12:00")
    [meeting] = await stored_meetings(simcord_bot)
    await advance_to(simcord_env, simcord_bot, datetime(2026, 1, 6, 12, tzinfo=UTC))
    await district.organiser.slash(district.channels["organisers"], "meeting edit", meeting=meeting.id, deadline="inga")
    posted = announcement(district)
    assert not any(c.disabled for row in posted.components for c in row.children)
    assert "Sista anmälan" not in {f.name for f in posted.embeds[0].fields}
    answered = await district.woman.click(posted, label="Kommer (0)")
    assert answered.response.content.startswith("Du har svarat: Kommer.")


# ---------------------------------------------------------------------- late answers


async def test_a_late_answer_gets_the_reminder_that_went_out_at_once(simcord_env, simcord_bot, district):
    await schedule(district, "open")
    await district.woman.click(announcement(district, "open"), label="Kommer (0)")
    await advance_to(simcord_env, simcord_bot, START - timedelta(hours=20))
    assert dm_texts(district.woman)[0].startswith("Påminnelse: ”Medlemsträff” är i morgon")

    # Kan inte gets nothing; changing it to Kanske brings the reminder at once, once.
    await district.member.click(announcement(district, "open"), label="Kan inte (0)")
    assert dm_texts(district.member) == []
    await district.member.click(announcement(district, "open"), label="Kanske (0)")
    assert dm_texts(district.member) == dm_texts(district.woman)
    await district.member.click(announcement(district, "open"), label="Kommer (1)")
    assert len(dm_texts(district.member)) == 1
    # Someone who had it already gets it no second time.
    await district.woman.click(announcement(district, "open"), label="Kanske (0)")
    assert len(dm_texts(district.woman)) == 1

    # After the hour's reminder the late answer gets that one.
    await advance_to(simcord_env, simcord_bot, START - timedelta(minutes=30))
    await district.caller.click(announcement(district, "open"), label="Kommer (1)")
    assert dm_texts(district.caller) == [dm_texts(district.woman)[-1]]
    assert dm_texts(district.caller)[0].startswith("Påminnelse: ”Medlemsträff” börjar om en timme")


async def test_a_late_answer_with_closed_dms_gets_a_mention_in_the_audience_channel(simcord_env, simcord_bot, district):
    await schedule(district, reminder_text="Samling vid entrén.")
    await advance_to(simcord_env, simcord_bot, START - timedelta(hours=20))
    simcord_env.inject_error(
        "POST",
        f"/channels/{district.woman.user.dm_channel.id}/messages",
        status=403,
        code=50007,
        message="Cannot send messages to this user",
        times=None,
    )
    await district.woman.click(announcement(district), label="Kommer (0)")
    fallback = district.channels["women"].last_message
    assert fallback.content.startswith(f"{district.woman.mention} {DAY_BEFORE}")
    assert fallback.content.endswith("\nSamling vid entrén.")
    assert district.channels["announcements"].history() == []


async def test_no_late_reminder_for_the_waiting_list_or_those_who_switched_reminders_off(
    simcord_env, simcord_bot, district
):
    await schedule(district, "open", capacity=1)
    await district.woman.click(announcement(district, "open"), label="Kommer (0)")
    await advance_to(simcord_env, simcord_bot, START - timedelta(hours=20))
    await district.member.click(announcement(district, "open"), label="Kommer (1)")  # the waiting list
    assert dm_texts(district.member) == []
    await district.caller.slash(district.general, "meeting reminders", setting="off")
    await district.caller.click(announcement(district, "open"), label="Kanske (0)")
    assert dm_texts(district.caller) == []


# ---------------------------------------------------------------------- Discord's "Interested"


async def test_interest_in_an_open_meetings_discord_event_counts_as_kanske(simcord_env, simcord_bot, district):
    await schedule(district, "open")
    [event] = scheduled_events(simcord_env, district)
    await district.man.click(announcement(district, "open"), label="Kommer (0)")

    await district.member.subscribe_event(event.id)
    assert await answers(simcord_bot) == [(district.man.id, "kommer"), (district.member.id, "kanske")]
    assert labels(announcement(district, "open")) == ["Kommer (1)", "Kanske (1)", "Kan inte (0)"]
    # Interest does not turn a Kommer into a Kanske.
    await district.man.subscribe_event(event.id)
    assert (district.man.id, "kommer") in await answers(simcord_bot)

    await district.member.unsubscribe_event(event.id)
    assert await answers(simcord_bot) == [(district.man.id, "kommer")]
    assert labels(announcement(district, "open")) == ["Kommer (1)", "Kanske (0)", "Kan inte (0)"]


async def test_interest_after_a_reminder_brings_it_at_once(simcord_env, simcord_bot, district):
    await schedule(district, "open")
    [event] = scheduled_events(simcord_env, district)
    await advance_to(simcord_env, simcord_bot, START - timedelta(hours=20))
    await district.member.subscribe_event(event.id)
    assert dm_texts(district.member)[0].startswith("Påminnelse: ”Medlemsträff” är i morgon")


async def test_interest_never_answers_a_separatist_meeting(simcord_env, simcord_bot, district):
    """A separatist meeting in its private voice room has a Discord event (seen only by its audience): marking
    interest there answers nothing; its answers are given on its announcement."""
    room = private_voice_channel(simcord_env, district, "women-nonbinary")
    await simcord_env.settle()
    await schedule(district, by=district.moderator, voice_channel=room)
    events = scheduled_events(simcord_env, district)
    assert len(events) == 1
    await district.woman.subscribe_event(events[0].id)
    assert await answers(simcord_bot) == []
    assert labels(announcement(district)) == ["Kommer (0)", "Kanske (0)", "Kan inte (0)"]


async def test_interest_after_the_deadline_answers_nothing(simcord_env, simcord_bot, district):
    await schedule(district, "open", deadline="2026-01-06 12:00")
    [event] = scheduled_events(simcord_env, district)
    await advance_to(simcord_env, simcord_bot, datetime(2026, 1, 6, 12, tzinfo=UTC))
    await district.member.subscribe_event(event.id)
    assert await answers(simcord_bot) == []


async def test_a_late_click_is_refused_in_the_members_language_when_replies_follow_the_member(
    simcord_env, simcord_bot, district
):
    """The closing time is written when the refusal is worded, in the language of the member who reads it."""
    await district.admin.slash(district.general, "setup language", language="sv", replies="member")
    await schedule(district, "open", deadline="2026-01-06 12:00")
    await advance_to(simcord_env, simcord_bot, datetime(2026, 1, 6, 10, 59, 59, tzinfo=UTC))
    await simcord_env.advance_time(1)  # on buttons not yet shown closed
    late = await district.member.click(announcement(district, "open"), label="Kanske (0)")
    assert late.response.content == "Sign-up closed Tuesday 6 January 2026 at 12:00. Your answer was not changed."
    assert await answers(simcord_bot) == []


# ---------------------------------------------------------------------- an edit of the reminders alone


async def test_an_edit_of_the_reminders_alone_is_no_news_to_those_who_answered(simcord_env, simcord_bot, district):
    await schedule(district, reminders="2 dagar")
    await district.woman.click(announcement(district), label="Kommer (0)")
    [meeting] = await stored_meetings(simcord_bot)
    dms, thread = dm_texts(district.woman), the_thread(district)
    posted = thread_texts(thread)

    result = await district.organiser.slash(
        district.channels["organisers"], "meeting edit", meeting=meeting.id, reminders="3 h", reminder_text="Fika!"
    )
    assert text_of(result) == "Klart: ”Kvinnoträff” är ändrad. 0 som har svarat har fått besked."
    assert dm_texts(district.woman) == dms
    assert thread_texts(thread) == posted
    assert await reminder_keys(simcord_bot) == [f"3h:{STAMP}"]

    moved = await district.organiser.slash(
        district.channels["organisers"], "meeting edit", meeting=meeting.id, location="Folkets hus"
    )
    assert text_of(moved) == "Klart: ”Kvinnoträff” är ändrad. 1 som har svarat har fått besked."
    assert len(dm_texts(district.woman)) == len(dms) + 1
    assert len(thread_texts(thread)) == len(posted) + 1
