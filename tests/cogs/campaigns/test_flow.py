"""Phone campaigns through Discord (SimCord): create, import with preview and Confirm, calling with every
outcome, the rules under the simulated clock, following, export, help queue, retention — and privacy:
no phone number or contact name in any non-ephemeral message the bot sends."""

from __future__ import annotations

import csv
import dataclasses
import io
import logging
from datetime import timedelta

import pytest
from openpyxl import Workbook
from sqlmodel import select

from bot.audit import AuditEntry
from bot.campaigns.crypto import Vault
from bot.campaigns.models import Attempt, Campaign, Contact, DoNotCall
from tests.conftest import TEST_DATA_KEY
from tests.support import advance, advance_to, public_messages

NAMES = [f"Fiktiva{n} Provsson" for n in range(5, 100)]
VAULT = Vault(TEST_DATA_KEY)


def number(n: int) -> str:
    return f"070-174 06 {n:02d}"


def call_list(count: int, start: int = 5, *, extra: str = "") -> bytes:
    lines = ["Namn;Telefon;Partiförening;E-post;Anteckning"]
    for n in range(start, start + count):
        lines.append(f"Fiktiva{n} Provsson;{number(n)};{'Malmö' if n % 2 else 'Lund'};;Anteckning {n}")
    return ("\ufeff" + "\r\n".join(lines) + "\r\n" + extra).encode()


def secrets_in(text: str) -> list[str]:
    found = [name for name in NAMES if name in text]
    for n in range(5, 100):
        for form in (number(n), f"+467017406{n:02d}", f"07017406{n:02d}", f"70174 06 {n:02d}", f"174 06 {n:02d}"):
            if form in text:
                found.append(form)
    return found


@pytest.fixture(autouse=True)
def nothing_personal_in_public(simcord_env, caplog):
    """After every test: no non-ephemeral message and no log line holds a phone number or a contact's name."""
    caplog.set_level(logging.INFO)
    yield
    for record in caplog.get_records("setup") + caplog.get_records("call"):
        logged = record.getMessage() + (logging.Formatter().formatException(record.exc_info) if record.exc_info else "")
        assert secrets_in(logged) == [] and "Hemlig" not in logged, logged
    for message in public_messages(simcord_env):
        text = message.content + " ".join(
            f"{e.title} {e.description} {[(f.name, f.value) for f in e.fields]} {e.footer.text}" for e in message.embeds
        )
        assert secrets_in(text) == [], text


async def create(district, name="Vårringning", questions="Kommer du på mötet?\nVill du bli aktiv?", **options):
    shown = await district.organiser.slash(district.general, "campaign create", name=name, **options)
    assert shown.modal is not None
    return await district.organiser.submit_modal(shown, {"script": "Hej! Jag ringer från V.", "questions": questions})


async def imported(district, data: bytes, filename="lista.csv", campaign="Vårringning", confirm=True):
    preview = await district.organiser.slash(
        district.general, "campaign import", campaign=campaign, file=(filename, data)
    )
    if confirm:
        done = await district.organiser.click(preview.response.message, label="Bekräfta")
        return preview, done
    return preview, None


async def contacts(bot) -> list[Contact]:
    async with bot.db.session() as session:
        return list((await session.exec(select(Contact).order_by(Contact.id))).all())


async def audit_actions(bot) -> list[str]:
    async with bot.db.session() as session:
        return [e.action for e in (await session.exec(select(AuditEntry).order_by(AuditEntry.id))).all()]


# ---------------------------------------------------------------------------- import


