"""Commitments that count themselves: a measurable target, progress counted from the meetings held and the calls
made, progress typed where nothing counts, and whether each commitment keeps pace as time passes."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.campaigns.models import Attempt, Campaign, Contact
from bot.commitments.models import Commitment, Update
from tests.cogs.commitments.test_commitments import commitment_id, load_skane, pdf_words
from tests.cogs.meetings.test_meetings import schedule
from tests.support import advance_to

OPPOSITION = "Arrangera träffar med fokus på oppositionsarbete med partiföreningar"
TRAINING = "Genomföra en utbildning i medlemsvård"
CONTACT = "Öka kontakten med partiföreningar"


async def fields_of(district, cid: int) -> dict[str, str]:
    shown = await district.member.slash(district.general, "commitment show", commitment=str(cid))
    return {f.name: f.value for f in shown.response.embeds[0].fields}


async def line_of(district, cid: int) -> str:
    listed = await district.member.slash(district.general, "commitment list", status="planerad")
    pages = [listed.response.embeds[0].description]
    while f"`#{cid}`" not in pages[-1]:
        listed = await district.member.click(listed.response, label="Nästa")
        pages.append(listed.response.embeds[0].description)
    return next(line for line in pages[-1].split("\n") if line.startswith(f"`#{cid}`"))


async def test_a_target_of_four_meetings_counts_itself_from_the_open_meetings_held(simcord_env, simcord_bot, district):
    await load_skane(district)
    cid = await commitment_id(simcord_bot, OPPOSITION)
    await district.organiser.slash(
        district.general, "commitment link", commitment=str(cid), kind="meeting_title", value="oppositionsträff"
    )
    await district.organiser.slash(district.general, "commitment due", commitment=str(cid), date="2026-03-31")
    set_target = await district.organiser.slash(
        district.general, "commitment target", commitment=str(cid), amount=4, unit="meetings"
    )
    assert set_target.ephemeral
    assert set_target.response.content == (
        f"Sparat: målet för ”{OPPOSITION}” är 4 träffar. "
        "Underlaget som är kopplat räknar framstegen: 0 av 4 träffar · 0 %."
    )
    audit = district.channels["audit"].last_message.embeds[0].description
    assert f"satte målet för åtagande #{cid} ”{OPPOSITION}” till 4 (träffar)" in audit
    async with simcord_bot.db.session() as session:
        row = await session.get(Commitment, cid)
        assert (row.target_amount, row.target_unit) == (4, "meetings")

    for day in ("2026-01-14", "2026-01-28", "2026-02-11", "2026-02-25"):
        await schedule(district, "open", title=f"Oppositionsträff {day}", start=f"{day} 18:00")
    # A separatist meeting with the words in its title is not counted by a title link, nor named anywhere.
    await schedule(district, "women-nonbinary", title="Oppositionsträff för kvinnor", start="2026-01-20 18:00")

    fields = await fields_of(district, cid)
    assert fields["Framsteg"] == "0 av 4 träffar · 0 %"
    assert fields["Läge"] == "🟢 i fas"

    await advance_to(simcord_env, simcord_bot, datetime(2026, 1, 29, 12, tzinfo=UTC))
    fields = await fields_of(district, cid)
    assert fields["Framsteg"] == "2 av 4 träffar · 50 %"
    assert fields["Underlag"] == "oppositionsträff: 2 öppna möten hållna, 0 närvarande"
    assert fields["Läge"] == "🟢 i fas"
    assert await line_of(district, cid) == (
        f"`#{cid}` 📋 **{OPPOSITION}** — planerad · 2 av 4 träffar · 50 % · 🟢 i fas · senast tisdag 31 mars 2026"
    )

    await advance_to(simcord_env, simcord_bot, datetime(2026, 2, 26, 12, tzinfo=UTC))
    fields = await fields_of(district, cid)
    assert fields["Framsteg"] == "4 av 4 träffar · 100 %"
    assert fields["Läge"] == "🟢 i fas"
    async with simcord_bot.db.session() as session:
        assert (await session.exec(Update.__table__.select())).all() == []  # nobody typed any progress

    # Where the evidence counts, typing percent is refused.
    typed = await district.organiser.slash(district.general, "commitment progress", commitment=str(cid), percent=10)
    assert typed.response.content == (
        f"”{OPPOSITION}” räknar sina framsteg själv ur underlaget som är kopplat till det. Det behövs inga procent."
    )
    assert simcord_env.errors == []  # a refusal is an ordinary reply


async def test_a_campaign_linked_commitment_follows_the_calls(simcord_env, simcord_bot, district):
    await load_skane(district)
    calls_id = await commitment_id(simcord_bot, CONTACT)
    answered_id = await commitment_id(simcord_bot, TRAINING)
    async with simcord_bot.db.session() as session:
        campaign = Campaign(guild_id=district.guild.id, name="Vårens ringkampanj")
        session.add(campaign)
        await session.flush()
        contacts = [
            Contact(guild_id=district.guild.id, campaign_id=campaign.id, row_number=n, available_at=simcord_env.now())
            for n in range(4)
        ]
        session.add_all(contacts)
        await session.flush()

    async def call(contact: Contact, outcome: str | None) -> None:
        async with simcord_bot.db.session() as session:
            session.add(
                Attempt(
                    guild_id=district.guild.id,
                    campaign_id=contact.campaign_id,
                    contact_id=contact.id,
                    caller_id=district.caller.id,
                    claimed_at=simcord_env.now(),
                    outcome=outcome,
                )
            )

    for cid, unit in ((calls_id, "calls"), (answered_id, "answered_calls")):
        await district.organiser.slash(
            district.general, "commitment link", commitment=str(cid), kind="campaign", value="vårens ringkampanj"
        )
        await district.organiser.slash(district.general, "commitment target", commitment=str(cid), amount=10, unit=unit)

    await call(contacts[0], "answered")
    await call(contacts[1], "no_answer")
    await call(contacts[2], None)  # being called: not yet a call made
    assert (await fields_of(district, calls_id))["Framsteg"] == "2 av 10 samtal · 20 %"
    assert (await fields_of(district, answered_id))["Framsteg"] == "1 av 10 besvarade samtal · 10 %"

    for contact in contacts:
        await call(contact, "answered")
    assert (await fields_of(district, calls_id))["Framsteg"] == "6 av 10 samtal · 60 %"
    assert (await fields_of(district, answered_id))["Framsteg"] == "5 av 10 besvarade samtal · 50 %"

    # The year-end report gives the progress against each target.
    report = await district.organiser.slash(district.general, "commitment report")
    text = (await report.response.attachments[0].read()).decode()
    assert f"### {CONTACT}\n\nStatus: **planerad**\nFramsteg: 6 av 10 samtal · 60 %\n" in text
    assert f"### {TRAINING}\n\nStatus: **planerad**\nFramsteg: 5 av 10 besvarade samtal · 50 %\n" in text
    pdf = await district.organiser.slash(district.general, "commitment report", format="pdf")
    assert "Framsteg: 6 av 10 samtal · 60 %" in pdf_words(await pdf.response.attachments[0].read())


async def test_a_member_who_does_not_own_it_cannot_set_its_target(simcord_env, simcord_bot, district):
    await load_skane(district)
    cid = await commitment_id(simcord_bot, TRAINING)
    refused = await district.man.slash(
        district.general, "commitment target", commitment=str(cid), amount=3, unit="trainings"
    )
    assert refused.response.content == (
        "Bara den som är ansvarig för åtagandet, organisatörer och moderatorer kan uppdatera det."
    )
    assert simcord_env.errors == []
    await district.organiser.slash(district.general, "commitment assign", commitment=str(cid), owner=district.man)
    allowed = await district.man.slash(
        district.general, "commitment target", commitment=str(cid), amount=3, unit="trainings"
    )
    assert allowed.response.content == (
        f"Sparat: målet för ”{TRAINING}” är 3 utbildningar. Koppla möten eller en ringkampanj med /åtagande koppla "
        "så räknas framstegen av sig själva, eller skriv in dem med /åtagande framsteg."
    )


async def test_pace_changes_as_time_passes_without_progress_and_the_digest_leads_with_what_is_behind(
    simcord_env, simcord_bot, district
):
    await load_skane(district)
    cid = await commitment_id(simcord_bot, TRAINING)
    loose = await commitment_id(simcord_bot, CONTACT)
    await district.organiser.slash(district.general, "commitment assign", commitment=str(cid), owner=district.member)
    await district.organiser.slash(district.general, "commitment due", commitment=str(cid), date="2026-04-30")
    await district.organiser.slash(
        district.general, "commitment target", commitment=str(cid), amount=4, unit="trainings"
    )
    typed = await district.member.slash(
        district.general, "commitment progress", commitment=str(cid), percent=50, note="Två utbildningar hållna"
    )
    assert typed.ephemeral
    assert typed.response.content == f"Sparat: ”{TRAINING}” är klart till 50 %."
    assert district.channels["organisers"].last_message.content == (
        f"📈 {TRAINING} — 50 %, uppdaterat av {district.member.mention}: ”Två utbildningar hållna”"
    )
    async with simcord_bot.db.session() as session:
        [update] = (await session.exec(Update.__table__.select())).all()
    assert (update.percent, update.note, update.new_status) == (50, "Två utbildningar hållna", None)
    # No due date, no owner, a plan for a year gone by: its time is up and nothing is done.
    await district.organiser.slash(
        district.general, "commitment target", commitment=str(loose), amount=5, unit="associations"
    )

    fields = await fields_of(district, cid)
    assert fields["Framsteg"] == "50 % av 4 utbildningar"
    assert fields["Läge"] == "🟢 i fas"
    assert (
        fields["Uppföljning"] == f"torsdag 1 januari 2026 · {district.member.mention} · 50 %: Två utbildningar hållna"
    )
    assert (await fields_of(district, loose))["Läge"] == "🔴 risk"

    await advance_to(simcord_env, simcord_bot, datetime(2026, 2, 1, 12, tzinfo=UTC))
    assert (await fields_of(district, cid))["Läge"] == "🟢 i fas"  # a quarter of the time gone
    await advance_to(simcord_env, simcord_bot, datetime(2026, 4, 1, 12, tzinfo=UTC))
    assert (await fields_of(district, cid))["Läge"] == "🟡 efter"  # three quarters gone, half done

    # Monday 6 April 09:00 in Stockholm: the digest leads with what is behind, at risk first, naming the owners.
    await advance_to(simcord_env, simcord_bot, datetime(2026, 4, 6, 8, 1, tzinfo=UTC))
    digest = district.channels["organisers"].last_message.embeds[0].description
    assert digest.startswith(
        "**Efter planen (2)**\n"
        f"`#{loose}` 📋 **{CONTACT}** — planerad · 0 av 5 partiföreningar · 0 % · 🔴 risk · inget slutdatum · "
        "ingen ansvarig\n"
        f"`#{cid}` 📋 **{TRAINING}** — planerad · 50 % av 4 utbildningar · 🟡 efter · senast torsdag 30 april 2026 · "
        f"{district.member.mention}\n\n"
        "**Inte uppdaterade på 30 dagar (33)**\n"
    )

    await advance_to(simcord_env, simcord_bot, datetime(2026, 4, 22, 12, tzinfo=UTC))
    assert (await fields_of(district, cid))["Läge"] == "🔴 risk"  # nine tenths gone, still half done
    await district.member.slash(district.general, "commitment update", commitment=str(cid), status="klar")
    fields = await fields_of(district, cid)
    assert (fields["Framsteg"], fields["Läge"]) == ("100 % av 4 utbildningar", "🟢 i fas")


async def test_a_target_taken_away_leaves_the_percent_last_typed(simcord_env, simcord_bot, district):
    await load_skane(district)
    cid = await commitment_id(simcord_bot, TRAINING)
    await district.organiser.slash(district.general, "commitment progress", commitment=str(cid), percent=30)
    await district.organiser.slash(
        district.general, "commitment target", commitment=str(cid), amount=3, unit="trainings"
    )

    half = await district.organiser.slash(district.general, "commitment target", commitment=str(cid), amount=3)
    assert half.response.content == ("Ange både antal och enhet för ett mål, eller ingen av dem för att ta bort målet.")
    cleared = await district.organiser.slash(district.general, "commitment target", commitment=str(cid))
    assert cleared.ephemeral
    assert cleared.response.content == (
        f"Sparat: ”{TRAINING}” har inget mål längre. "
        "Framstegen är nu det som senast skrevs in i procent, eller delmålens."
    )
    audit = district.channels["audit"].last_message.embeds[0].description
    assert f"tog bort målet för åtagande #{cid} ”{TRAINING}”" in audit
    async with simcord_bot.db.session() as session:
        row = await session.get(Commitment, cid)
        assert (row.target_amount, row.target_unit) == (None, None)
    assert (await fields_of(district, cid))["Framsteg"] == "30 %"

    again = await district.organiser.slash(district.general, "commitment target", commitment=str(cid))
    assert again.response.content == f"”{TRAINING}” har inget mål att ta bort."
    assert simcord_env.errors == []
