"""`/plan import` as a district secretary uses it: a PDF, Word or LibreOffice plan; a preview to drop candidates
from, page by page, owned by the moderator who asked; and the annual meeting's adopted version imported over
the board's proposal, keeping what was already done."""

from __future__ import annotations

from pathlib import Path

import discord
import pytest
from simcord.backend.errors import SetupError
from sqlmodel import select

from bot.commitments.models import Commitment, Owner, Plan, Update
from tests.cogs.commitments.test_commitments import commitment_id, load_skane

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "plans"
SKANE_TEXT = (FIXTURES / "skane-2023.txt").read_text(encoding="utf-8")
LEGEND = "• punkt i planen · 💬 mening ur löptexten · överstruket tas inte med"


async def stored(bot) -> list[Commitment]:
    async with bot.db.session() as session:
        return list((await session.exec(select(Commitment).order_by(Commitment.position))).all())


async def test_a_two_column_pdf_imports_under_its_headings(simcord_env, simcord_bot, district):
    pdf = (FIXTURES / "two-columns.pdf").read_bytes()
    shown = await district.moderator.slash(district.general, "plan import", file=("plan.pdf", pdf))
    embed = shown.response.embeds[0]
    assert embed.title == "Verksamhetsplan 2025 för Vänsterpartiet Norrbotten (2025)"
    assert embed.description == (
        "**Politiskt**\n"
        "`1` 💬 Driva krav på en utbyggd kollektivtrafik i hela länet\n"
        "`2` • Skriva en motion om nattåg till regionfullmäktige\n"
        "`3` • Hålla ett öppet möte om bostäder i Luleå\n"
        "**Medlemsvård**\n"
        "`4` 💬 Ringa alla nya medlemmar inom en månad\n"
        "`5` • Ordna en välkomstträff varje kvartal\n"
        "`6` • Ta fram ett välkomstbrev\n"
        "**Utbildning**\n"
        "`7` 💬 Genomföra en grundkurs för nya medlemmar"
    )
    assert embed.footer.text == f"3 avsnitt, 7 åtaganden\n{LEGEND}"
    await district.moderator.click(shown.response, label="Bekräfta")
    rows = await stored(simcord_bot)
    assert [(r.title, r.origin) for r in rows][3] == ("Ringa alla nya medlemmar inom en månad", "prose")
    assert rows[3].description == "Partiföreningarna behöver ringa alla nya medlemmar inom en månad."
    listed = await district.member.slash(district.general, "commitment list")
    assert "**Ringa alla nya medlemmar inom en månad** — planerad" in listed.response.embeds[0].description


async def test_word_and_libreoffice_plans_import(simcord_env, simcord_bot, district):
    for name in ("plan.docx", "plan.odt"):
        shown = await district.moderator.slash(
            district.general, "plan import", file=(name, (FIXTURES / name).read_bytes())
        )
        assert shown.response.embeds[0].footer.text == f"3 avsnitt, 7 åtaganden\n{LEGEND}", name
        assert "**Utbildning**\n`7` 💬 Genomföra en grundkurs för nya medlemmar" in shown.response.embeds[0].description


async def test_a_scanned_pdf_is_refused_and_nothing_is_stored(simcord_env, simcord_bot, district):
    scan = (FIXTURES / "scanned.pdf").read_bytes()
    refused = await district.moderator.slash(district.general, "plan import", file=("plan.pdf", scan))
    assert refused.ephemeral
    assert refused.response.content == (
        "PDF-filen har ingen text, bara bilder (en inskannad plan?). Bifoga Word-filen eller en PDF som sparats "
        "direkt från Word eller LibreOffice. Inget sparades."
    )
    assert simcord_env.errors == []
    assert await stored(simcord_bot) == []