async def test_bom_semicolon_csv_previews_and_stores_only_on_confirm(simcord_env, simcord_bot, district):
    created = await create(district)
    assert created.ephemeral and created.response.content.startswith("Kampanjen **Vårringning** är skapad med 2")
    data = call_list(
        3,
        extra=f"Trasig Rad;12345;Malmö;;\r\nFiktiva5 Provsson;{number(5)};;;Dubblett\r\n"
        ";;;;\r\nUtan Nummer;;Lund;;\r\n",
    )
    preview, _ = await imported(district, data, confirm=False)
    assert preview.ephemeral
    embed = preview.response.embeds[0]
    assert embed.description == (
        "Rader lästa: **6**\nGiltiga att spara: **3**\nDubbletter sammanslagna: **1**\nRedan i kampanjen: **0**\n"
        "På spärrlistan (ringer inte): **0**\nOgiltiga: **2**"
    )
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Ogiltiga rader"] == "Rad 5: ogiltigt telefonnummer\nRad 8: telefonnummer saknas"
    assert fields["Igenkända kolumner"] == "namn, telefon, partiförening, e-post och anteckning"
    assert preview.response.content == "Inget är sparat ännu. Tryck Bekräfta för att spara 3 kontakter."
    assert await contacts(simcord_bot) == []

    done = await district.organiser.click(preview.response.message, label="Bekräfta")
    assert done.response.content == "Klart: 3 kontakter sparade i **Vårringning**."
    stored = await contacts(simcord_bot)
    assert [(c.row_number, c.branch) for c in stored] == [(2, "Malmö"), (3, "Lund"), (4, "Malmö")]
    assert all("Provsson" not in c.sealed and "1740" not in c.sealed for c in stored)
    assert await audit_actions(simcord_bot) == ["campaigns.create", "campaigns.import"]
    mirrored = district.channels["audit"].last_message.embeds[0].description
    assert mirrored.endswith("importerade 3 kontakter till ringkampanjen Vårringning (#1)")

    # Importing the same list again adds nothing.
    again, _ = await imported(district, call_list(3), confirm=False)
    assert again.response.content == "Det finns inget nytt att spara i filen."
    assert "Redan i kampanjen: **3**" in again.response.embeds[0].description


async def test_xlsx_import(simcord_env, simcord_bot, district):
    await create(district)
    book = Workbook()
    sheet = book.active
    sheet.append(["Förnamn", "Efternamn", "Mobil", "Branch"])
    sheet.append(["Fiktiva5", "Provsson", 701740605, "Nösk"])
    sheet.append(["Fiktiva6", "Provsson", "+46 70 174 06 06", "Sösk"])
    sheet.append(["Fiktiva7", "Provsson", "ej nummer", "Sösk"])
    buffer = io.BytesIO()
    book.save(buffer)
    preview, _ = await imported(district, buffer.getvalue(), filename="lista.xlsx", confirm=False)
    assert "Giltiga att spara: **2**" in preview.response.embeds[0].description
    assert {f.name: f.value for f in preview.response.embeds[0].fields}["Ogiltiga rader"] == (
        "Rad 4: inte ett telefonnummer"
    )
    done = await district.organiser.click(preview.response.message, label="Bekräfta")
    assert done.response.content == "Klart: 2 kontakter sparade i **Vårringning**."
    assert [c.branch for c in await contacts(simcord_bot)] == ["Nösk", "Sösk"]


