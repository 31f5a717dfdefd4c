"""The year-end report in every format from one model: Markdown, PDF, Word and OpenDocument hold the same
sections, promises, statuses and evidence lines, with headings the board's word processor sees as an outline and
a chart per section; a separatist meeting's title and date only for its audience and moderators."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import docx
import pypdfium2
import pytest
from odf import opendocument, teletype
from odf.draw import Image as OdfImage
from odf.text import H, ListItem, P
from sqlmodel import select

from bot.campaigns.models import Attempt, Campaign, Contact
from bot.commitments.models import Commitment, Section, Status, Update
from bot.meetings.models import Attendance
from tests.cogs.commitments.test_commitments import commitment_id, load_skane, pdf_words
from tests.cogs.meetings.test_meetings import schedule, stored_meetings
from tests.support import advance_to

WOMEN = "Arrangera träffar för kvinnor och ickebinära"
OPPOSITION = "Arrangera träffar med fokus på oppositionsarbete med partiföreningar"
CONTACT = "Öka kontakten med partiföreningar"
TRAINING = "Genomföra en utbildning i medlemsvård"
MEN = "Fortsätta att utveckla mansträffarna"
SECRET = "Kvinnoträff om lönesamtal"
"""The separatist meeting's title: in the report only for its audience and moderators."""

OPEN_LINE = "2026-01-14 Oppositionsträff i Lund: 3 närvarande"
SECRET_LINE = f"2026-01-20 {SECRET}: 2 närvarande"
HIDDEN_LINE = "1 möte till: titel och datum visas bara för gruppen och moderatorerna"
EVIDENCE = {
    WOMEN: "träffar för kvinnor och ickebinära: 1 möte hållet, 2 närvarande",
    OPPOSITION: "oppositionsträff: 1 öppet möte hållet, 3 närvarande",
    CONTACT: "Ringkampanjen Vårens ringkampanj: 2 samtal, 1 av 3 kontakter nådda",
}


async def report_scene(simcord_env, simcord_bot, district) -> dict[str, int]:
    """The Skåne plan a month into the year: meetings held and attended, a campaign under way, a promise done,
    one with an owner, one the annual meeting struck."""
    await load_skane(district)
    ids = {title: await commitment_id(simcord_bot, title) for title in (WOMEN, OPPOSITION, CONTACT, TRAINING, MEN)}
    organiser = district.organiser
    await organiser.slash(
        district.general,
        "commitment link",
        commitment=str(ids[WOMEN]),
        kind="meeting_audience",
        value="women-nonbinary",
    )
    await organiser.slash(
        district.general,
        "commitment link",
        commitment=str(ids[OPPOSITION]),
        kind="meeting_title",
        value="oppositionsträff",
    )
    await organiser.slash(
        district.general, "commitment target", commitment=str(ids[OPPOSITION]), amount=4, unit="meetings"
    )
    await organiser.slash(district.general, "commitment assign", commitment=str(ids[OPPOSITION]), owner=district.woman)
    await organiser.slash(
        district.general, "commitment update", commitment=str(ids[TRAINING]), status="klar", note="Hölls i Malmö"
    )
    async with simcord_bot.db.session() as session:
        campaign = Campaign(guild_id=district.guild.id, name="Vårens ringkampanj")
        session.add(campaign)
        await session.flush()
        contacts = [
            Contact(guild_id=district.guild.id, campaign_id=campaign.id, row_number=n, available_at=simcord_env.now())
            for n in range(3)
        ]
        session.add_all(contacts)
        await session.flush()
        for contact, outcome in zip(contacts, ("answered", "no_answer"), strict=False):
            session.add(
                Attempt(
                    guild_id=district.guild.id,
                    campaign_id=campaign.id,
                    contact_id=contact.id,
                    caller_id=district.caller.id,
                    claimed_at=simcord_env.now(),
                    outcome=outcome,
                )
            )
        contacts[0].last_outcome = "answered"
        session.add(contacts[0])
        men = await session.get(Commitment, ids[MEN])
        session.add(
            Update(
                guild_id=district.guild.id,
                commitment_id=men.id,
                author_id=district.moderator.id,
                old_status=men.status,
                new_status=Status.DROPPED,
            )
        )
        men.status = Status.DROPPED
        session.add(men)
    await organiser.slash(
        district.general, "commitment link", commitment=str(ids[CONTACT]), kind="campaign", value="Vårens ringkampanj"
    )

    await schedule(district, "open", title="Oppositionsträff i Lund", start="2026-01-14 18:00")
    await schedule(district, "women-nonbinary", title=SECRET, start="2026-01-20 18:00", by=district.moderator)
    await advance_to(simcord_env, simcord_bot, datetime(2026, 1, 29, 12, tzinfo=UTC))
    open_meeting, secret_meeting = await stored_meetings(simcord_bot)
    async with simcord_bot.db.session() as session:
        for meeting, people in ((open_meeting, ("member", "man", "caller")), (secret_meeting, ("woman", "admin"))):
            for key in people:
                session.add(
                    Attendance(
                        guild_id=district.guild.id,
                        meeting_id=meeting.id,
                        user_id=district.members[key].id,
                        recorded_by=district.moderator.id,
                    )
                )
    return ids