async def test_candidates_are_dropped_page_by_page_before_confirming(simcord_env, simcord_bot, district):
    shown = await district.moderator.slash(district.general, "plan import", file=("plan.txt", SKANE_TEXT.encode()))
    message = shown.response
    [menu] = [c for row in message.components for c in row["components"] if c.get("custom_id") == "plan:drop"]
    assert [o["label"] for o in menu["options"]][:2] == [
        "1. Alltid veta vad vi gör, varför vi gör det och vad målet är med vår verksamhet",
        "2. Dra åt samma håll i rollen som opposition",
    ]
    assert [o["description"] for o in menu["options"]][2:4] == ["Mening ur löptexten", "Punkt i planen"]
    assert (len(menu["options"]), menu["min_values"], menu["max_values"]) == (10, 0, 10)

    dropped = await district.moderator.select(message, ["0", "1"], custom_id="plan:drop")
    page = dropped.response.embeds[0]
    assert "`1` 💬 ~~Alltid veta vad vi gör" in page.description
    assert "`2` 💬 ~~Dra åt samma håll i rollen som opposition~~" in page.description
    assert page.footer.text == f"Sida 1 av 4\n12 avsnitt, 33 åtaganden · 2 borttagna\n{LEGEND}"

    second = await district.moderator.click(dropped.response, label="Nästa")
    assert second.response.embeds[0].description.startswith("**Medlemsvård**\n`11` 💬 Ta hand om nya medlemmar")
    await district.moderator.select(second.response, ["10"], custom_id="plan:drop")
    back = await district.moderator.click(second.response, label="Föregående")
    # The menu holds the page's whole choice: only "Dra åt …" stays dropped, "Alltid veta …" comes back.
    await district.moderator.select(back.response, ["1"], custom_id="plan:drop")
    async with simcord_bot.db.session() as session:
        assert (await session.exec(select(Plan))).all() == []

    confirmed = await district.moderator.click(back.response, label="Bekräfta")
    assert confirmed.response.content == (
        "Planen ”Verksamhetsplan 2023 för Vänsterpartiet Skåne” är inläst med 33 åtaganden. Se dem med /åtagande lista."
    )
    titles = [r.title for r in await stored(simcord_bot)]
    assert len(titles) == 33
    assert "Alltid veta vad vi gör, varför vi gör det och vad målet är med vår verksamhet" in titles
    assert "Dra åt samma håll i rollen som opposition" not in titles
    assert "Ta hand om nya medlemmar och att se till att välkomna ännu fler" not in titles
    assert "Arrangera träffar med fokus på oppositionsarbete med partiföreningar" in titles
    audit = district.channels["audit"].last_message.embeds[0].description
    assert "importerade planen ”Verksamhetsplan 2023 för Vänsterpartiet Skåne” (33 åtaganden)" in audit


async def test_dropping_everything_saves_nothing(simcord_env, simcord_bot, district):
    markdown = "## Studier\n\n- Grundkurs för nya medlemmar\n- Kurs för parlamentariker\n"
    shown = await district.moderator.slash(district.general, "plan import", file=("plan.md", markdown.encode()))
    await district.moderator.select(shown.response, ["0", "1"], custom_id="plan:drop")
    refused = await district.moderator.click(shown.response, label="Bekräfta")
    assert refused.response.content == (
        "Du har tagit bort alla åtaganden, så det finns inget att spara. Välj bort färre eller avbryt."
    )
    assert simcord_env.errors == []
    assert await stored(simcord_bot) == []


async def test_the_preview_is_the_moderators_own_and_confirm_asks_again(simcord_env, simcord_bot, district):
    shown = await district.moderator.slash(district.general, "plan import", file=("plan.txt", SKANE_TEXT.encode()))
    assert shown.ephemeral
    for other in (district.admin, district.member):
        with pytest.raises(SetupError):
            await other.select(shown.response, ["0"], custom_id="plan:drop")
        with pytest.raises(SetupError):
            await other.click(shown.response, label="Bekräfta")
    member = simcord_bot.get_guild(district.guild.id).get_member(district.moderator.id)
    await member.remove_roles(discord.Object(district.roles["moderator"].id))
    await simcord_env.settle()
    confirmed = await district.moderator.click(shown.response, label="Bekräfta")
    assert confirmed.response.content == "Det här kräver rollen moderator. Du har den inte."
    assert simcord_env.errors == []
    assert await stored(simcord_bot) == []


def adopted_skane() -> bytes:
    """The annual meeting's version of the Skåne proposal: one item changed, one struck, one added."""
    text = SKANE_TEXT.replace(
        "Genomföra en ringkampanj som en del i den politiska kampanjen",
        "Genomföra två ringkampanjer som en del i den politiska kampanjen",
    )
    text = text.replace(
        "- 183 • Fortsätta att utveckla mansträffarna", "- 183 • Starta en studiecirkel om facklig kamp"
    )
    assert text != SKANE_TEXT
    return text.encode()


