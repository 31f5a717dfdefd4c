"""Calendar files without Discord: local times with their zone, and where a meeting is held."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from bot.meetings.ics import calendar_file
from bot.meetings.models import Meeting
from tests.support import stockholm

ZONE = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 1, 1, 0, 0, tzinfo=UTC)


def the_event(data: bytes, *, summary: str, location: str, start: str) -> icalendar.Event:
    """The calendar file's one event, checked for its title, its place and its start (`start`, local time, with
    the Stockholm zone in the file)."""
    calendar = icalendar.Calendar.from_ical(data)
    [event] = calendar.walk("VEVENT")
    assert event["SUMMARY"] == summary
    assert event["LOCATION"] == location
    starts = event.decoded("DTSTART")
    assert f"{starts:%Y-%m-%d %H:%M}" == start
    assert str(starts.tzinfo) == "Europe/Stockholm"
    assert calendar.walk("VTIMEZONE")
    return event


def test_ics_has_local_times_with_tzid():
    meeting = Meeting(
        id=7,
        guild_id=1,
        title="Kvinnoträff",
        audience="women-nonbinary",
        start_at=stockholm(2026, 3, 8, 18, 0),
        duration_minutes=90,
        location="Folkets hus, Lund",
        created_by=5,
    )
    data = calendar_file(meeting, zone=ZONE, now=NOW)
    event = the_event(data, summary="Kvinnoträff", location="Folkets hus, Lund", start="2026-03-08 18:00")
    assert f"{event.decoded('DTEND'):%Y-%m-%d %H:%M}" == "2026-03-08 19:30"
    assert b"DTSTART;TZID=Europe/Stockholm:20260308T180000" in data


def event_of(room_name: str | None = None, **fields) -> icalendar.Event:
    """The one event of the calendar file of an open meeting on 8 March with these fields."""
    meeting = Meeting(
        id=8, guild_id=1, title="Samtal", audience="open", start_at=stockholm(2026, 3, 8, 18, 0), **fields
    )
    [event] = icalendar.Calendar.from_ical(calendar_file(meeting, zone=ZONE, now=NOW, room_name=room_name)).walk(
        "VEVENT"
    )
    return event


@pytest.mark.parametrize(
    ("location", "room_name", "expected"),
    [
        (None, "röstrum", "Discord: röstrum"),
        ("Folkets hus", "röstrum", "Discord: röstrum · Folkets hus"),
        (None, None, "Discord"),  # a room the bot cannot see
        ("Folkets hus", None, "Discord · Folkets hus"),
    ],
)
def test_a_meeting_in_a_voice_room_is_placed_on_discord(location, room_name, expected):
    event = event_of(room_name, location=location, voice_channel_id=55, created_by=5)
    assert event["LOCATION"] == expected


def test_a_cancelled_meeting_is_marked_so_and_a_room_name_alone_does_not_place_it():
    event = event_of("röstrum", cancelled=True, created_by=5)
    assert event["STATUS"] == "CANCELLED"
    assert "LOCATION" not in event