async def section_titles(bot) -> list[str]:
    """The plan's sections that hold commitments, in the plan's order."""
    async with bot.db.session() as session:
        sections = (await session.exec(select(Section).order_by(Section.position))).all()
        used = {c.section_id for c in (await session.exec(select(Commitment))).all()}
    return [s.title for s in sections if s.id in used]


async def commitment_titles(bot) -> list[str]:
    async with bot.db.session() as session:
        return [c.title for c in (await session.exec(select(Commitment))).all()]


async def report_file(district, person, format: str) -> tuple[str, bytes]:
    result = await person.slash(district.general, "commitment report", format=format)
    assert result.ephemeral
    assert (
        result.response.content
        == "Här är utkastet till verksamhetsberättelse för ”Verksamhetsplan 2023 för Vänsterpartiet Skåne”."
    )
    attachment = result.response.attachments[0]
    return attachment.filename, await attachment.read()


def docx_outline(body: bytes) -> tuple[list[tuple[int, str]], list[str]]:
    """The headings (level, text) and the other paragraphs' texts of a Word document."""
    document = docx.Document(io.BytesIO(body))
    headings, texts = [], []
    for paragraph in document.paragraphs:
        name = paragraph.style.name
        if name.startswith("Heading "):
            headings.append((int(name.removeprefix("Heading ")), paragraph.text))
        else:
            texts.append(paragraph.text)
    return headings, texts


def odt_outline(body: bytes) -> tuple[list[tuple[int, str]], list[str]]:
    document = opendocument.load(io.BytesIO(body))
    headings = [(int(h.getAttribute("outlinelevel")), teletype.extractText(h)) for h in document.getElementsByType(H)]
    texts = [teletype.extractText(p) for p in document.getElementsByType(P)]
    return headings, texts


def report_texts(format: str, body: bytes) -> str:
    """Every text of a report file, one paragraph a line."""
    if format == "md":
        return body.decode()
    if format == "pdf":
        return pdf_words(body)
    headings, texts = (docx_outline if format == "docx" else odt_outline)(body)
    return "\n".join([text for _, text in headings] + texts)


def expected_outline(sections: list[str], titles_by_section: dict[str, list[str]]) -> list[tuple[int, str]]:
    outline = [(1, "Verksamhetsberättelse 2023"), (2, "Sammanfattning")]
    for section in sections:
        outline.append((2, section))
        outline += [(3, title) for title in titles_by_section[section]]
    return outline


async def titles_by_section(bot) -> dict[str, list[str]]:
    async with bot.db.session() as session:
        sections = {s.id: s.title for s in (await session.exec(select(Section))).all()}
        rows = (await session.exec(select(Commitment).order_by(Commitment.position, Commitment.id))).all()
    found: dict[str, list[str]] = {}
    for row in rows:
        found.setdefault(sections[row.section_id], []).append(row.title)
    return found


def common_lines(woman_name: str) -> list[str]:
    """The lines every reader's report holds, in the Word and OpenDocument paragraphs' words."""
    return [
        "Status: klar",
        "Status: struken av årsmötet",
        "struken av årsmötet: 1",
        "Framsteg: 1 av 4 träffar · 25 %",
        f"Ansvariga: {woman_name}",
        EVIDENCE[WOMEN],
        EVIDENCE[OPPOSITION],
        EVIDENCE[CONTACT],
        OPEN_LINE,
    ]