async def test_reimport_of_the_adopted_plan_keeps_what_was_done(simcord_env, simcord_bot, district):
    await load_skane(district)
    training = await commitment_id(simcord_bot, "Genomföra en utbildning i medlemsvård")
    calls = await commitment_id(simcord_bot, "Genomföra en ringkampanj som en del i den politiska kampanjen")
    men = await commitment_id(simcord_bot, "Fortsätta att utveckla mansträffarna")
    for cid in (training, calls, men):
        await district.organiser.slash(
            district.general, "commitment assign", commitment=str(cid), owner=district.member
        )
    await district.member.slash(
        district.general, "commitment update", commitment=str(training), status="klar", note="Tolv deltog"
    )
    await district.member.slash(district.general, "commitment update", commitment=str(calls), status="pågår")
    await district.organiser.slash(
        district.general, "commitment link", commitment=str(calls), kind="campaign", value="Vårens ringkampanj"
    )

    shown = await district.moderator.slash(district.general, "plan import", file=("antagen.txt", adopted_skane()))
    assert shown.response.content.startswith(
        "Planen ”Verksamhetsplan 2023 för Vänsterpartiet Skåne” finns redan på servern. Så här skiljer sig den nya "
        "versionen. Inget är sparat än: bekräfta för att uppdatera planen."
    )
    footer = shown.response.embeds[0].footer.text.split("\n")
    assert footer[:3] == ["Sida 1 av 4", "12 avsnitt, 35 åtaganden", "33 oförändrade, 1 ändrat, 1 nytt, 1 stryks"]
    assert footer[-1] == "🆕 nytt · ✏️ ändrat · utan märke oförändrat"
    page = shown.response
    pages = [page.embeds[0].description]
    for _ in range(3):
        page = (await district.moderator.click(page, label="Nästa")).response
        pages.append(page.embeds[0].description)
    assert "`19` ✏️• Genomföra två ringkampanjer som en del i den politiska kampanjen" in pages[1]
    assert "`30` 🆕• Starta en studiecirkel om facklig kamp" in pages[2]
    assert "`4` • Arrangera träffar med fokus på oppositionsarbete med partiföreningar" in pages[0]
    last = pages[3]
    assert last.endswith("**Stryks av årsmötet (1)**\n– ~~Fortsätta att utveckla mansträffarna~~")
    async with simcord_bot.db.session() as session:
        assert (await session.get(Commitment, men)).status == "planerad"

    done = await district.moderator.click(page, label="Bekräfta")
    assert done.response.content == (
        "Planen ”Verksamhetsplan 2023 för Vänsterpartiet Skåne” är uppdaterad: 33 oförändrade, 1 ändrat, 1 nytt "
        "och 1 struket av årsmötet."
    )
    async with simcord_bot.db.session() as session:
        kept = await session.get(Commitment, training)
        changed = await session.get(Commitment, calls)
        struck = await session.get(Commitment, men)
        owners = (await session.exec(select(Owner.commitment_id).where(Owner.target_id == district.member.id))).all()
        updates = (await session.exec(select(Update).order_by(Update.id))).all()
        new = (await session.exec(select(Commitment).where(Commitment.title.startswith("Starta")))).one()  # type: ignore[attr-defined]
        plans = (await session.exec(select(Plan))).all()
    assert len(plans) == 1
    assert (kept.title, kept.status) == ("Genomföra en utbildning i medlemsvård", "klar")
    assert (changed.title, changed.status) == (
        "Genomföra två ringkampanjer som en del i den politiska kampanjen",
        "pågår",
    )
    assert struck.status == "struken"
    assert sorted(owners) == sorted([training, calls, men])
    assert [(u.commitment_id, u.old_status, u.new_status) for u in updates] == [
        (training, "planerad", "klar"),
        (calls, "planerad", "pågår"),
        (men, "planerad", "struken"),
    ]
    assert (new.status, new.origin) == ("planerad", "list")
    shown_changed = await district.member.slash(district.general, "commitment show", commitment=str(calls))
    evidence = shown_changed.response.embeds[0].fields[-1]
    assert (evidence.name, evidence.value) == ("Underlag", "Vårens ringkampanj: inget underlag tillgängligt")

    listed = await district.member.slash(district.general, "commitment list")
    assert listed.response.embeds[0].title == "Åtaganden (35)"
    everything = "\n".join(
        [listed.response.embeds[0].description]
        + [
            (await district.member.click(listed.response, label="Nästa")).response.embeds[0].description
            for _ in range(3)
        ]
    )
    assert "mansträffarna" not in everything and "Starta en studiecirkel om facklig kamp" in everything
    choices = await district.member.autocomplete(district.general, "commitment show", "commitment", "mansträff")
    assert choices == []
    history = await district.member.slash(district.general, "commitment show", commitment=str(men))
    fields = {f.name: f.value for f in history.response.embeds[0].fields}
    assert fields["Status"] == "➖ struken av årsmötet"
    refused = await district.member.slash(district.general, "commitment update", commitment=str(men), status="pågår")
    assert refused.response.content == (
        "”Fortsätta att utveckla mansträffarna” ströks av årsmötet och följs inte upp längre. Inget ändrades."
    )

    report = await district.organiser.slash(district.general, "commitment report")
    text = (await report.response.attachments[0].read()).decode()
    assert "### Fortsätta att utveckla mansträffarna\n\nStatus: **struken av årsmötet**" in text
    assert "- inställd: 0\n- struken av årsmötet: 1\n" in text
    audit = district.channels["audit"].last_message.embeds[0].description
    assert (
        "uppdaterade planen ”Verksamhetsplan 2023 för Vänsterpartiet Skåne” (oförändrade: 33, ändrade: 1, nya: 1, "
        "strukna: 1)" in audit
    )

    again = await district.moderator.slash(district.general, "plan import", file=("antagen.txt", adopted_skane()))
    assert again.response.content == (
        "Planen ”Verksamhetsplan 2023 för Vänsterpartiet Skåne” är redan inläst och filen ändrar inget i den. "
        "Inget sparades."
    )
    assert simcord_env.errors == []


async def test_the_shipped_dalarna_plan_loads(simcord_env, simcord_bot, district):
    loaded = await district.moderator.slash(district.general, "plan load", plan="dalarna-2023")
    assert loaded.response.content == (
        "Planen ”Vänsterpartiet Dalarnas verksamhetsplan 2023” är inläst med 20 åtaganden. Se dem med /åtagande lista."
    )
    rows = await stored(simcord_bot)
    assert {r.origin for r in rows} == {"prose"}
    assert all(r.description for r in rows)