@pytest.mark.parametrize(
    ("filename", "data", "key", "expected"),
    [
        ("lista.xlsx", b"PK\x03\x04 trasig", "unreadable", "Filen går inte att läsa som CSV eller XLSX"),
        ("lista.csv", b"namn;e-post\nA;a@example.org\n", "no_phone_column", "Hittar ingen kolumn med"),
        ("lista.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "format", "Det filformatet stöds inte."),
    ],
)
async def test_a_malformed_file_changes_nothing(simcord_env, simcord_bot, district, filename, data, key, expected):
    await create(district)
    result = await district.organiser.slash(
        district.general, "campaign import", campaign="Vårringning", file=(filename, data)
    )
    assert result.ephemeral
    assert result.response.content.startswith(expected)
    assert result.response.content.endswith("Inget har sparats.")
    assert simcord_env.errors == []
    assert await contacts(simcord_bot) == []
    assert await audit_actions(simcord_bot) == ["campaigns.create"]


async def test_without_a_data_key_nothing_is_imported(simcord_env, simcord_bot, district):
    await create(district)
    simcord_bot.settings = dataclasses.replace(simcord_bot.settings, data_key=None)
    result = await district.organiser.slash(
        district.general, "campaign import", campaign="Vårringning", file=("lista.csv", call_list(2))
    )
    assert result.ephemeral
    assert result.response.content.startswith("Ringlistor kan inte användas ännu: nyckeln för personuppgifter")
    assert simcord_env.errors == []
    assert await contacts(simcord_bot) == []


# ---------------------------------------------------------------------------- calling


async def next_card(member, district):
    result = await member.slash(district.general, "call next")
    assert result.ephemeral
    return result


def card_fields(result) -> dict[str, str]:
    return {f.name: f.value for f in result.response.embeds[0].fields}


async def test_a_caller_works_through_contacts_with_every_outcome(simcord_env, simcord_bot, district):
    await create(district)
    await imported(district, call_list(10))
    caller = district.caller

    card = await next_card(caller, district)
    fields = card_fields(card)
    assert (fields["Namn"], fields["Telefon"], fields["Partiförening"]) == (
        "Fiktiva5 Provsson",
        "**070-174 06 05**\n`+46701740605`",
        "Malmö",
    )
    assert fields["Anteckning från listan"] == "Anteckning 5"
    assert card.response.embeds[0].description == "Hej! Jag ringer från V."
    assert card.response.embeds[0].footer.text.startswith("Reserverad åt dig till 01:15.")

    # A note first, then Svarade with the survey answers and another note.
    shown = await caller.click(card.response.message, label="Anteckning")
    noted = await caller.submit_modal(shown, {"note": "Röt ut"})
    assert noted.response.content == "Anteckningen sparas med utfallet."
    shown = await caller.click(noted.response.message, label="Svarade")
    labels = [c["components"][0]["label"] for c in shown.modal["components"]]
    assert labels == ["Kommer du på mötet?", "Vill du bli aktiv?", "Anteckning till nästa ringare"]
    answered = await caller.submit_modal(shown, {"q0": "Ja", "q1": "Kanske", "note": "Trevlig"})
    assert answered.response.content == "Registrerat: **Svarade**."
    assert answered.response.embeds == []

    async def take_next(previous):
        result = await caller.click(previous.response.message, label="Nästa")
        assert result.response.embeds, result.response.content
        return result

    card = await take_next(answered)
    assert card_fields(card)["Namn"] == "Fiktiva6 Provsson"
    result = await caller.click(card.response.message, label="Inget svar")
    assert result.response.content == (
        "Registrerat: **Inget svar**. Kontakten kan ringas igen torsdag 1 januari 2026 kl. 04:00."
    )
    card = await take_next(result)
    result = await caller.click(card.response.message, label="Upptaget")
    assert result.response.content.startswith("Registrerat: **Upptaget**. Kontakten kan ringas igen")
    card = await take_next(result)
    result = await caller.click(card.response.message, label="Lämnade meddelande")
    assert result.response.content.startswith("Registrerat: **Lämnade meddelande**.")

    card = await take_next(result)
    asked = await caller.click(card.response.message, label="Ring senare")
    assert asked.response.content.startswith("När ska kontakten ringas upp?")
    result = await caller.click(asked.response.message, label="I morgon")
    assert result.response.content == (
        "Registrerat: **Ring senare** fredag 2 januari 2026 kl. 01:00. Kontakten kommer först till dig."
    )
    card = await take_next(result)
    asked = await caller.click(card.response.message, label="Ring senare")
    shown = await caller.click(asked.response.message, label="Välj tid …")
    refused = await caller.submit_modal(shown, {"when": "snart"})  # "i övermorgon" is a time since issue #13
    assert refused.response.content.startswith("Jag förstår inte tiden.")
    assert simcord_env.errors == []
    shown = await caller.click(asked.response.message, label="Välj tid …")
    result = await caller.submit_modal(shown, {"when": "18:30", "note": "Efter jobbet"})
    assert result.response.content.startswith("Registrerat: **Ring senare** torsdag 1 januari 2026 kl. 18:30.")

    card = await take_next(result)
    result = await caller.click(card.response.message, label="Fel nummer")
    assert result.response.content == "Registrerat: **Fel nummer**."
    card = await take_next(result)
    result = await caller.click(card.response.message, label="Vill inte bli uppringd")
    assert result.response.content.startswith("Registrerat: **Vill inte bli uppringd**. Numret står nu på spärrlistan")
    card = await take_next(result)
    shown = await caller.click(card.response.message, label="Behöver organisatör")
    result = await caller.submit_modal(shown, {"message": "Vill prata med ordföranden om medlemskapet"})
    assert result.response.content.startswith("Registrerat: **Behöver organisatör**. Kontakten väntar")
    card = await take_next(result)
    skipped_name = card_fields(card)["Namn"]
    result = await caller.click(card.response.message, label="Hoppa över")
    assert result.response.content == "Registrerat: **Hoppa över**."
    card = await take_next(result)
    assert card_fields(card)["Namn"] == skipped_name  # the last one left comes round again
    result = await caller.click(card.response.message, label="Inget svar")
    end = await caller.click(result.response.message, label="Nästa")
    assert end.response.content.startswith("Just nu finns inget att dela ut: resten av listan vilar")

    async with simcord_bot.db.session() as session:
        attempts = (await session.exec(select(Attempt).order_by(Attempt.id))).all()
        blocked = (await session.exec(select(DoNotCall))).all()
    assert [a.outcome for a in attempts] == [
        "answered",
        "no_answer",
        "busy",
        "voicemail",
        "callback",
        "callback",
        "wrong_number",
        "do_not_call",
        "needs_organiser",
        "skipped",
        "no_answer",
    ]
    assert VAULT.open(attempts[0].sealed_answers) == {"Kommer du på mötet?": "Ja", "Vill du bli aktiv?": "Kanske"}
    assert "Kanske" not in attempts[0].sealed_answers
    assert all(a.caller_id == caller.id for a in attempts) and len(blocked) == 1

    mine = await caller.slash(district.general, "call mine")
    assert mine.ephemeral
    assert mine.response.embeds[0].description == "**Vårringning**: 10 samtal, 1 svarade, 10 i dag"

    stats = await district.organiser.slash(district.general, "campaign stats", campaign="Vårringning")
    assert stats.ephemeral
    embed = stats.response.embeds[0]
    assert embed.description.startswith("▰▰▰▰▱▱▱▱▱▱▱▱ 30 %\n3 av 10 kontakter klara")
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Utfall (11 samtal)"] == (
        "Svarade: 1\nInget svar: 2\nUpptaget: 1\nLämnade meddelande: 1\nRing senare: 2\nFel nummer: 1\n"
        "Vill inte bli uppringd: 1\nBehöver organisatör: 1\nHoppa över: 1"
    )
    assert fields["Kommer du på mötet?"] == "Ja: 1" and fields["Vill du bli aktiv?"] == "Kanske: 1"
    assert fields["Ringare"] == "1 person har ringt"
    assert fields["Per partiförening"] == "Lund: 1 av 5 klara\nMalmö: 2 av 5 klara"
    assert fields["Läge"] == (
        "Att ringa nu: 0\nUtdelade just nu: 0\nVilar/ringa upp senare: 6\nVäntar på organisatör: 1\nKlara: 3"
    )

    # The export (moderators) matches, holds the personal data, and is audit-logged without it.
    refused = await district.organiser.slash(district.general, "campaign export", campaign="Vårringning")
    assert refused.response.content == "Det här kräver rollen moderator. Du har den inte."
    exported = await district.moderator.slash(district.general, "campaign export", campaign="Vårringning")
    message = exported.response
    assert message.ephemeral and message.content.startswith("Här är exporten av **Vårringning** (10 kontakter).")
    [attachment] = message.attachments
    data = await attachment.read()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "id",
        "namn",
        "telefon",
        "e-post",
        "partiförening",
        "status",
        "senaste utfall",
        "samtal",
        "anteckning från listan",
        "Kommer du på mötet?",
        "Vill du bli aktiv?",
        "anteckningar",
    ]
    first = rows[1]
    assert first[1:3] == ["Fiktiva5 Provsson", "070-174 06 05"]
    assert first[5:] == ["klar", "Svarade", "1", "Anteckning 5", "Ja", "Kanske", "Röt ut\nTrevlig"]
    assert sorted(r[6] for r in rows[1:]) == sorted(
        [
            "Svarade",
            "Inget svar",
            "Upptaget",
            "Lämnade meddelande",
            "Ring senare",
            "Ring senare",
            "Fel nummer",
            "Vill inte bli uppringd",
            "Behöver organisatör",
            "Inget svar",
        ]
    )
    assert await audit_actions(simcord_bot) == ["campaigns.create", "campaigns.import", "campaigns.export"]
    async with simcord_bot.db.session() as session:
        entries = (await session.exec(select(AuditEntry))).all()
    assert all(secrets_in(str(e.details)) == [] and "Röt ut" not in str(e.details) for e in entries)

    # The organiser sees the help queue and puts the contact back in the list.
    queue = await district.organiser.slash(district.general, "campaign help-queue")
    assert queue.ephemeral
    assert "Vill prata med ordföranden om medlemskapet" in queue.response.embeds[0].description
    held_id = next(c.id for c in await contacts(simcord_bot) if c.status == "held")
    denied = await district.caller.slash(district.general, "campaign help-queue")
    assert denied.response.content == "Det här kräver rollen organisatör. Du har den inte."
    solved = await district.organiser.click(queue.response.message, label=f"#{held_id} tillbaka i listan")
    assert solved.response.content == f"Kontakt #{held_id} är tillbaka i ringlistan."
    again = await next_card(district.caller, district)
    assert again.response.embeds[0].fields[0].value != ""
    empty = await district.organiser.slash(district.general, "campaign help-queue")
    assert empty.response.content == "Ingen kontakt väntar på en organisatör."
    assert simcord_env.errors == []


