"""Reading call lists: pure functions, no Discord, no database."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from bot.campaigns import importer
from bot.campaigns.importer import (
    ImportFormatError,
    InvalidPhone,
    normalise_phone,
    parse_file,
)

FICTION = [f"+467017406{n:02d}" for n in range(5, 100)]  # 070-1740605 … 070-1740699


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_bom_semicolon_csv_with_swedish_headers():
    data = (
        "\ufeffFörnamn;Efternamn;Mobil;Partiförening;E-post;Anteckning;Intresse\r\n"
        "Alva;Provsson;070-174 06 05;Malmö;alva@example.org;Ring efter 17;Bostäder\r\n"
        "Bertil;Fiktiv;0701740606;Lund;;;\r\n"
    ).encode()
    parsed = parse_file(data, "lista.csv")
    assert parsed.rows_read == 2 and parsed.duplicates == 0 and parsed.invalid == []
    assert parsed.columns == ["first_name", "last_name", "phone", "branch", "email", "note"]
    first, second = parsed.rows
    assert (first.row, first.name, first.phone, first.branch, first.email, first.note) == (
        2,
        "Alva Provsson",
        "+46701740605",
        "Malmö",
        "alva@example.org",
        "Ring efter 17",
    )
    assert first.extra == {"Intresse": "Bostäder"}
    assert (second.row, second.name, second.phone) == (3, "Bertil Fiktiv", "+46701740606")


def test_comma_csv_in_windows_1252_with_english_headers():
    data = "Name,Phone,Branch,Email,Note\r\nÅsa Östlund,070-1740610,Hässleholm,,Träffas på mötet\r\n".encode("cp1252")
    [row] = parse_file(data, "list.csv").rows
    assert (row.name, row.phone, row.branch, row.note) == (
        "Åsa Östlund",
        "+46701740610",
        "Hässleholm",
        "Träffas på mötet",
    )


def test_xlsx_with_numeric_phone_cells():
    data = xlsx(
        [
            ["Namn", "Telefon", "Partiförening"],
            ["Alva Provsson", 701740605, "Malmö"],
            ["Bertil Fiktiv", "+46 70 174 06 06", "Lund"],
            [None, None, None],
            ["Utan Nummer", None, "Lund"],
        ]
    )
    parsed = parse_file(data, "lista.xlsx")
    assert [(r.row, r.name, r.phone) for r in parsed.rows] == [
        (2, "Alva Provsson", "+46701740605"),
        (3, "Bertil Fiktiv", "+46701740606"),
    ]
    assert [(i.row, i.reason) for i in parsed.invalid] == [(5, "missing")]
    assert parsed.rows_read == 3


def test_invalid_rows_have_row_numbers_and_duplicates_merge():
    data = ("namn;telefon;anteckning\nA;070-1740605;första\nB;12345;\nC;hej hej;\nA igen;+46701740605;andra\n").encode()
    parsed = parse_file(data, "x.csv")
    assert parsed.rows_read == 4
    assert [(i.row, i.reason) for i in parsed.invalid] == [(3, "invalid"), (4, "not_a_number")]
    assert parsed.duplicates == 1
    [row] = parsed.rows
    assert (row.row, row.name, row.note) == (2, "A", "första / andra")


@pytest.mark.parametrize(
    ("data", "filename", "key"),
    [
        (b"", "x.csv", "campaigns.import.error.empty"),
        (b"namn;e-post\nA;a@example.org\n", "x.csv", "campaigns.import.error.no_phone_column"),
        (b"PK\x03\x04 this is no workbook", "x.xlsx", "campaigns.import.error.unreadable"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel", "x.xls", "campaigns.import.error.format"),
        (b"\x81\x8d\x8f\x90\x9d", "x.csv", "campaigns.import.error.encoding"),
        (b"telefon\n\x00\x00\x00", "x.csv", "campaigns.import.error.unreadable"),
    ],
)
def test_malformed_files_raise_a_clear_error(data, filename, key):
    with pytest.raises(ImportFormatError) as raised:
        parse_file(data, filename)
    assert raised.value.key == key


# ---------------------------------------------------------------------------- properties

separators = st.sampled_from(["", " ", "-", "  "])


@st.composite
def written_fiction_numbers(draw):
    """A number from the fiction range written the ways people write numbers."""
    e164 = draw(st.sampled_from(FICTION))
    national = "0" + e164[3:]  # 0701740605
    sep = draw(separators)
    style = draw(st.sampled_from(["national", "grouped", "plus", "00", "bare46"]))
    if style == "national":
        text = national
    elif style == "grouped":
        text = f"{national[:3]}{sep}{national[3:6]}{sep}{national[6:8]}{sep}{national[8:]}"
    elif style == "plus":
        text = f"+46{sep}{e164[3:5]}{sep}{e164[5:]}"
    elif style == "00":
        text = f"0046{sep}{e164[3:]}"
    else:
        text = e164[1:]
    padding = draw(st.sampled_from(["", " ", "\t"]))
    return padding + text + padding, e164


@given(written_fiction_numbers())
def test_any_way_of_writing_a_fiction_number_normalises_to_e164(case):
    text, e164 = case
    assert normalise_phone(text) == e164


@given(st.text(max_size=30))
def test_normalise_phone_either_gives_e164_or_a_reason(text):
    try:
        result = normalise_phone(text)
    except InvalidPhone as error:
        assert error.reason in {"missing", "not_a_number", "invalid"}
    else:
        assert result.startswith("+") and result[1:].isdigit()


cell = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(cell, st.one_of(cell, written_fiction_numbers().map(lambda c: c[0])), cell), max_size=15),
    delimiter=st.sampled_from([";", ","]),
    bom=st.booleans(),
    encoding=st.sampled_from(["utf-8", "cp1252"]),
)
def test_csv_parsing_accounts_for_every_row(rows, delimiter, bom, encoding):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["Namn", "Telefon", "Partiförening"])
    for row in rows:
        writer.writerow(row)
    text = buffer.getvalue()
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    if bom and data[:1] != b"\xef":
        data = b"\xef\xbb\xbf" + text.encode("utf-8")
    parsed = parse_file(data, "x.csv")
    non_empty = [r for r in rows if any(" ".join(c.split()) for c in r)]
    assert parsed.rows_read == len(non_empty)
    assert len(parsed.rows) + parsed.duplicates + len(parsed.invalid) == parsed.rows_read
    assert len({r.phone for r in parsed.rows}) == len(parsed.rows)
    for row in parsed.rows:
        assert normalise_phone(row.phone) == row.phone


# ---------------------------------------------------------------------------- hostile sizes


def zip_bomb(cells: int = 600_000) -> bytes:
    """A real workbook whose sheet is one phone header and rows of identical cells: tens of megabytes of XML
    that pack into a few hundred kilobytes (the 0.41 MB file of the report took 837 MB to read)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx([["Telefon"], ["070-174 06 05"]])))
    row = '<c t="inlineStr"><is><t>0</t></is></c>' * 16_000
    rows = "".join(f"<row>{row}</row>" for _ in range(cells // 16_000))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f'<row><c t="inlineStr"><is><t>Telefon</t></is></c></row>{rows}</sheetData></worksheet>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            data = sheet.encode() if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            bomb.writestr(item.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    data = zip_bomb()
    assert len(data) < 500_000
    with pytest.raises(ImportFormatError) as raised:
        parse_file(data, "lista.xlsx")
    assert raised.value.key == "campaigns.import.error.unpacks_too_large"
    assert raised.value.values == {"megabytes": 200, "ratio": 100}


def test_a_workbook_unpacking_beyond_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(importer, "MAX_UNPACKED_BYTES", 4_000)  # an ordinary small workbook unpacks to ~5 kB
    with pytest.raises(ImportFormatError) as raised:
        parse_file(xlsx([["Telefon"], ["070-174 06 05"]]), "lista.xlsx")
    assert raised.value.key == "campaigns.import.error.unpacks_too_large"


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_rows_and_columns_are_capped(monkeypatch, form):
    def table(rows: list[list[object]]) -> bytes:
        return xlsx(rows) if form == "xlsx" else "\r\n".join(";".join(map(str, r)) for r in rows).encode()

    wide = [["Telefon", *(f"k{n}" for n in range(99)), "en för mycket"], ["070-174 06 05", *range(100)]]
    with pytest.raises(ImportFormatError) as raised:
        parse_file(table(wide), f"lista.{form}")
    assert (raised.value.key, raised.value.values) == ("campaigns.import.error.too_many_columns", {"limit": 100})
    trailing_empty = [[*row[:100], ""] for row in wide]
    assert parse_file(table(trailing_empty), f"lista.{form}").rows_read == 1

    monkeypatch.setattr(importer, "MAX_TABLE_ROWS", 50)  # blank rows count towards the rows read at all
    blank = [["Telefon"], *([[""]] * 60), ["070-174 06 05"]]
    with pytest.raises(ImportFormatError) as raised:
        parse_file(table(blank), f"lista.{form}")
    assert raised.value.key == "campaigns.import.error.too_many_rows"


def test_only_as_many_extra_columns_are_kept_as_the_card_shows():
    header = ["Telefon", *(f"Fält {n}" for n in range(12))]
    parsed = parse_file(xlsx([header, ["070-174 06 05", *(f"värde {n}" for n in range(12))]]), "lista.xlsx")
    assert list(parsed.rows[0].extra) == [f"Fält {n}" for n in range(importer.MAX_EXTRA_FIELDS)]
