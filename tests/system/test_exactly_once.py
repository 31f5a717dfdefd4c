"""Exactly once when Discord's answer is lost: the send happened, but the bot saw a timeout, a reset connection or
a 502. Every scheduled post carries a nonce derived from its occurrence; a retry reuses it, and past Discord's
nonce window looks for the message before sending again.

SimCord ignores nonces, so `LostAnswers` stands in front of it as Discord would: each send really happens, the
scripted ones then lose their answer, and a repeated nonce within the window is answered with the first message.
"""

from __future__ import annotations

import errno
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import discord
import pytest
from sqlmodel import select

from bot.ledger import NONCE_WINDOW, Occurrence, OccurrenceSend, Status
from bot.memorial.models import MemorialReminderPost
from tests.cogs.commitments.test_commitments import commitment_id, load_skane
from tests.cogs.meetings.test_meetings import STAMP, START, announcement, dm_texts, schedule, stored_meetings
from tests.cogs.memorial.test_memorial import WOMENS_DAY, WOMENS_DAY_AT, day_by_seed, occurrence, posts, reminders
from tests.support import District, advance_to


class _Response:
    def __init__(self, status: int, reason: str) -> None:
        self.status, self.reason = status, reason


LOST = {
    "timeout": TimeoutError,
    "connection reset": lambda: aiohttp.ClientOSError(errno.ECONNRESET, "Connection reset by peer"),
    "server disconnected": lambda: aiohttp.ServerDisconnectedError(),
    "502": lambda: discord.DiscordServerError(_Response(502, "Bad Gateway"), "502: Bad Gateway"),
}


@dataclass(frozen=True)
class Unsent:
    """A send that fails before it reaches Discord (nothing is created)."""

    error: Callable[[], BaseException]


def unavailable() -> discord.DiscordServerError:
    return discord.DiscordServerError(_Response(503, "Service Unavailable"), "503: Service Unavailable")


@dataclass(frozen=True)
class Send:
    channel_id: int
    nonce: str | None
    enforce_nonce: bool


Script = Callable[[], BaseException] | Unsent | None


class LostAnswers:
    """The bot's sends as Discord answers them. The first ones follow the script: an error factory (the send
    happens, then its answer is lost with that error), `Unsent` (it fails before reaching Discord) or None
    (answered); the rest are answered. A send with `enforce_nonce` whose nonce was seen within `window` creates
    nothing and is answered with the first message, as Discord does."""

    def __init__(self, env: Any, bot: Any, *lost: Script, window=NONCE_WINDOW) -> None:
        self.env, self.window = env, window
        self.lost = list(lost)
        self.sends: list[Send] = []
        self.first: dict[str, tuple[Any, datetime]] = {}
        self.real = bot.http.send_message
        bot.http.send_message = self.send_message

    async def send_message(self, channel_id: int, *, params: Any) -> Any:
        payload = params.payload or {}
        nonce, enforced = payload.get("nonce"), bool(payload.get("enforce_nonce"))
        self.sends.append(Send(int(channel_id), nonce, enforced))
        if self.lost and isinstance(self.lost[0], Unsent):
            raise self.lost.pop(0).error()
        first = self.first.get(nonce) if enforced else None
        if first is not None and self.env.now() - first[1] < self.window:
            answer = first[0]
        else:
            answer = await self.real(channel_id, params=params)
            self.first[nonce] = (answer, self.env.now())
        if self.lost:
            error = self.lost.pop(0)
            if error is not None:
                raise error()  # type: ignore[operator]
        return answer

    def nonces_to(self, channel_id: int) -> list[str | None]:
        assert all(send.enforce_nonce for send in self.sends if send.channel_id == channel_id)
        return [send.nonce for send in self.sends if send.channel_id == channel_id]


def nonce_of(guild_id: int, kind: str, object_id: int | str, key: str, recipient: int | None = None) -> str:
    """The nonce the bot must send: a digest of the occurrence's ledger key (and the recipient of a DM)."""
    ident = f"{guild_id}:{kind}:{object_id}:{key}" + (f":{recipient}" if recipient is not None else "")
    return hashlib.blake2b(ident.encode(), digest_size=12).hexdigest()


