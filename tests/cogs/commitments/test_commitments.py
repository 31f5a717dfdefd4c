"""Commitment tracking in a simulated district: load and import plans, list, update, remind, report."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from bot.audiences import Audience
from bot.commitments import evidence
from bot.commitments.evidence import Evidence
from bot.commitments.models import Commitment, Link, Plan, Update
from tests.support import advance_to

SKANE_TEXT = (Path(__file__).resolve().parents[2] / "fixtures" / "plans" / "skane-2023.txt").read_bytes()


async def load_skane(district):
    result = await district.moderator.slash(district.general, "plan load", plan="skane-2023")
    assert result.response.content == (
        "Planen ”Verksamhetsplan 2023 för Vänsterpartiet Skåne” är inläst med 35 åtaganden. Se dem med /åtagande lista."
    )
    return result


async def commitment_id(bot, title: str) -> int:
    async with bot.db.session() as session:
        row = (await session.exec(select(Commitment).where(Commitment.title == title))).one()
    return row.id


async def test_moderator_loads_a_seeded_plan_once(simcord_env, simcord_bot, district):
    choices = await district.moderator.autocomplete(district.general, "plan load", "plan", "")
    assert [c["value"] for c in choices] == ["dalarna-2023", "skane-2023"]

    await load_skane(district)
    async with simcord_bot.db.session() as session:
        plans = (await session.exec(select(Plan))).all()
        rows = (await session.exec(select(Commitment))).all()
    assert [(p.title, p.year, p.organisation) for p in plans] == [
        ("Verksamhetsplan 2023 för Vänsterpartiet Skåne", 2023, "Vänsterpartiet Skåne")
    ]
    assert len(rows) == 35 and {r.status for r in rows} == {"planerad"}

    again = await district.moderator.slash(district.general, "plan load", plan="skane-2023")
    assert again.ephemeral
    assert again.response.content.startswith("Planen ”Verksamhetsplan 2023 för Vänsterpartiet Skåne” är redan inläst")
    audit = district.channels["audit"].last_message.embeds[0].description
    assert "läste in planen ”Verksamhetsplan 2023 för Vänsterpartiet Skåne” (35 åtaganden)" in audit

    refused = await district.member.slash(district.general, "plan load", plan="dalarna-2023")
    assert refused.response.content == "Det här kräver rollen moderator. Du har den inte."
    assert simcord_env.errors == []


async def test_import_shows_a_preview_and_stores_only_on_confirm(simcord_env, simcord_bot, district):
    shown = await district.moderator.slash(district.general, "plan import", file=("plan.txt", SKANE_TEXT))
    assert shown.ephemeral
    assert shown.response.content == (
        "Så här läser jag planen. Inget är sparat än: ta bort det som inte är åtaganden i listan under varje sida "
        "och bekräfta sedan för att spara."
    )
    embed = shown.response.embeds[0]
    assert embed.title == "Verksamhetsplan 2023 för Vänsterpartiet Skåne (2023)"
    assert embed.description.startswith(
        "**Oppositionsrollen**\n`1` 💬 Alltid veta vad vi gör, varför vi gör det och vad målet är med vår verksamhet\n"
    )
    assert "`4` • Arrangera träffar med fokus på oppositionsarbete med partiföreningar" in embed.description
    assert embed.footer.text == (
        "Sida 1 av 4\n12 avsnitt, 35 åtaganden\n• punkt i planen · 💬 mening ur löptexten · överstruket tas inte med"
    )
    async with simcord_bot.db.session() as session:
        assert (await session.exec(select(Plan))).all() == []

    confirmed = await district.moderator.click(shown.response, label="Bekräfta")
    assert confirmed.response.content.startswith("Planen ”Verksamhetsplan 2023 för Vänsterpartiet Skåne” är inläst")
    async with simcord_bot.db.session() as session:
        rows = (await session.exec(select(Commitment))).all()
    assert len(rows) == 35
    assert sorted({r.origin for r in rows}) == ["list", "prose"]

    markdown = "## Studier\n\n- Grundkurs för nya medlemmar\n- Kurs för parlamentariker\n"
    own = await district.moderator.slash(
        district.general, "plan import", file=("studieplan.md", markdown.encode()), year=2027
    )
    assert own.response.embeds[0].title == "studieplan (2027)"
    assert own.response.embeds[0].footer.text == (
        "1 avsnitt, 2 åtaganden\n• punkt i planen · 💬 mening ur löptexten · överstruket tas inte med"
    )

    letter = await district.moderator.slash(
        district.general, "plan import", file=("brev.txt", b"Hej!\nBara ett brev.\n")
    )
    assert letter.ephemeral
    assert letter.response.content.startswith("Jag hittar ingen plan i filen: inga åtaganden, varken punkter")
    assert simcord_env.errors == []


async def test_list_filters_and_pages(simcord_env, simcord_bot, district):
    await load_skane(district)
    listed = await district.member.slash(district.general, "commitment list")
    assert listed.ephemeral
    first = listed.response.embeds[0]
    assert first.title == "Åtaganden (35)"
    assert first.footer.text == "Sida 1 av 4"
    assert first.description.count("\n") == 9
    assert "**Arrangera träffar med fokus på oppositionsarbete med partiföreningar** — planerad" in first.description
    following = await district.member.click(listed.response, label="Nästa")
    page_two = following.response.embeds[0].description
    assert following.response.embeds[0].footer.text == "Sida 2 av 4"
    assert "Ta fram en strategisk planering för medlemsvård" in page_two
    assert "Arrangera träffar med fokus på oppositionsarbete" not in page_two

    sections = await district.member.autocomplete(district.general, "commitment list", "section", "medlems")
    assert [c["name"] for c in sections] == ["Medlemsvård"]
    by_section = await district.member.slash(district.general, "commitment list", section=sections[0]["value"])
    assert by_section.response.embeds[0].title == "Åtaganden (5)"

    cid = await commitment_id(simcord_bot, "Genomföra en utbildning i medlemsvård")
    await district.organiser.slash(district.general, "commitment update", commitment=str(cid), status="klar")
    done = await district.member.slash(district.general, "commitment list", status="klar")
    assert done.response.embeds[0].description == (f"`#{cid}` ✅ **Genomföra en utbildning i medlemsvård** — klar")
    await district.organiser.slash(
        district.general, "commitment assign", commitment=str(cid), owner=district.roles["women-nonbinary"]
    )
    by_owner = await district.member.slash(district.general, "commitment list", owner=district.woman)
    assert by_owner.response.embeds[0].title == "Åtaganden (1)"
    nothing = await district.member.slash(district.general, "commitment list", status="inställd")
    assert nothing.response.content == "Inga åtaganden matchar."


async def test_owner_updates_status_and_the_organisers_see_it(simcord_env, simcord_bot, district):
    await load_skane(district)
    cid = await commitment_id(simcord_bot, "Genomföra en utbildning i medlemsvård")
    choices = await district.organiser.autocomplete(district.general, "commitment assign", "commitment", "utbildning i")
    assert choices == [{"name": f"#{cid} Genomföra en utbildning i medlemsvård", "value": str(cid)}]
    contact = await commitment_id(simcord_bot, "Öka kontakten med partiföreningar")
    effort = await commitment_id(simcord_bot, "Göra en extra satsning för att öka kontakten med partiföreningar")
    choices = await district.organiser.autocomplete(
        district.general, "commitment update", "commitment", "öka KONTAKTEN med p"
    )
    assert choices == [
        {"name": f"#{effort} Göra en extra satsning för att öka kontakten med partiföreningar", "value": str(effort)},
        {"name": f"#{contact} Öka kontakten med partiföreningar", "value": str(contact)},
    ]
    assigned = await district.organiser.slash(
        district.general, "commitment assign", commitment=str(cid), owner=district.member
    )
    assert (
        assigned.response.content
        == f"{district.member.mention} är nu ansvarig för ”Genomföra en utbildning i medlemsvård”."
    )

    updated = await district.member.slash(
        district.general, "commitment update", commitment=str(cid), status="klar", note="Tolv deltog i Lund"
    )
    assert updated.ephemeral
    assert updated.response.content == (
        "Sparat: ”Genomföra en utbildning i medlemsvård” har nu status: klar. Organisatörerna har fått veta."
    )
    assert district.channels["organisers"].last_message.content == (
        f"✅ Genomföra en utbildning i medlemsvård — klar, uppdaterat av {district.member.mention}: "
        "”Tolv deltog i Lund”"
    )

    shown = await district.member.slash(district.general, "commitment show", commitment=str(cid))
    fields = {f.name: f.value for f in shown.response.embeds[0].fields}
    assert fields["Status"] == "✅ klar"
    assert fields["Ansvariga"] == district.member.mention
    assert fields["Uppföljning"] == f"torsdag 1 januari 2026 · {district.member.mention} · klar: Tolv deltog i Lund"

    mine = await district.member.slash(district.general, "commitment mine")
    assert mine.response.embeds[0].title == "Dina åtaganden (1)"


async def test_a_member_who_does_not_own_it_cannot_update(simcord_env, simcord_bot, district):
    await load_skane(district)
    cid = await commitment_id(simcord_bot, "Genomföra en utbildning i medlemsvård")
    await district.organiser.slash(district.general, "commitment assign", commitment=str(cid), owner=district.member)
    before = district.channels["organisers"].history()

    refused = await district.man.slash(district.general, "commitment update", commitment=str(cid), status="klar")
    assert refused.ephemeral
    assert refused.response.content == (
        "Bara den som är ansvarig för åtagandet, organisatörer och moderatorer kan uppdatera det."
    )
    assert simcord_env.errors == []
    assert district.channels["organisers"].history() == before
    async with simcord_bot.db.session() as session:
        assert (await session.get(Commitment, cid)).status == "planerad"
        assert (await session.exec(select(Update))).all() == []


async def test_owning_role_may_update(simcord_env, simcord_bot, district):
    await load_skane(district)
    cid = await commitment_id(simcord_bot, "Arrangera träffar för kvinnor och ickebinära")
    await district.organiser.slash(
        district.general, "commitment assign", commitment=str(cid), owner=district.roles["women-nonbinary"]
    )
    result = await district.woman.slash(district.general, "commitment update", commitment=str(cid), status="pågår")
    assert result.response.content == (
        "Sparat: ”Arrangera träffar för kvinnor och ickebinära” har nu status: pågår. Organisatörerna har fått veta."
    )
    assert district.channels["organisers"].last_message.content == (
        f"🔄 Arrangera träffar för kvinnor och ickebinära — pågår, uppdaterat av {district.woman.mention}"
    )


async def test_organisers_read_who_updated_a_commitment_and_their_note(simcord_env, simcord_bot, district):
    await load_skane(district)
    cid = await commitment_id(simcord_bot, "Genomföra en utbildning i medlemsvård")
    await district.organiser.slash(
        district.general, "commitment update", commitment=str(cid), status="klar", note="  Tolv deltog i Lund.  "
    )
    line = district.channels["organisers"].last_message
    assert line.content == (
        f"✅ Genomföra en utbildning i medlemsvård — klar, uppdaterat av {district.organiser.mention}: "
        "”Tolv deltog i Lund.”"
    )
    assert simcord_env.backend.messages[line.channel.id][line.id].ping_user_ids == []  # shown, not pinged


async def test_weekly_digest_lists_overdue_and_stale_once_a_week(simcord_env, simcord_bot, district, make_bot):
    await load_skane(district)
    due_id = await commitment_id(simcord_bot, "Genomföra en utbildning i medlemsvård")
    done_id = await commitment_id(simcord_bot, "Fortsätta att utveckla mansträffarna")
    result = await district.organiser.slash(
        district.general, "commitment due", commitment=str(due_id), date="2026-01-20"
    )
    assert (
        result.response.content
        == "”Genomföra en utbildning i medlemsvård” ska vara klart senast tisdag 20 januari 2026."
    )
    await district.organiser.slash(district.general, "commitment update", commitment=str(done_id), status="klar")
    organisers = district.channels["organisers"]

    def digests():
        return [m.embeds[0].description for m in organisers.history() if m.embeds]

    # Monday 5 January 09:00 in Stockholm: the due date is 15 days away, nothing is stale: no digest.
    await advance_to(simcord_env, simcord_bot, datetime(2026, 1, 5, 9, tzinfo=UTC))
    assert digests() == []
    # Monday 12 January: due within 14 days.
    await advance_to(simcord_env, simcord_bot, datetime(2026, 1, 12, 9, tzinfo=UTC))
    assert len(digests()) == 1
    assert digests()[0].startswith("**Ska vara klara inom 14 dagar (1)**\n")
    assert "Genomföra en utbildning i medlemsvård" in digests()[0]
    # Monday 26 January: overdue.
    await advance_to(simcord_env, simcord_bot, datetime(2026, 1, 26, 9, tzinfo=UTC))
    assert len(digests()) == 3
    assert digests()[-1].startswith("**Försenade (1)**\n")
    assert "— försenad" in digests()[-1]
    # Monday 2 February: overdue, and the 33 untouched commitments are stale; the done one is not listed.
    await advance_to(simcord_env, simcord_bot, datetime(2026, 2, 2, 7, 59, tzinfo=UTC))
    assert len(digests()) == 3
    await advance_to(simcord_env, simcord_bot, datetime(2026, 2, 2, 8, 1, tzinfo=UTC))
    assert len(digests()) == 4
    latest = digests()[-1]
    assert "**Försenade (1)**" in latest and "**Inte uppdaterade på 30 dagar (33)**" in latest
    assert "Fortsätta att utveckla mansträffarna" not in latest
    assert organisers.last_message.embeds[0].title == "Veckans uppföljning av planen"
    # A restart the same day, within the grace window, does not post it again.
    restarted = make_bot()
    await simcord_env.restart_bot(restarted)
    await simcord_env.settle()
    await advance_to(simcord_env, restarted, datetime(2026, 2, 2, 12, tzinfo=UTC))
    assert len(digests()) == 4
    # The next Monday it comes again.
    await advance_to(simcord_env, restarted, datetime(2026, 2, 9, 8, 1, tzinfo=UTC))
    assert len(digests()) == 5


async def test_digest_day_and_time_can_be_moved(simcord_env, simcord_bot, district):
    await load_skane(district)
    result = await district.moderator.slash(district.general, "commitment digest", weekday="friday", time="16:30")
    assert result.response.content == "Klart: veckans uppföljning kommer på fredagar kl. 16:30."
    refused = await district.organiser.slash(district.general, "commitment digest", weekday="monday", time="09:00")
    assert refused.response.content == "Det här kräver rollen moderator. Du har den inte."
    assert simcord_env.errors == []
    # Friday 6 February 16:30 in Stockholm is 15:30 UTC; everything is stale by then.
    await advance_to(simcord_env, simcord_bot, datetime(2026, 2, 6, 15, 29, tzinfo=UTC))
    assert [m for m in district.channels["organisers"].history() if m.embeds and m.created_at.day == 6] == []
    await advance_to(simcord_env, simcord_bot, datetime(2026, 2, 6, 15, 31, tzinfo=UTC))
    last = district.channels["organisers"].last_message
    assert last.embeds[0].description.startswith("**Inte uppdaterade på 30 dagar (35)**")


async def test_owners_get_a_dm_a_week_before_the_due_date(simcord_env, simcord_bot, district):
    await load_skane(district)
    cid = await commitment_id(simcord_bot, "Genomföra en utbildning i medlemsvård")
    await district.organiser.slash(district.general, "commitment assign", commitment=str(cid), owner=district.member)
    await district.organiser.slash(district.general, "commitment due", commitment=str(cid), date="20 januari")
    dm = district.member.user.dm_channel
    await advance_to(simcord_env, simcord_bot, datetime(2026, 1, 13, 7, 59, tzinfo=UTC))
    assert dm.history() == []
    await advance_to(simcord_env, simcord_bot, datetime(2026, 1, 13, 8, 1, tzinfo=UTC))
    assert [m.content for m in dm.history()] == [
        f"Påminnelse: ”Genomföra en utbildning i medlemsvård” (#{cid}) ska vara klart tisdag 20 januari 2026. "
        "Status just nu: planerad. Uppdatera med /åtagande uppdatera när något händer."
    ]
    await advance_to(simcord_env, simcord_bot, datetime(2026, 1, 15, tzinfo=UTC))
    assert len(dm.history()) == 1


async def test_add_by_modal_and_remove_with_confirmation(simcord_env, simcord_bot, district):
    await load_skane(district)
    shown = await district.organiser.slash(district.general, "commitment add")
    assert shown.modal is not None
    added = await district.organiser.submit_modal(
        shown, {"title": "Hålla ett medlemsmöte om budgeten", "section": "medlemsvård", "due": "8 mars"}
    )
    async with simcord_bot.db.session() as session:
        row = (
            await session.exec(select(Commitment).where(Commitment.title == "Hålla ett medlemsmöte om budgeten"))
        ).one()
    assert added.response.content == f"Åtagande #{row.id} ”Hålla ett medlemsmöte om budgeten” är tillagt."
    assert row.due_date == date(2026, 3, 8)
    listed = await district.member.slash(district.general, "commitment list", status="planerad")
    assert listed.response.embeds[0].title == "Åtaganden (36)"

    refused = await district.organiser.slash(district.general, "commitment remove", commitment=str(row.id))
    assert refused.response.content == "Det här kräver rollen moderator. Du har den inte."
    asked = await district.moderator.slash(district.general, "commitment remove", commitment=str(row.id))
    assert (
        asked.response.content
        == "Ta bort ”Hålla ett medlemsmöte om budgeten” med all uppföljning? Det går inte att ångra."
    )
    async with simcord_bot.db.session() as session:
        assert await session.get(Commitment, row.id) is not None
    done = await district.moderator.click(asked.response, label="Bekräfta")
    assert done.response.content == "”Hålla ett medlemsmöte om budgeten” är borttaget."
    async with simcord_bot.db.session() as session:
        assert await session.get(Commitment, row.id) is None
    assert simcord_env.errors == []


@pytest.fixture
def fake_meetings():
    """A stand-in meetings provider: counts the meetings it was told about for the linked audience."""
    held = {"women-nonbinary": (4, 31)}

    async def provider(guild_id, link, *, session, vault):
        count, attended = held.get(link.value, (0, 0))
        return Evidence(
            link.kind,
            link.value,
            "commitments.evidence.meetings",
            {"label": link.value, "count": count, "attended": attended},
            meetings=count,
        )

    previous = evidence.PROVIDERS.get("meeting_audience")
    evidence.register_provider("meeting_audience", provider)
    yield
    if previous is None:
        evidence.unregister_provider("meeting_audience")
    else:
        evidence.register_provider("meeting_audience", previous)


async def test_report_lists_every_commitment_with_status_and_meeting_count(
    simcord_env, simcord_bot, district, fake_meetings
):
    await load_skane(district)
    women = await commitment_id(simcord_bot, "Arrangera träffar för kvinnor och ickebinära")
    training = await commitment_id(simcord_bot, "Genomföra en utbildning i medlemsvård")
    linked = await district.organiser.slash(
        district.general, "commitment link", commitment=str(women), kind="meeting_audience", value="women-nonbinary"
    )
    assert linked.response.content == (
        "”Arrangera träffar för kvinnor och ickebinära” är nu kopplat till möten för gruppen: "
        "träffar för kvinnor och ickebinära."
    )
    await district.organiser.slash(
        district.general, "commitment update", commitment=str(women), status="pågår", note="Fyra träffar"
    )
    await district.organiser.slash(district.general, "commitment update", commitment=str(training), status="klar")

    result = await district.organiser.slash(district.general, "commitment report")
    assert result.ephemeral
    message = result.response
    names = [a.filename for a in message.attachments]
    assert names[1] == "status.png" and names[0].endswith(".md")
    text = (await message.attachments[0].read()).decode()
    png = await message.attachments[1].read()
    assert png.startswith(b"\x89PNG")
    assert text.startswith("# Verksamhetsberättelse 2023\n")
    async with simcord_bot.db.session() as session:
        rows = (await session.exec(select(Commitment))).all()
        assert len((await session.exec(select(Link))).all()) == 1
    for row in rows:
        expected = {women: "pågår", training: "klar"}.get(row.id, "planerad")
        assert f"### {row.title}\n\nStatus: **{expected}**" in text
    assert "- klar: 1\n- pågår: 1\n- planerad: 33\n- försenad: 0\n- inställd: 0" in text
    assert "- träffar för kvinnor och ickebinära: 4 möten hållna, 31 närvarande" in text
    assert f"({district.organiser.member.display_name}) pågår: Fyra träffar" in text

    pdf = await district.organiser.slash(district.general, "commitment report", format="pdf")
    pdf_message = pdf.response
    assert pdf_message.attachments[0].filename.endswith(".pdf")
    body = await pdf_message.attachments[0].read()
    assert body.startswith(b"%PDF")
    pdf_text = pdf_words(body)
    assert "Verksamhetsberättelse 2023" in pdf_text
    assert "Genomföra en utbildning i medlemsvård" in pdf_text and "Status: klar" in pdf_text
    assert "träffar för kvinnor och ickebinära: 4 möten hållna, 31 närvarande" in pdf_text


def pdf_words(body: bytes) -> str:
    """The text drawn in a PDF made with fpdf2's core fonts (latin-1 strings in compressed streams)."""
    import re
    import zlib

    text = b""
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S):
        try:
            text += zlib.decompress(match.group(1))
        except zlib.error:
            continue
    return text.decode("latin-1")


