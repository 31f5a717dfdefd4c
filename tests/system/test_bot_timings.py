"""The bot keeps how long each interaction's handler took: commands, autocomplete, buttons (for logs, `make bench`)."""

from __future__ import annotations


async def test_commands_autocomplete_and_buttons_are_timed_by_name(simcord_env, simcord_bot, district):
    await district.organiser.slash(
        district.channels["organisers"],
        "meeting schedule",
        audience="open",
        title="Medlemsträff",
        start="2026-01-07 18:00",
    )
    await district.organiser.autocomplete(district.general, "meeting show", "meeting", "Medlem")
    posted = district.channels["announcements"].last_message
    answered = await district.member.click(posted, label="Kommer (0)")
    assert answered.response.content.startswith("Du har svarat: Kommer.")

    timings = simcord_bot.timings
    assert {"meeting schedule", "autocomplete:meeting show", "component:meeting:rsvp:kommer"} <= set(timings)
    assert len(timings["component:meeting:rsvp:kommer"]) == 1
    assert all(0 < seconds < 30 for found in timings.values() for seconds in found)