async def sends_kept(bot) -> list[OccurrenceSend]:
    async with bot.db.session() as session:
        return list((await session.exec(select(OccurrenceSend))).all())


@pytest.fixture
def district(seen_district: District) -> District:
    """Every test here wants the district the bot saw from the start."""
    return seen_district


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# ---------------------------------------------------------------------------- within the nonce window


@pytest.mark.parametrize("lost", list(LOST))
async def test_a_memorial_post_whose_answer_is_lost_goes_out_once(simcord_env, simcord_bot, district, lost):
    announcements = district.channels["announcements"]
    await advance_to(simcord_env, simcord_bot, WOMENS_DAY_AT - timedelta(minutes=1))
    discord_ = LostAnswers(simcord_env, simcord_bot, LOST[lost])

    await advance_to(simcord_env, simcord_bot, WOMENS_DAY_AT)
    [post] = posts(district, WOMENS_DAY)
    row = await occurrence(simcord_bot, "memorial.post", "2026-03-08")
    assert (row.status, row.attempts, row.last_error) == (Status.PENDING, 1, "OutcomeUnknown")
    assert [s.message_id for s in await sends_kept(simcord_bot)] == [None]

    await advance_to(simcord_env, simcord_bot, WOMENS_DAY_AT + timedelta(hours=1))
    assert posts(district, WOMENS_DAY) == [post]
    assert len(announcements.history()) == 1
    day = await day_by_seed(simcord_bot, "womens-day")
    expected = nonce_of(district.guild.id, "memorial.post", day.id, "2026-03-08")
    assert discord_.nonces_to(announcements.id) == [expected, expected]
    assert len(expected) <= 25
    row = await occurrence(simcord_bot, "memorial.post", "2026-03-08")
    assert (row.status, row.attempts) == (Status.POSTED, 2)
    assert await sends_kept(simcord_bot) == []


async def test_a_memorial_reminder_whose_answer_is_lost_goes_out_once_and_is_kept_up_to_date(
    simcord_env, simcord_bot, district
):
    organisers = district.channels["organisers"]
    discord_ = LostAnswers(simcord_env, simcord_bot, LOST["connection reset"])

    await advance_to(simcord_env, simcord_bot, utc(2026, 2, 22, 9))
    [reminder] = reminders(district, WOMENS_DAY)
    assert reminder.embeds[0].title == "Internationella kvinnodagen om 14 dagar"
    day = await day_by_seed(simcord_bot, "womens-day")
    expected = nonce_of(district.guild.id, "memorial.reminder", day.id, "2026-03-08:14")
    assert discord_.nonces_to(organisers.id) == [expected, expected]
    row = await occurrence(simcord_bot, "memorial.reminder", "2026-03-08:14")
    assert (row.status, row.attempts) == (Status.POSTED, 2)
    # The bot knows the one reminder it posted, so a registration shows on it.
    async with simcord_bot.db.session() as session:
        recorded = (await session.exec(select(MemorialReminderPost))).all()
    assert [(r.channel_id, r.message_id) for r in recorded] == [(organisers.id, reminder.id)]
    shown = await district.organiser.click(reminder, label="Vi ordnar något")
    await district.organiser.submit_modal(shown, {"branch": "Malmö", "what": "Manifestation"})
    [reminder] = reminders(district, WOMENS_DAY)
    assert reminder.embeds[0].fields[0].value.startswith("• **Malmö**: Manifestation")


async def test_meeting_reminders_whose_answers_are_lost_reach_each_person_once(simcord_env, simcord_bot, district):
    await schedule(district, "open", title="Medlemsträff")
    for count, person in enumerate((district.woman, district.member, district.man)):
        await person.click(announcement(district, "open"), label=f"Kommer ({count})")
    # The woman's reminder is sent but its answer times out; the others are answered; then the man's is lost too.
    discord_ = LostAnswers(simcord_env, simcord_bot, LOST["timeout"], None, LOST["502"])

    await advance_to(simcord_env, simcord_bot, START - timedelta(hours=23))
    [meeting] = await stored_meetings(simcord_bot)
    for person in (district.woman, district.member, district.man):
        [text] = dm_texts(person)
        assert text.startswith("Påminnelse: ”Medlemsträff” är i morgon")
        expected = nonce_of(district.guild.id, "meeting.reminder", meeting.id, f"24h:{STAMP}", person.id)
        tries = 2 if person in (district.woman, district.man) else 1
        assert discord_.nonces_to(person.user.dm_channel.id) == [expected] * tries
    row = await occurrence(simcord_bot, "meeting.reminder", f"24h:{STAMP}")
    assert (row.status, row.attempts) == (Status.POSTED, 2)
    assert await sends_kept(simcord_bot) == []