async def test_cooldown_attempts_call_back_and_claim_expiry_under_the_clock(simcord_env, simcord_bot, district):
    await create(district, retry_cooldown_hours=2, max_attempts=2, claim_minutes=10)
    await imported(district, call_list(1))
    caller, organiser = district.caller, district.organiser

    # Claim expiry: an unrecorded claim frees up after the claim time.
    card = await next_card(caller, district)
    busy = await next_card(organiser, district)
    assert busy.response.content.startswith("Just nu finns inget att dela ut: alla kontakter som är kvar ringer andra")
    await advance(simcord_env, simcord_bot, 10 * 60)
    taken = await next_card(organiser, district)
    assert card_fields(taken)["Namn"] == "Fiktiva5 Provsson"
    late = await caller.click(card.response.message, label="Inget svar")
    assert late.response.content.startswith("Den här kontakten är inte längre din")

    # Cooldown, then the maximum number of attempts.
    result = await organiser.click(taken.response.message, label="Inget svar")
    assert "kl. 03:10" in result.response.content  # 00.10 UTC + 2 h, shown in Stockholm time
    cooling = await next_card(caller, district)
    assert cooling.response.content == (
        "Just nu finns inget att dela ut: resten av listan vilar mellan försöken. Nästa kontakt blir ledig "
        "torsdag 1 januari 2026 kl. 03:10."
    )
    await advance(simcord_env, simcord_bot, 2 * 3600 - 1)
    assert (await next_card(caller, district)).response.embeds == []
    await advance(simcord_env, simcord_bot, 1)
    card = await next_card(caller, district)
    assert "Obesvarade försök: 1 av 2" in card_fields(card)["Tidigare försök"]

    # A call-back goes to the same caller first, to anyone an hour after.
    asked = await caller.click(card.response.message, label="Ring senare")
    await caller.click(asked.response.message, label="Senare i dag (+3 h)")
    due = simcord_env.now() + timedelta(hours=3)
    await advance_to(simcord_env, simcord_bot, due)
    other = await next_card(organiser, district)
    assert other.response.content.endswith("Nästa kontakt blir ledig torsdag 1 januari 2026 kl. 07:10.")
    await advance(simcord_env, simcord_bot, 3600)
    card = await next_card(organiser, district)
    assert card_fields(card)["Namn"] == "Fiktiva5 Provsson"
    result = await organiser.click(card.response.message, label="Upptaget")
    assert result.response.content == "Registrerat: **Upptaget**. Det var sista försöket – kontakten är klar."
    done = await next_card(caller, district)
    assert done.response.content == "Listan är klar – det finns inga fler att ringa. Tack!"
    assert simcord_env.errors == []


