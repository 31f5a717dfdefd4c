"""More evidence that counts itself: the branches that registered an activity for a memorial day, a campaign's
calls with a chosen answer to a survey question, the meetings held of a series."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.campaigns.crypto import Vault
from bot.campaigns.models import Attempt, Campaign, Contact
from bot.commitments.models import Link
from bot.memorial import service as memorial_service
from bot.memorial.models import MemorialDay
from tests.cogs.commitments.test_commitments import commitment_id, load_skane
from tests.cogs.commitments.test_targets import CONTACT, OPPOSITION, TRAINING, fields_of
from tests.cogs.meetings.test_meetings import schedule
from tests.conftest import TEST_DATA_KEY
from tests.support import advance_to

QUESTION = "Vill du veta mer om medlemskap?"
YES = "Ja, gärna mer information"
NO = "Nej tack, inte just nu"


@pytest.fixture
def district(seen_district):
    """The district the bot saw from the start: it has the memorial days of the plan."""
    return seen_district


async def test_a_memorial_day_commitment_counts_the_branches_that_registered_and_a_parent_rolls_up_its_steps(
    simcord_env, simcord_bot, district
):
    await load_skane(district)
    cid = await commitment_id(simcord_bot, CONTACT)
    parent = await commitment_id(simcord_bot, OPPOSITION)
    training = await commitment_id(simcord_bot, TRAINING)
    async with simcord_bot.db.session() as session:
        day = (await session.exec(select(MemorialDay).where(MemorialDay.name == "Internationella kvinnodagen"))).one()

    offered = await district.organiser.autocomplete(
        district.general, "commitment link", "value", "kvinno", kind="memorial_day"
    )
    assert [(c["name"], c["value"]) for c in offered] == [
        ("Internationella kvinnodagen · söndag 8 mars 2026", str(day.id))
    ]
    # Nobody who may not link gets the days suggested.
    assert (
        await district.member.autocomplete(district.general, "commitment link", "value", "", kind="memorial_day") == []
    )

    linked = await district.organiser.slash(
        district.general, "commitment link", commitment=str(cid), kind="memorial_day", value=str(day.id)
    )
    assert linked.response.content == f"”{CONTACT}” är nu kopplat till minnesdagen: Internationella kvinnodagen."
    await district.organiser.slash(
        district.general, "commitment target", commitment=str(cid), amount=10, unit="associations"
    )
    assert (await fields_of(district, cid))["Framsteg"] == "0 av 10 partiföreningar · 0 %"

    async def register(year: int, organiser: int, branch: str) -> None:
        async with simcord_bot.db.session() as session:
            await memorial_service.register(
                session=session,
                guild_id=district.guild.id,
                day_id=day.id,
                year=year,
                organiser_id=organiser,
                branch=branch,
                what="Manifestation på torget",
            )

    # The plan is for 2023: the branches registered for that year's occurrence count, each branch once.
    await register(2023, district.organiser.id, "Lund")
    await register(2023, district.organiser.id, "Malmö")
    await register(2023, district.moderator.id, "lund ")
    await register(2023, district.moderator.id, "Ystad")
    await register(2026, district.organiser.id, "Trelleborg")
    fields = await fields_of(district, cid)
    assert fields["Framsteg"] == "3 av 10 partiföreningar · 30 %"
    assert fields["Underlag"] == "Internationella kvinnodagen 2023: 3 partiföreningar har anmält en aktivitet"

    # The memorial-day commitment is a step of another, weighing 2; a second step, done, weighs 1.
    await district.organiser.slash(
        district.general, "commitment step", commitment=str(cid), parent=str(parent), weight=2
    )
    made = await district.organiser.slash(
        district.general, "commitment step", commitment=str(training), parent=str(parent)
    )
    assert made.response.content == (
        f"Sparat: ”{TRAINING}” är nu ett delmål i ”{OPPOSITION}” med vikten 1. "
        f"”{OPPOSITION}” har nu kommit så här långt: 0 av 2 delmål klara · 20 %."
    )
    await district.organiser.slash(district.general, "commitment update", commitment=str(training), status="klar")
    fields = await fields_of(district, parent)
    assert fields["Framsteg"] == "1 av 2 delmål klara · 53 %"  # (2 · 30 + 100) / 3
    assert fields["Delmål"] == (
        f"`#{cid}` 📋 {CONTACT} — planerad · vikt 2 · 3 av 10 partiföreningar · 30 %\n"
        f"`#{training}` ✅ {TRAINING} — klar · vikt 1"
    )
    await register(2023, district.organiser.id, "Kristianstad")
    assert (await fields_of(district, parent))["Framsteg"] == "1 av 2 delmål klara · 60 %"  # (2 · 40 + 100) / 3
    assert simcord_env.errors == []


async def _campaign_with_answers(simcord_env, simcord_bot, district) -> Campaign:
    vault = Vault(TEST_DATA_KEY)
    async with simcord_bot.db.session() as session:
        campaign = Campaign(guild_id=district.guild.id, name="Vårens ringkampanj", questions=["Kommer du?", QUESTION])
        session.add(campaign)
        await session.flush()
        answers = [YES, "  ja, GÄRNA mer   information", NO, None, YES]
        for n, answer in enumerate(answers):
            contact = Contact(
                guild_id=district.guild.id, campaign_id=campaign.id, row_number=n, available_at=simcord_env.now()
            )
            session.add(contact)
            await session.flush()
            session.add(
                Attempt(
                    guild_id=district.guild.id,
                    campaign_id=campaign.id,
                    contact_id=contact.id,
                    caller_id=district.caller.id,
                    claimed_at=simcord_env.now(),
                    # the last one is being called: no call made yet, its answer not counted
                    outcome="answered" if n < 4 else None,
                    sealed_answers=vault.seal({QUESTION: answer, "Kommer du?": "Kanske"}) if answer else None,
                )
            )
    return campaign


async def test_a_campaign_survey_answer_link_counts_the_calls_with_that_answer_and_never_shows_it(
    simcord_env, simcord_bot, district, monkeypatch
):
    await load_skane(district)
    cid = await commitment_id(simcord_bot, CONTACT)
    campaign = await _campaign_with_answers(simcord_env, simcord_bot, district)

    offered = await district.organiser.autocomplete(
        district.general, "commitment link", "value", "vår", kind="survey_answer"
    )
    assert [c["value"] for c in offered] == ["Vårens ringkampanj"]
    questions = await district.organiser.autocomplete(
        district.general, "commitment link", "question", "", kind="survey_answer", value="Vårens ringkampanj"
    )
    assert [(c["name"], c["value"]) for c in questions] == [("Kommer du?", "0"), (QUESTION, "1")]

    linked = await district.organiser.slash(
        district.general,
        "commitment link",
        commitment=str(cid),
        kind="survey_answer",
        value="Vårens ringkampanj",
        question="1",
        answer=YES,
    )
    assert linked.ephemeral
    assert linked.response.content == (
        f"”{CONTACT}” räknar nu samtalen i ringkampanjen Vårens ringkampanj där svaret på frågan ”{QUESTION}” "
        f"är ”{YES}”."
    )
    async with simcord_bot.db.session() as session:
        [link] = (await session.exec(select(Link).where(Link.commitment_id == cid))).all()
    assert link.value.startswith(f"{campaign.id}:1:")
    assert "gärna" not in link.value.casefold()  # the answer is not stored in the clear

    await district.organiser.slash(district.general, "commitment target", commitment=str(cid), amount=4, unit="calls")
    fields = await fields_of(district, cid)
    assert fields["Framsteg"] == "2 av 4 samtal · 50 %"
    assert fields["Underlag"] == (
        f"Ringkampanjen Vårens ringkampanj, frågan ”{QUESTION}”: 2 samtal med det valda svaret"
    )
    report = await district.organiser.slash(district.general, "commitment report")
    text = (await report.response.attachments[0].read()).decode()
    assert "2 samtal med det valda svaret" in text
    assert YES not in text and NO not in text

    # Without the data key the answers cannot be read: the count is unavailable, and says so.
    monkeypatch.setattr(simcord_bot, "vault", None)
    fields = await fields_of(district, cid)
    assert fields["Underlag"] == (
        f"Ringkampanjen Vårens ringkampanj, frågan ”{QUESTION}”: kan inte räknas, nyckeln till svaren saknas"
    )
    assert fields["Framsteg"] == "0 av 4 samtal · 0 %"
    assert simcord_env.errors == []


async def test_a_series_link_counts_the_meetings_held_of_the_series(simcord_env, simcord_bot, district):
    await load_skane(district)
    cid = await commitment_id(simcord_bot, OPPOSITION)
    await schedule(district, "open", title="Studiecirkel", start="2026-01-07 18:00", repeat="weekly")
    await schedule(district, "open", title="Studiecirkel extra", start="2026-01-08 18:00")
    offered = await district.organiser.autocomplete(
        district.general, "commitment link", "value", "", kind="meeting_series"
    )
    assert len(offered) == 1 and offered[0]["name"].endswith(" Studiecirkel")
    series = offered[0]["value"]
    linked = await district.organiser.slash(
        district.general, "commitment link", commitment=str(cid), kind="meeting_series", value=series
    )
    assert linked.response.content == f"”{OPPOSITION}” är nu kopplat till mötesserien: Studiecirkel."
    await district.organiser.slash(
        district.general, "commitment target", commitment=str(cid), amount=4, unit="meetings"
    )
    await advance_to(simcord_env, simcord_bot, datetime(2026, 1, 22, 12, tzinfo=UTC))
    fields = await fields_of(district, cid)
    # 7, 14 and 21 January held; the meeting outside the series is not counted
    assert fields["Underlag"] == "Mötesserien Studiecirkel: 3 möten hållna, 0 närvarande"
    assert fields["Framsteg"] == "3 av 4 träffar · 75 %"
    assert simcord_env.errors == []