async def test_commitment_digest_and_reminder_whose_answers_are_lost_go_out_once(simcord_env, simcord_bot, district):
    await load_skane(district)
    cid = await commitment_id(simcord_bot, "Genomföra en utbildning i medlemsvård")
    await district.organiser.slash(district.general, "commitment assign", commitment=str(cid), owner=district.member)
    await district.organiser.slash(district.general, "commitment due", commitment=str(cid), date="2026-01-20")
    organisers = district.channels["organisers"]
    updates = len(organisers.history())
    discord_ = LostAnswers(simcord_env, simcord_bot, LOST["502"])

    # Monday 12 January 09:00 local: the digest; Tuesday 13 January 09:00: the owner's reminder.
    await advance_to(simcord_env, simcord_bot, utc(2026, 1, 12, 12))
    discord_.lost.append(LOST["timeout"])
    await advance_to(simcord_env, simcord_bot, utc(2026, 1, 14))
    [digest] = organisers.history()[updates:]
    assert digest.embeds[0].title == "Veckans uppföljning av planen"
    expected = nonce_of(district.guild.id, "commitment.digest", "digest", "2026-01-12")
    assert discord_.nonces_to(organisers.id) == [expected, expected]
    [dm] = dm_texts(district.member)
    assert dm.startswith("Påminnelse: ”Genomföra en utbildning i medlemsvård”")
    expected = nonce_of(district.guild.id, "commitment.due_dm", cid, "due:2026-01-20", district.member.id)
    assert discord_.nonces_to(district.member.user.dm_channel.id) == [expected, expected]
    async with simcord_bot.db.session() as session:
        rows = (await session.exec(select(Occurrence).where(Occurrence.kind.startswith("commitment.")))).all()
    done = {(r.kind, r.occurrence_key): (r.status, r.attempts) for r in rows if r.done_at is not None}
    assert done == {
        ("commitment.digest", "2026-01-05"): (Status.POSTED, 1),
        ("commitment.digest", "2026-01-12"): (Status.POSTED, 2),
        ("commitment.due_dm", "due:2026-01-20"): (Status.POSTED, 2),
    }


async def test_a_recurring_meetings_next_announcement_appears_once_and_answers(simcord_env, simcord_bot, district):
    men = district.channels["men"]
    await schedule(district, "men", title="Mansträff", repeat="weekly")
    # Past the reminders, which are posted in the meeting's thread as well.
    await advance_to(simcord_env, simcord_bot, START - timedelta(minutes=30))
    discord_ = LostAnswers(simcord_env, simcord_bot, LOST["server disconnected"])

    await advance_to(simcord_env, simcord_bot, START + timedelta(hours=2))
    original, following = [m for m in men.history() if m.embeds]  # not the notes of their threads
    first_row, second_row = await stored_meetings(simcord_bot)
    assert original.id == first_row.message_id
    assert second_row.start_at == START + timedelta(days=7)
    assert (second_row.channel_id, second_row.message_id) == (men.id, following.id)
    assert following.embeds[0].footer.text.endswith(f"#{second_row.id}")
    expected = nonce_of(district.guild.id, "meeting.next", first_row.id, f"next:{STAMP}")
    assert discord_.nonces_to(men.id) == [expected, expected]
    row = await occurrence(simcord_bot, "meeting.next", f"next:{STAMP}")
    assert (row.status, row.attempts) == (Status.POSTED, 2)

    # Its buttons answer the meeting that exists, and the announcement shows the answer.
    answered = await district.man.click(following, label="Kommer (0)")
    assert answered.response.content.startswith("Du har svarat: Kommer.")
    assert announcement(district, "men").components[0].children[0].label == "Kommer (1)"