async def test_do_not_call_blocks_a_reimport(simcord_env, simcord_bot, district):
    await create(district)
    await imported(district, call_list(2))
    card = await next_card(district.caller, district)
    await district.caller.click(card.response.message, label="Vill inte bli uppringd")
    await create(district, name="Höstringning")
    preview, _ = await imported(district, call_list(2), campaign="Höstringning", confirm=False)
    assert "På spärrlistan (ringer inte): **1**" in preview.response.embeds[0].description
    assert "Giltiga att spara: **1**" in preview.response.embeds[0].description
    done = await district.organiser.click(preview.response.message, label="Bekräfta")
    assert done.response.content == "Klart: 1 kontakt sparad i **Höstringning**."
    async with simcord_bot.db.session() as session:
        autumn = (await session.exec(select(Campaign).where(Campaign.name == "Höstringning"))).one()
        rows = (await session.exec(select(Contact).where(Contact.campaign_id == autumn.id))).all()
    assert [r.row_number for r in rows] == [3]


async def test_a_non_caller_cannot_take_contacts(simcord_env, simcord_bot, district):
    await create(district)
    await imported(district, call_list(2))
    result = await district.member.slash(district.general, "call next")
    assert result.ephemeral and result.response.content == "Det här kräver rollen ringare. Du har den inte."
    result = await district.member.slash(
        district.general, "campaign import", campaign="Vårringning", file=("a.csv", b"x")
    )
    assert result.response.content == "Det här kräver rollen organisatör. Du har den inte."
    assert simcord_env.errors == []
    assert all(c.claimed_by is None for c in await contacts(simcord_bot))


