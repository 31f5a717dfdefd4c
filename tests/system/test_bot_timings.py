"""The bot keeps how long each interaction's handler took: commands, autocomplete, buttons (for logs, `make bench`)."""

from __future__ import annotations

from tests.cogs.meetings.test_meetings import announcement, schedule


async def test_commands_autocomplete_and_buttons_are_timed_by_name(simcord_env, simcord_bot, district):
    await schedule(district, "open")
    await district.organiser.autocomplete(district.general, "meeting show", "meeting", "Medlem")
    answered = await district.member.click(announcement(district, "open"), label="Kommer (0)")
    assert answered.response.content.startswith("Du har svarat: Kommer.")

    timings = simcord_bot.timings
    assert {"meeting schedule", "autocomplete:meeting show", "component:meeting:rsvp:kommer"} <= set(timings)
    assert len(timings["component:meeting:rsvp:kommer"]) == 1
    assert all(0 < seconds < 30 for found in timings.values() for seconds in found)