async def test_show_gives_the_meetings_held_as_evidence(simcord_env, simcord_bot, district):
    from bot.meetings.models import Attendance, Meeting

    await load_skane(district)
    cid = await commitment_id(simcord_bot, "Fortsätta att utveckla mansträffarna")
    async with simcord_bot.db.session() as session:
        held = Meeting(
            guild_id=district.guild.id,
            title="Mansträff om jämställdhet",
            audience="men",
            start_at=datetime(2025, 12, 10, 18, tzinfo=UTC),
            created_by=district.organiser.id,
        )
        session.add(held)
        await session.flush()
        session.add(Attendance(guild_id=district.guild.id, meeting_id=held.id, user_id=district.man.id, recorded_by=1))
    choices = await district.organiser.autocomplete(
        district.general, "commitment link", "value", "", commitment=str(cid), kind="meeting_audience"
    )
    assert [c["value"] for c in choices] == [audience.value for audience in Audience]
    linked = await district.organiser.slash(
        district.general, "commitment link", commitment=str(cid), kind="meeting_audience", value="men"
    )
    assert linked.response.content == (
        "”Fortsätta att utveckla mansträffarna” är nu kopplat till möten för gruppen: mansträffar."
    )
    shown = await district.member.slash(district.general, "commitment show", commitment=str(cid))
    fields = {f.name: f.value for f in shown.response.embeds[0].fields}
    assert fields["Underlag"] == "mansträffar: 1 möte hållet, 1 närvarande"


async def test_an_unknown_meeting_audience_is_refused_naming_the_audiences(simcord_env, simcord_bot, district):
    await load_skane(district)
    cid = await commitment_id(simcord_bot, "Fortsätta att utveckla mansträffarna")
    refused = await district.organiser.slash(
        district.general, "commitment link", commitment=str(cid), kind="meeting_audience", value="kvinnor"
    )
    assert refused.response.content == (
        "Välj en mötesgrupp i listan: öppna möten, träffar för kvinnor och ickebinära eller mansträffar."
    )
    assert simcord_env.errors == []