async def test_fifty_callers_through_slash_commands(simcord_env, simcord_bot, district):
    """SimCord runs one operation at a time (overlapping slashes are refused), so here the 50 callers ask
    one after another; the truly simultaneous case is tested on the service (tests/bot/campaigns/test_calling.py).
    """
    await create(district)
    await imported(district, call_list(40))
    callers = []
    for n in range(50):
        user = simcord_env.create_user(f"ringare{n}", global_name=f"Ringare {n}")
        callers.append(district.guild.add_member(user, roles=[district.roles["caller"]]))
    results = [await c.slash(district.general, "call next") for c in callers]
    names = [card_fields(r)["Namn"] for r in results if r.response.embeds]
    empty = [r.response.content for r in results if not r.response.embeds]
    assert len(names) == 40 and len(set(names)) == 40
    assert len(empty) == 10 and all(text.startswith("Just nu finns inget att dela ut: alla") for text in empty)
    assert all(r.ephemeral for r in results)


async def test_close_erases_personal_data_after_thirty_days_and_purge_now(simcord_env, simcord_bot, district):
    await create(district)
    await imported(district, call_list(2))
    await create(district, name="Höstringning")
    await imported(district, call_list(1, start=20), campaign="Höstringning")
    card = await next_card(district.caller, district)
    await district.caller.click(card.response.message, label="Fel nummer")
    closed = await district.organiser.slash(district.general, "campaign close", campaign="Vårringning")
    assert closed.response.content == (
        "Kampanjen **Vårringning** är avslutad. Statistiken finns kvar; kontakternas personuppgifter raderas "
        "lördag 31 januari 2026 (eller nu med /campaign purge)."
    )
    closed_at = simcord_env.now()
    await advance_to(simcord_env, simcord_bot, closed_at + timedelta(days=30) - timedelta(seconds=1))
    assert all(c.sealed for c in await contacts(simcord_bot))
    await advance_to(simcord_env, simcord_bot, closed_at + timedelta(days=30))
    spring, autumn = (
        [c for c in await contacts(simcord_bot) if c.campaign_id == 1],
        [c for c in await contacts(simcord_bot) if c.campaign_id == 2],
    )
    assert all(c.sealed is None and c.phone_hash is None for c in spring)
    assert all(c.sealed for c in autumn)
    stats = await district.organiser.slash(district.general, "campaign stats", campaign="Vårringning")
    assert "1 av 2 kontakter klara" in stats.response.embeds[0].description

    denied = await district.organiser.slash(district.general, "campaign purge", campaign="Höstringning")
    assert denied.response.content == "Det här kräver rollen moderator. Du har den inte."
    asked = await district.moderator.slash(district.general, "campaign purge", campaign="Höstringning")
    assert asked.response.content.startswith("Radera namn, telefonnummer och anteckningar för 1 kontakt i")
    assert all(c.sealed for c in await contacts(simcord_bot) if c.campaign_id == 2)
    done = await district.moderator.click(asked.response.message, label="Bekräfta")
    assert done.response.content == "Personuppgifterna för 1 kontakt i **Höstringning** är raderade."
    assert all(c.sealed is None for c in await contacts(simcord_bot))
    assert (await audit_actions(simcord_bot))[-3:] == ["campaigns.close", "campaigns.purge", "campaigns.purge"]
    nothing = await next_card(district.caller, district)
    assert nothing.response.content == "Det finns ingen pågående ringkampanj just nu."
    assert simcord_env.errors == []


async def test_pause_resume_and_autocomplete(simcord_env, simcord_bot, district):
    await create(district)
    await imported(district, call_list(1))
    choices = await district.caller.autocomplete(district.general, "call next", "campaign", "vår")
    assert [c["name"] for c in choices] == ["Vårringning"]
    paused = await district.organiser.slash(district.general, "campaign pause", campaign="Vårringning")
    assert paused.response.content.startswith("Kampanjen **Vårringning** är pausad.")
    assert await district.caller.autocomplete(district.general, "call next", "campaign", "") == []
    result = await district.caller.slash(district.general, "call next", campaign="Vårringning")
    assert result.response.content == "Kampanjen är pausad just nu."
    await district.organiser.slash(district.general, "campaign resume", campaign="Vårringning")
    result = await district.caller.slash(district.general, "call next", campaign="Vårringning")
    assert card_fields(result)["Namn"] == "Fiktiva5 Provsson"
    unknown = await district.organiser.slash(district.general, "campaign stats", campaign="Finns inte")
    assert unknown.response.content == "Hittar ingen kampanj som heter Finns inte."
    assert simcord_env.errors == []