async def test_the_word_report_has_an_outline_every_promise_its_status_and_evidence_and_a_chart_per_section(
    simcord_env, simcord_bot, district
):
    await report_scene(simcord_env, simcord_bot, district)
    name, body = await report_file(district, district.moderator, "docx")
    assert name.endswith(".docx")
    headings, texts = docx_outline(body)
    sections = await section_titles(simcord_bot)
    assert headings == expected_outline(sections, await titles_by_section(simcord_bot))
    for line in [*common_lines(district.woman.member.display_name), SECRET_LINE]:
        assert line in texts
    assert HIDDEN_LINE not in texts
    assert "Uppföljning:" in texts and "Underlag:" in texts
    document = docx.Document(io.BytesIO(body))
    # A meeting is a list item under its evidence line.
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert (styles[EVIDENCE[WOMEN]], styles[SECRET_LINE]) == ("List Bullet", "List Bullet 2")
    # The updates: what the annual meeting struck, and the note of a promise done.
    assert "2026-01-01 (Maria Moderator) struken av årsmötet: –" in texts
    assert any(t.endswith("(Olle Organisatör) klar: Hölls i Malmö") for t in texts)
    # The status chart and one progress chart per section, as pictures in the file.
    assert len(document.inline_shapes) == 1 + len(sections)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        pictures = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert len(pictures) == 1 + len(sections)
        assert all(archive.read(n).startswith(b"\x89PNG") for n in pictures)
    assert simcord_env.errors == []


async def test_the_opendocument_report_has_an_outline_every_promise_its_status_and_evidence_and_a_chart_per_section(
    simcord_env, simcord_bot, district
):
    await report_scene(simcord_env, simcord_bot, district)
    name, body = await report_file(district, district.moderator, "odt")
    assert name.endswith(".odt")
    headings, texts = odt_outline(body)
    sections = await section_titles(simcord_bot)
    assert headings == expected_outline(sections, await titles_by_section(simcord_bot))
    for line in [*common_lines(district.woman.member.display_name), SECRET_LINE]:
        assert line in texts
    document = opendocument.load(io.BytesIO(body))
    # A meeting stands in a list under its evidence line.
    items = [teletype.extractText(i) for i in document.getElementsByType(ListItem)]
    assert any(i.startswith(EVIDENCE[WOMEN]) and i.endswith(SECRET_LINE) for i in items)
    hrefs = [i.getAttribute("href") for i in document.getElementsByType(OdfImage)]
    assert len(hrefs) == 1 + len(sections)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert all(archive.read(h).startswith(b"\x89PNG") for h in hrefs)
    assert simcord_env.errors == []


@pytest.mark.parametrize("format", ["md", "pdf", "docx", "odt"])
async def test_a_separatist_meeting_is_named_only_in_the_reports_of_its_audience_and_moderators(
    simcord_env, simcord_bot, district, format
):
    await report_scene(simcord_env, simcord_bot, district)
    # An organiser in the audience, besides the moderator, sees it; an organiser outside it sees it counted only.
    insider = district.guild.add_member(
        simcord_env.create_user("amira", global_name="Amira Organisatör"),
        roles=[district.roles["women-nonbinary"], district.roles["organiser"]],
    )
    await simcord_env.settle()
    for person, sees in ((district.moderator, True), (insider, True), (district.organiser, False)):
        _, body = await report_file(district, person, format)
        text = report_texts(format, body)
        assert EVIDENCE[WOMEN] in text and OPEN_LINE in text
        if sees:
            assert SECRET_LINE in text and HIDDEN_LINE not in text
        else:
            assert SECRET not in text and "2026-01-20" not in text
            assert HIDDEN_LINE in text
    assert simcord_env.errors == []


async def test_the_markdown_report_lists_the_meetings_under_their_evidence_line(simcord_env, simcord_bot, district):
    await report_scene(simcord_env, simcord_bot, district)
    _, body = await report_file(district, district.organiser, "md")
    text = body.decode()
    assert f"Underlag:\n- {EVIDENCE[WOMEN]}\n  - {HIDDEN_LINE}\n" in text
    assert f"Underlag:\n- {EVIDENCE[OPPOSITION]}\n  - {OPEN_LINE}\n" in text
    assert f"### {MEN}\n\nStatus: **struken av årsmötet**\n" in text


async def test_the_pdf_report_renders_to_pages_with_its_charts(simcord_env, simcord_bot, district):
    await report_scene(simcord_env, simcord_bot, district)
    _, body = await report_file(district, district.moderator, "pdf")
    document = pypdfium2.PdfDocument(body)  # the renderer pdfplumber reads with: no program outside Python needed
    try:
        assert len(document) >= 2
        first = document[0].render(scale=50 / 72).to_pil().convert("RGB")
    finally:
        document.close()
    assert first.width == 414 and first.height == 585  # A4 at 50 dpi
    colours = {colour for _, colour in first.getcolors(maxcolors=1 << 20)}
    assert (46, 139, 87) in colours  # the chart's green (klar) is drawn on the first page
    text = pdf_words(body)
    assert "Verksamhetsberättelse 2023" in text and "Status: struken av årsmötet" in text and SECRET_LINE in text
