"""A meeting as an iCalendar file, for people's own calendars."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import icalendar

from bot.meetings.models import Meeting
from bot.timeparse import to_local


def calendar_file(
    meeting: Meeting, *, zone: ZoneInfo | str, now: datetime, room_name: str | None = None, domain: str = "rodbot"
) -> bytes:
    """An iCalendar file with the meeting in the server's local time (DTSTART;TZID=...). A meeting in a voice
    room is placed on Discord, in the room `room_name` when the bot knows it, and at its location too if any."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//rödbot//meetings//SV")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.id}-{meeting.guild_id}@{domain}")
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", to_local(meeting.start_at, zone))
    event.add("dtend", to_local(meeting.end_at, zone))
    event.add("summary", meeting.title)
    place = meeting.location
    if meeting.voice_channel_id:
        voice = f"Discord: {room_name}" if room_name is not None else "Discord"
        place = f"{voice} · {place}" if place else voice
    if place:
        event.add("location", place)
    if meeting.description:
        event.add("description", meeting.description)
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