async def test_an_unexpected_error_in_a_modal_logs_no_note(simcord_env, simcord_bot, district, monkeypatch, caplog):
    await create(district)
    await imported(district, call_list(1))
    card = await next_card(district.caller, district)
    shown = await district.caller.click(card.response.message, label="Behöver organisatör")

    async def broken(*args, **kwargs):
        raise RuntimeError("database exploded")

    monkeypatch.setattr("bot.campaigns.outcomes.record", broken)
    result = await district.caller.submit_modal(shown, {"message": "Hemlig anteckning om Fiktiva5 Provsson"})
    assert result.response.content.startswith("Något gick fel. Felkod: `")
    code = result.response.content.split("`")[1]
    assert any(code in r.getMessage() for r in caplog.records)
    assert [type(getattr(e, "original", e)) for e in simcord_env.errors] == [RuntimeError]


async def test_a_large_file_shows_progress_while_it_is_read(simcord_env, simcord_bot, district, monkeypatch):
    import sys
    import time

    from bot.campaigns import importer

    await create(district)
    cog_module = sys.modules["cogs.campaigns._cog"]  # the module the extension loader ran
    monkeypatch.setattr(cog_module, "BIG_FILE_BYTES", 100)
    monkeypatch.setattr(cog_module, "PROGRESS_INTERVAL", 0.01)
    monkeypatch.setattr(importer, "PROGRESS_STEP", 10)
    real_parse = importer.parse_file

    def slow_parse(data, filename, progress=None):
        def slow_progress(done, total):
            progress(done, total)
            time.sleep(0.05)  # a large file takes a while

        return real_parse(data, filename, slow_progress)

    monkeypatch.setattr(importer, "parse_file", slow_parse)
    preview, _ = await imported(district, call_list(60), confirm=False)
    assert preview.response.content == "Inget är sparat ännu. Tryck Bekräfta för att spara 60 kontakter."
    shown = [
        r.json.get("content")
        for r in simcord_env.http_requests
        if r.method == "PATCH" and r.path.endswith("/messages/@original") and isinstance(r.json, dict)
    ]
    assert shown[0] == "Läser lista.csv …"
    progress = [text for text in shown if text and text.startswith("Läser lista.csv … ")]
    assert progress and all(text.endswith("av cirka 61 rader.") for text in progress)


async def test_card_buttons_work_after_a_restart_and_back_returns_to_the_card(
    simcord_env, simcord_bot, district, make_bot
):
    await create(district)
    await imported(district, call_list(2))
    card = await next_card(district.caller, district)
    again = await next_card(district.caller, district)
    assert again.response.content == "Du har redan den här kontakten – registrera den först."
    assert card_fields(again)["Namn"] == card_fields(card)["Namn"] == "Fiktiva5 Provsson"

    await simcord_env.restart_bot(make_bot())
    asked = await district.caller.click(card.response.message, label="Ring senare")
    assert asked.response.content.startswith("När ska kontakten ringas upp?")
    back = await district.caller.click(asked.response.message, label="Tillbaka")
    assert back.response.content == "" and card_fields(back)["Namn"] == "Fiktiva5 Provsson"
    asked = await district.caller.click(back.response.message, label="Ring senare")
    result = await district.caller.click(asked.response.message, label="Nästa vecka")
    assert result.response.content.startswith("Registrerat: **Ring senare** torsdag 8 januari 2026")
    following = await district.caller.click(result.response.message, label="Nästa")
    assert card_fields(following)["Namn"] == "Fiktiva6 Provsson"

    # A held contact: the organiser may also mark it done, which is audit-logged.
    shown = await district.caller.click(following.response.message, label="Behöver organisatör")
    await district.caller.submit_modal(shown, {"message": "Fråga om avgiften"})
    queue = await district.organiser.slash(district.general, "campaign help-queue")
    held = next(c.id for c in await contacts(simcord_bot) if c.status == "held")
    await simcord_env.restart_bot(make_bot())
    solved = await district.organiser.click(queue.response.message, label=f"#{held} klar")
    assert solved.response.content == f"Kontakt #{held} är markerad som klar."
    twice = await district.organiser.click(queue.response.message, label=f"#{held} tillbaka i listan")
    assert twice.response.content == "Kontakten väntar inte längre på en organisatör."
    assert (await audit_actions(simcord_bot))[-1] == "campaigns.resolve"
    assert [c.status for c in await contacts(simcord_bot)] == ["open", "done"]
    assert simcord_env.errors == []