# ---------------------------------------------------------------------------- past the nonce window


async def test_a_retry_past_the_nonce_window_finds_the_post_instead_of_posting_again(
    simcord_env, simcord_bot, district
):
    announcements = district.channels["announcements"]
    await advance_to(simcord_env, simcord_bot, WOMENS_DAY_AT - timedelta(minutes=1))
    # The retry 30 seconds later does not reach Discord; the next comes 90 seconds after the first send, when
    # Discord no longer recognises the nonce (its window is modelled as the bot's): the bot looks first.
    discord_ = LostAnswers(simcord_env, simcord_bot, LOST["timeout"], Unsent(unavailable))
    await advance_to(simcord_env, simcord_bot, WOMENS_DAY_AT)
    [post] = posts(district, WOMENS_DAY)

    await advance_to(simcord_env, simcord_bot, WOMENS_DAY_AT + timedelta(hours=1))
    assert announcements.history() == [post]
    assert len(discord_.sends) == 2, "the third try found the post and sent nothing"
    row = await occurrence(simcord_bot, "memorial.post", "2026-03-08")
    assert (row.status, row.attempts) == (Status.POSTED, 3)
    assert await sends_kept(simcord_bot) == []


async def test_a_retry_past_the_nonce_window_posts_what_never_arrived(simcord_env, simcord_bot, district):
    announcements = district.channels["announcements"]
    await advance_to(simcord_env, simcord_bot, WOMENS_DAY_AT - timedelta(minutes=1))
    discord_ = LostAnswers(simcord_env, simcord_bot)
    # Two 502s that Discord answered before creating anything: the bot cannot tell them from lost answers.
    simcord_env.inject_error("POST", f"/channels/{announcements.id}/messages", status=502, times=2)

    await advance_to(simcord_env, simcord_bot, WOMENS_DAY_AT + timedelta(hours=1))
    [post] = announcements.history()
    assert post.created_at == WOMENS_DAY_AT + timedelta(seconds=90)
    assert len(set(discord_.nonces_to(announcements.id))) == 1
    row = await occurrence(simcord_bot, "memorial.post", "2026-03-08")
    assert (row.status, row.attempts) == (Status.POSTED, 3)


async def test_a_reminder_rendered_anew_past_the_window_is_still_recognised(simcord_env, simcord_bot, district):
    """Between the lost answer and the retry a branch registers (through the earlier reminder's button): the
    retry renders a different reminder, yet finds the one that went out, and keeps that one up to date."""
    organisers = district.channels["organisers"]
    await advance_to(simcord_env, simcord_bot, utc(2026, 2, 22, 9))
    [earlier] = reminders(district, WOMENS_DAY)
    discord_ = LostAnswers(simcord_env, simcord_bot, LOST["502"])
    await advance_to(simcord_env, simcord_bot, utc(2026, 3, 5, 8))
    assert len(reminders(district, WOMENS_DAY)) == 2
    shown = await district.organiser.click(earlier, label="Vi ordnar något")
    await district.organiser.submit_modal(shown, {"branch": "Lund", "what": "Bokbord"})
    discord_.lost.append(Unsent(unavailable))

    await advance_to(simcord_env, simcord_bot, utc(2026, 3, 5, 9))
    earlier, later = organisers.history()
    assert later.embeds[0].title == "Internationella kvinnodagen om 3 dagar"
    assert len(discord_.sends) == 2, "the third try found the reminder and sent nothing"
    row = await occurrence(simcord_bot, "memorial.reminder", "2026-03-08:3")
    assert (row.status, row.attempts) == (Status.POSTED, 3)
    shown = await district.moderator.click(later, label="Vi ordnar något")
    await district.moderator.submit_modal(shown, {"branch": "Ystad", "what": "Möte"})
    earlier, later = reminders(district, WOMENS_DAY)
    assert "**Lund**: Bokbord" in later.embeds[0].fields[0].value
    assert "**Ystad**: Möte" in later.embeds[0].fields[0].value
