"""Plan files as secretaries have them: a two-column PDF, Word, LibreOffice, plain text; hostile and unreadable
files are refused with one clear Swedish sentence, and nothing is stored."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import pytest

from bot.commitments.plan_files import (
    MAX_PDF_PAGES,
    MAX_TEXT_CHARS,
    PlanFileError,
    plan_text,
    read_plan,
)
from bot.commitments.plan_parser import TooManyCommitments
from bot.i18n import t

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "plans"

# The plan every fixture of another format holds (tests/fixtures/plans/make_fixtures.py).
NORRBOTTEN = [
    (
        "Politiskt",
        [
            ("prose", "Driva krav på en utbyggd kollektivtrafik i hela länet"),
            ("list", "Skriva en motion om nattåg till regionfullmäktige"),
            ("list", "Hålla ett öppet möte om bostäder i Luleå"),
        ],
    ),
    (
        "Medlemsvård",
        [
            ("prose", "Ringa alla nya medlemmar inom en månad"),
            ("list", "Ordna en välkomstträff varje kvartal"),
            ("list", "Ta fram ett välkomstbrev"),
        ],
    ),
    ("Utbildning", [("prose", "Genomföra en grundkurs för nya medlemmar")]),
]


def outline(plan) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(s.title, [(c.origin, c.title) for c in s.commitments]) for s in plan.sections]


def refusal(data: bytes, filename: str) -> str:
    with pytest.raises(PlanFileError) as caught:
        read_plan(data, filename)
    return t(caught.value.key, **caught.value.values)


@pytest.mark.parametrize("name", ["two-columns.pdf", "plan.docx", "plan.odt"])
def test_each_format_gives_the_same_plan(name):
    plan = read_plan((FIXTURES / name).read_bytes(), name)
    assert (plan.title, plan.organisation, plan.year) == (
        "Verksamhetsplan 2025 för Vänsterpartiet Norrbotten",
        "Vänsterpartiet Norrbotten",
        2025,
    )
    assert outline(plan) == NORRBOTTEN
    call = plan.sections[1].commitments[0]
    assert call.description == "Partiföreningarna behöver ringa alla nya medlemmar inom en månad."
    assert plan.sections[2].commitments[0].description == (
        "Kommande verksamhetsår kommer vi att genomföra en grundkurs för nya medlemmar."
    )


def test_the_two_column_pdf_is_read_in_reading_order_not_line_order():
    import pdfplumber

    data = (FIXTURES / "two-columns.pdf").read_bytes()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        line_order = pdf.pages[0].extract_text()
    assert line_order.index("medlemmar inom en månad") < line_order.index("Partiföreningarna behöver ringa")
    text = plan_text(data, "two-columns.pdf")
    assert text.index("Partiföreningarna behöver ringa") < text.index("medlemmar inom en månad")
    assert text.index("## Medlemsvård") < text.index("Vi ska:") < text.index("## Utbildning")


def test_a_scanned_pdf_is_refused_clearly():
    assert refusal((FIXTURES / "scanned.pdf").read_bytes(), "scanned.pdf") == (
        "PDF-filen har ingen text, bara bilder (en inskannad plan?). Bifoga Word-filen eller en PDF som sparats "
        "direkt från Word eller LibreOffice. Inget sparades."
    )


def test_a_password_protected_pdf_is_refused_clearly():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="styrelsen", user_password="hemligt")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.text(20, 20, "- Ringa alla medlemmar")
    assert refusal(bytes(pdf.output()), "plan.pdf") == (
        "Filen är lösenordsskyddad. Spara en kopia utan lösenord och försök igen. Inget sparades."
    )


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"{\\rtf1\\ansi Verksamhetsplan}", "plan.rtf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "plan.doc"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "plan.png"),
        (b"- Ringa\x00 alla", "plan.txt"),
    ],
)
def test_an_unknown_format_is_refused_clearly(data, name):
    assert refusal(data, name) == (
        "Jag kan inte läsa den sortens fil. Spara planen som PDF, Word (.docx), LibreOffice (.odt), text (.txt) "
        "eller Markdown (.md) och försök igen. Inget sparades."
    )


def test_a_spreadsheet_zip_is_not_taken_for_a_plan():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert refusal(buffer.getvalue(), "plan.xlsx").startswith("Jag kan inte läsa den sortens fil.")


def test_a_damaged_word_file_is_refused_clearly():
    data = (FIXTURES / "plan.docx").read_bytes()
    assert refusal(data[: len(data) // 2], "plan.docx") == (
        "Filen går inte att läsa, den kan vara skadad. Spara planen på nytt och försök igen. Inget sparades."
    )


def docx_with(member: str, size: int) -> bytes:
    """The fixture .docx with one more member of `size` zero bytes: small packed, huge unpacked."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO((FIXTURES / "plan.docx").read_bytes())) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        with target.open(member, "w") as out:
            chunk = bytes(1024 * 1024)
            for _ in range(size // len(chunk)):
                out.write(chunk)
    return buffer.getvalue()


BOMB = (
    "Filen packas upp till orimligt mycket och kan vara skadlig, så jag läser den inte. Spara planen på nytt och "
    "försök igen. Inget sparades."
)


@pytest.mark.parametrize(("size", "why"), [(60 * 1024 * 1024, "too large unpacked"), (4 * 1024 * 1024, "ratio")])
def test_a_zip_bomb_is_refused_before_a_library_reads_it(size, why):
    bomb = docx_with("word/media/filler.bin", size)
    assert len(bomb) < 200_000, why
    assert refusal(bomb, "plan.docx") == BOMB


def test_an_odt_bomb_is_refused_too():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("content.xml", b"<x>" + b" " * (8 * 1024 * 1024) + b"</x>")
    assert refusal(buffer.getvalue(), "plan.odt") == BOMB


def pdf_with_stream(stream: bytes) -> bytes:
    """A one-page PDF whose page content is the given Flate-compressed stream."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_pdf_whose_stream_inflates_beyond_reason_is_refused():
    bomb = pdf_with_stream(zlib.compress(b" " * (101 * 1024 * 1024), 9))
    assert len(bomb) < 300_000
    assert refusal(bomb, "plan.pdf") == BOMB


def test_a_pdf_with_too_many_pages_is_refused():
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(MAX_PDF_PAGES + 1):
        pdf.add_page()
    assert refusal(bytes(pdf.output()), "plan.pdf") == (
        "PDF-filen har fler än 100 sidor, det är mer än en verksamhetsplan. Bifoga bara planen. Inget sparades."
    )


def test_file_and_text_sizes_are_capped():
    assert refusal(b"- x\n" * (3 * 1024 * 1024), "plan.txt") == "Filen är för stor (högst 10 MB). Inget sparades."
    assert refusal(b"- x\n" * 300_000, "plan.md") == "Filen är för stor (högst 1 MB). Inget sparades."
    long_text = ("Fakta är på vår sida. " * (MAX_TEXT_CHARS // 20)).encode()
    assert refusal(long_text[:1_000_000], "plan.txt") == (
        "Filen har mer än 500\xa0000 tecken text, det är mer än en verksamhetsplan. Bifoga bara planen. Inget sparades."
    )
    assert refusal(b"  \n", "plan.txt") == "Filen är tom. Inget sparades."


def test_a_one_megabyte_plan_of_items_is_refused_whole_not_stored_as_forty_thousand_commitments():
    """Hardening finding 3: a 1 MB plan used to give 41 666 commitments."""
    flood = b"".join(b"- Punkt %d\n" % n for n in range(75_000))
    assert 900_000 < len(flood) < 1024 * 1024
    assert refusal(flood, "plan.txt") == (
        "Filen har mer än 500\xa0000 tecken text, det är mer än en verksamhetsplan. Bifoga bara planen. Inget sparades."
    )
    smaller = b"".join(b"- Punkt %d\n" % n for n in range(30_000))
    assert len(smaller) < MAX_TEXT_CHARS
    with pytest.raises(TooManyCommitments) as caught:
        read_plan(smaller, "plan.txt")
    assert caught.value.values == {"limit": 500}


def test_windows_text_is_read():
    text = "## Medlemsvård\r\n\r\n- Ringa alla nya medlemmar\r\n".encode("cp1252")
    plan = read_plan(text, "plan.txt")
    assert outline(plan) == [("Medlemsvård", [("list", "Ringa alla nya medlemmar")])]


def test_a_one_column_pdf_is_read_line_by_line_with_its_bold_headings():
    from fpdf import FPDF

    fonts = "/usr/share/fonts/truetype/dejavu"
    pdf = FPDF()
    pdf.add_font("DejaVu", "", f"{fonts}/DejaVuSans.ttf")
    pdf.add_font("DejaVu", "B", f"{fonts}/DejaVuSans-Bold.ttf")
    pdf.add_page()
    for heading, prose in (
        (
            "Medlemsvård",
            "Vi blir fler. " * 12 + "Distriktet ska ringa alla nya medlemmar inom en vecka efter att de gått med.",
        ),
        (
            "Studier",
            "Kunskap behövs. " * 12 + "Styrelsen kommer att ordna en grundkurs i varje partiförening under hösten.",
        ),
    ):
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(0, 6, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 11)
        pdf.multi_cell(0, 6, prose, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    plan = read_plan(bytes(pdf.output()), "plan.pdf")
    assert outline(plan) == [
        ("Medlemsvård", [("prose", "Ringa alla nya medlemmar inom en vecka efter att de gått med")]),
        ("Studier", [("prose", "Ordna en grundkurs i varje partiförening under hösten")]),
    ]