async def test_the_help_queue_shows_the_oldest_five(simcord_env, simcord_bot, district):
    await create(district)
    await imported(district, call_list(6))
    for n in range(6):
        card = await next_card(district.caller, district)
        shown = await district.caller.click(card.response.message, label="Behöver organisatör")
        await district.caller.submit_modal(shown, {"message": f"Fråga {n}"})
    queue = await district.organiser.slash(district.general, "campaign help-queue")
    embed = queue.response.embeds[0]
    assert embed.footer.text == "Visar de 5 äldsta av 6. Lös dem för att se fler."
    assert [f"Fråga {n}" in embed.description for n in range(6)] == [True] * 5 + [False]
    nothing = await next_card(district.caller, district)
    assert nothing.response.content == (
        "Listan är klar – det finns inga fler att ringa. Tack! 6 kontakter väntar på en organisatör."
    )


async def test_a_contact_the_key_cannot_read_is_never_handed_out_and_the_export_still_comes(
    simcord_env, simcord_bot, district
):
    from datetime import UTC, datetime

    from cryptography.fernet import Fernet

    from bot.campaigns import imports, lifecycle
    from bot.campaigns.importer import Parsed, Row
    from bot.campaigns.models import ContactStatus

    await create(district)
    async with simcord_bot.db.session() as session:  # a contact stored under another key, first in the queue
        campaign = await lifecycle.find_campaign(session=session, guild_id=district.guild.id, ref="Vårringning")
        stranger = Vault(Fernet.generate_key().decode())
        rows = [Row(row=2, phone="+46701740699", name="Hemlig Person")]
        earlier = datetime(2025, 12, 1, tzinfo=UTC)
        await imports.store_import(
            session=session, vault=stranger, campaign_id=campaign.id, parsed=Parsed(rows_read=1, rows=rows), now=earlier
        )
    await imported(district, call_list(1))

    card = await next_card(district.caller, district)
    assert card_fields(card)["Namn"] == "Fiktiva5 Provsson"
    unreadable, readable = await contacts(simcord_bot)
    assert (unreadable.status, unreadable.claimed_by) == (ContactStatus.HELD, None)
    assert readable.claimed_by == district.caller.id
    async with simcord_bot.db.session() as session:
        attempts = (await session.exec(select(Attempt))).all()
    assert [a.contact_id for a in attempts] == [readable.id]

    exported = await district.moderator.slash(district.general, "campaign export", campaign="Vårringning")
    assert exported.response.content.startswith("Här är exporten av **Vårringning** (2 kontakter).")
    assert exported.response.content.endswith(
        " 1 av dem kan inte läsas med nuvarande nyckel (DATA_KEY) och står i filen utan namn, nummer, anteckningar "
        "och svar."
    )
    data = await exported.response.attachments[0].read()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert [row[:3] for row in rows[1:]] == [
        [str(unreadable.id), "(kan inte läsas)", ""],
        [str(readable.id), "Fiktiva5 Provsson", "070-174 06 05"],
    ]


async def test_a_zip_bomb_is_refused_in_swedish_and_nothing_is_stored(simcord_env, simcord_bot, district):
    from tests.bot.campaigns.test_importer import zip_bomb

    await create(district)
    result = await district.organiser.slash(
        district.general, "campaign import", campaign="Vårringning", file=("lista.xlsx", zip_bomb())
    )
    said = [result.response.content, *(f.content for f in result.followups)]
    assert said[-1] == (
        "Kalkylbladet blir för stort när det packas upp (mer än 200 MB, eller mer än 100 gånger sin packade "
        "storlek), så jag läser det inte. Spara listan som CSV eller dela upp den. Inget har sparats."
    )
    assert simcord_env.errors == []
    assert await contacts(simcord_bot) == []
    assert await audit_actions(simcord_bot) == ["campaigns.create"]
