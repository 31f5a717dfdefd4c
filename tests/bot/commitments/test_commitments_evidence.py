"""Evidence from the other features: meetings held (by audience or title) and a phone campaign's progress."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.campaigns.models import Attempt, Campaign, Contact
from bot.commitments import evidence
from bot.commitments.models import Link
from bot.db import Database
from bot.i18n import stored_text
from bot.meetings.models import Attendance, Meeting

GUILD = 77
NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)


@pytest.fixture
async def db(settings, monkeypatch):
    monkeypatch.setattr("bot.clock.now", lambda: NOW)
    database = Database(settings.database_url)
    await database.migrate()
    yield database
    await database.dispose()


def meeting(title: str, audience: str, days: int, *, cancelled: bool = False, guild_id: int = GUILD) -> Meeting:
    return Meeting(
        guild_id=guild_id,
        title=title,
        audience=audience,
        start_at=NOW + timedelta(days=days),
        cancelled=cancelled,
        created_by=1,
    )


async def test_meetings_held_are_counted_with_their_attendance(db):
    async with db.session() as session:
        held = [
            meeting("Träff för kvinnor och ickebinära", "women-nonbinary", -30),
            meeting("Träff för kvinnor och ickebinära", "women-nonbinary", -2),
        ]
        others = [
            meeting("Inställd träff", "women-nonbinary", -10, cancelled=True),
            meeting("Kommande träff", "women-nonbinary", 5),
            meeting("Mansträff", "men", -3),
            meeting("Annan server", "women-nonbinary", -3, guild_id=GUILD + 1),
        ]
        session.add_all(held + others)
        await session.flush()
        for user_id in (10, 11, 12):
            session.add(Attendance(guild_id=GUILD, meeting_id=held[0].id, user_id=user_id, recorded_by=1))
        session.add(Attendance(guild_id=GUILD, meeting_id=held[1].id, user_id=10, recorded_by=1))
        session.add(Attendance(guild_id=GUILD, meeting_id=others[2].id, user_id=13, recorded_by=1))

    async with db.session() as session:
        by_audience, by_title = await evidence.evidence_for(
            GUILD,
            [
                Link(guild_id=GUILD, commitment_id=1, kind="meeting_audience", value="women-nonbinary"),
                Link(guild_id=GUILD, commitment_id=1, kind="meeting_title", value="mansträff"),
            ],
            session=session,
            vault=None,
        )
    assert (by_audience.meetings, by_audience.values["attended"]) == (2, 4)
    assert by_audience.text("sv") == "träffar för kvinnor och ickebinära: 2 möten hållna, 4 närvarande"
    assert by_audience.text("en").startswith("meetings for women and non-binary members: 2 ")
    # A title link counts open meetings only: the men's meeting called "Mansträff" is not counted.
    assert (by_title.meetings, by_title.values["attended"]) == (0, 0)
    assert stored_text(by_title.key, "sv", by_title.values) == "mansträff: 0 öppna möten hållna, 0 närvarande"


async def test_a_title_link_never_counts_separatist_meetings(db):
    """Probing a separatist meeting's title by linking substrings of it finds nothing; open meetings count."""
    async with db.session() as session:
        session.add_all(
            [
                meeting("Hemlig stödgrupp", "women-nonbinary", -5),
                meeting("Hemlig mansgrupp", "men", -5),
                meeting("Öppen studiecirkel", "open", -5),
                meeting("Öppen studiecirkel", "open", -12),
            ]
        )
    async with db.session() as session:
        probes = await evidence.evidence_for(
            GUILD,
            [
                Link(guild_id=GUILD, commitment_id=1, kind="meeting_title", value=words)
                for words in ("hemlig", "stödgrupp", "grupp", "studiecirkel")
            ],
            session=session,
            vault=None,
        )
    assert [found.meetings for found in probes] == [0, 0, 0, 2]
    assert stored_text(probes[3].key, "sv", probes[3].values) == "studiecirkel: 2 öppna möten hållna, 0 närvarande"


async def test_a_campaign_shows_its_progress_by_name_or_number(db):
    async with db.session() as session:
        campaign = Campaign(guild_id=GUILD, name="Vårens ringkampanj")
        session.add(campaign)
        await session.flush()
        outcomes = ["answered", "answered", "no_answer", None]
        for number, outcome in enumerate(outcomes):
            contact = Contact(
                guild_id=GUILD, campaign_id=campaign.id, row_number=number, available_at=NOW, last_outcome=outcome
            )
            session.add(contact)
            await session.flush()
            if outcome:
                session.add(
                    Attempt(
                        guild_id=GUILD,
                        campaign_id=campaign.id,
                        contact_id=contact.id,
                        caller_id=5,
                        claimed_at=NOW,
                        outcome=outcome,
                        recorded_at=NOW,
                    )
                )
        campaign_id = campaign.id

    async with db.session() as session:
        by_name, by_number, missing = await evidence.evidence_for(
            GUILD,
            [
                Link(guild_id=GUILD, commitment_id=1, kind="campaign", value="vårens ringkampanj"),
                Link(guild_id=GUILD, commitment_id=1, kind="campaign", value=str(campaign_id)),
                Link(guild_id=GUILD, commitment_id=1, kind="campaign", value="Finns inte"),
            ],
            session=session,
            vault=None,
        )
    assert by_name == by_number
    assert stored_text(by_name.key, "sv", by_name.values) == (
        "Ringkampanjen Vårens ringkampanj: 3 samtal, 2 av 4 kontakter nådda"
    )
    assert stored_text(missing.key, "sv", missing.values) == "Finns inte: inget underlag tillgängligt"


async def test_a_kind_without_provider_is_shown_as_unavailable(db):
    async with db.session() as session:
        [found] = await evidence.evidence_for(
            GUILD, [Link(guild_id=GUILD, commitment_id=1, kind="unknown", value="x")], session=session, vault=None
        )
    assert found.key == "commitments.evidence.unavailable" and found.meetings == 0
